package models

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// UpdateOwnNeeds saves a delegate's own dietary requirements and access needs.
func (s *Store) UpdateOwnNeeds(ctx context.Context, actor *User, delegateID uint, dietary, access string) error {
	d := Delegate{DietaryRequirements: strings.TrimSpace(dietary), AccessNeeds: strings.TrimSpace(access)}
	errs := FieldErrors{}
	if len(d.DietaryRequirements) > 1000 {
		errs.Add("dietary_requirements", "Dietary requirements must be 1000 characters or fewer")
	}
	if len(d.AccessNeeds) > 1000 {
		errs.Add("access_needs", "Access needs must be 1000 characters or fewer")
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
			"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds, "updated_at": time.Now().UTC(),
		}).Error
		if err != nil {
			return fmt.Errorf("store: update own needs: %w", err)
		}
		return tx.Audit(ctx, actor, "update_needs", "delegate", delegateID, &before.MissionID,
			map[string]string{"dietary_requirements": before.DietaryRequirements, "access_needs": before.AccessNeeds},
			map[string]string{"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds})
	})
}
