package models

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// UpdateOwnNeeds saves a delegate's own dietary requirements and access needs, checked by the same
// rules (Delegate's validate tags, which count characters) as the staff form.
func (s *Store) UpdateOwnNeeds(ctx context.Context, actor *User, delegateID uint, dietary, access string, now time.Time) error {
	d := Delegate{DietaryRequirements: strings.TrimSpace(dietary), AccessNeeds: strings.TrimSpace(access)}
	errs := FieldErrors{}
	all := Validate(&d) // the other fields are empty here: keep only the two being saved
	for _, field := range []string{"dietary_requirements", "access_needs"} {
		if msg, ok := all[field]; ok {
			errs.Add(field, msg)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.AccessDelegate(ctx, 0, 0, delegateID)
		if err != nil {
			return err
		}
		err = tx.DB(ctx).Model(&Delegate{}).Where("id = ?", delegateID).UpdateColumns(map[string]any{
			"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds, "updated_at": now.UTC(),
		}).Error
		if err != nil {
			return fmt.Errorf("store: update own needs: %w", err)
		}
		return tx.Audit(ctx, actor, "update_needs", "delegate", delegateID, &before.MissionID,
			map[string]string{"dietary_requirements": before.DietaryRequirements, "access_needs": before.AccessNeeds},
			map[string]string{"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds})
	})
}
