package privacy

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/models"
)

// Removal is one retention removal the job carried out.
type Removal struct {
	MissionID uint
	Kind      string // models.RetentionPersonalData or models.RetentionNeeds
	Delegates int    // delegate records emptied of the fields
	Segments  int    // flights and trains removed
	Audit     int    // audit events whose copies were scrubbed
}

// retentionKeys are the audit log keys each kind of removal scrubs from the copies of a mission's
// delegates and their travel.
var retentionKeys = map[string][]string{
	models.RetentionPersonalData: {"phone", "travel_segments", "carrier", "number", "from", "to", "departs_at", "arrives_at"},
	models.RetentionNeeds: {"dietary_requirements", "access_needs", "passport_nationality", "passport_expires", "passport_last4",
		"esta_status", "esta_expires", "mobile_abroad", "emergency_contact_name", "emergency_contact_relationship", "emergency_contact_phone",
		"hotel_id", "arrives_on", "departs_on", "room", "confirmation"},
}

// readinessColumns are the delegates' readiness columns the needs removal empties with the needs:
// travel documents, mobile abroad and emergency contact (issue 15). Hotel bookings go too.
var readinessColumns = map[string]any{
	"passport_nationality": "", "passport_expires": nil, "passport_last4": "", "esta_status": "", "esta_expires": nil,
	"mobile_abroad": "", "emergency_contact_name": "", "emergency_contact_relationship": "", "emergency_contact_phone": "",
}

// Purge applies every mission's retention settings as of now: once a removal's day has come, its fields
// are emptied (needs: dietary requirements and access needs, with the travel documents, emergency
// contacts and hotel bookings of issue 15; personal data: phone numbers and flights,
// and the audit log's copies of both). Each removal runs in its own transaction, claimed by stamping
// the mission only where it is not stamped yet, so that of several instances running the job at once
// exactly one carries it out (PostgreSQL re-checks the condition after waiting for the row; SQLite's
// writers queue). Names, emails, job titles, registrations and meetings stay (see docs/decisions.md).
func (s *Service) Purge(ctx context.Context, now time.Time) ([]Removal, error) {
	var pending []models.Mission
	if err := s.store.DB(ctx).Where("personal_data_removed_at IS NULL OR needs_removed_at IS NULL").Order("id").Find(&pending).Error; err != nil {
		return nil, fmt.Errorf("privacy: missions awaiting removal: %w", err)
	}
	var done []Removal
	for _, m := range pending {
		for _, kind := range []string{models.RetentionNeeds, models.RetentionPersonalData} {
			on, stamp := m.NeedsRemovalDate(), m.NeedsRemovedAt
			if kind == models.RetentionPersonalData {
				on, stamp = m.PersonalDataRemovalDate(), m.PersonalDataRemovedAt
			}
			if stamp != nil || !m.RetentionDue(on, now) {
				continue
			}
			r, err := s.remove(ctx, m.ID, kind, now)
			if err != nil {
				return done, err
			}
			if r != nil {
				done = append(done, *r)
			}
		}
	}
	return done, nil
}

// remove carries out one removal, or answers nil when another instance has claimed it.
func (s *Service) remove(ctx context.Context, missionID uint, kind string, now time.Time) (*Removal, error) {
	now = now.UTC()
	stamp := "needs_removed_at"
	if kind == models.RetentionPersonalData {
		stamp = "personal_data_removed_at"
	}
	var out *Removal
	err := s.store.WithTx(ctx, func(tx *models.Store) error {
		db := tx.DB(ctx)
		claim := db.Exec("UPDATE missions SET "+stamp+" = ? WHERE id = ? AND "+stamp+" IS NULL", now, missionID)
		if claim.Error != nil || claim.RowsAffected == 0 {
			return claim.Error
		}
		r := &Removal{MissionID: missionID, Kind: kind}
		delegates := db.Table("delegates").Select("id").Where("mission_id = ?", missionID)
		var res *gorm.DB
		if kind == models.RetentionNeeds {
			res = db.Exec("UPDATE delegates SET dietary_requirements = '', access_needs = '', updated_at = ? WHERE mission_id = ? AND (dietary_requirements <> '' OR access_needs <> '')", now, missionID)
			if res.Error == nil {
				needs := res.RowsAffected
				res = db.Table("delegates").Where("mission_id = ?", missionID).UpdateColumns(readinessColumns)
				if res.Error == nil {
					res = db.Exec("DELETE FROM hotel_bookings WHERE delegate_id IN (?)", delegates)
				}
				res.RowsAffected = needs
			}
		} else {
			res = db.Exec("UPDATE delegates SET phone = '', updated_at = ? WHERE mission_id = ? AND phone <> ''", now, missionID)
			if res.Error == nil {
				r.Delegates = int(res.RowsAffected)
				res = db.Exec("DELETE FROM travel_segments WHERE delegate_id IN (?)", delegates)
				r.Segments = int(res.RowsAffected)
			}
		}
		if res.Error != nil {
			return res.Error
		}
		if kind == models.RetentionNeeds {
			r.Delegates = int(res.RowsAffected)
		}
		n, err := scrubMissionAudit(db, missionID, retentionKeys[kind])
		if err != nil {
			return err
		}
		r.Audit = n
		out = r
		return tx.Audit(ctx, nil, "retention_"+kind, "mission", missionID, &missionID, nil, map[string]any{
			"delegates": r.Delegates, "travel_segments": r.Segments, "audit_events": r.Audit,
		})
	})
	if err != nil {
		return nil, fmt.Errorf("privacy: remove %s of mission %d: %w", kind, missionID, err)
	}
	return out, nil
}

// scrubMissionAudit replaces keys in the audit log's copies of the mission's delegates and travel.
func scrubMissionAudit(db *gorm.DB, missionID uint, keys []string) (int, error) {
	var events []models.AuditEvent
	err := db.Where("mission_id = ? AND entity IN ?", missionID, []string{"delegate", "travel_segment", "hotel_booking"}).Find(&events).Error
	if err != nil {
		return 0, fmt.Errorf("audit events: %w", err)
	}
	sc := newScrubber(nil, keys...)
	n := 0
	for _, ev := range events {
		before, c1 := sc.text(ev.Before)
		after, c2 := sc.text(ev.After)
		if !c1 && !c2 {
			continue
		}
		if err := db.Model(&models.AuditEvent{}).Where("id = ?", ev.ID).UpdateColumns(map[string]any{"before": before, "after": after}).Error; err != nil {
			return n, fmt.Errorf("audit event %d: %w", ev.ID, err)
		}
		n++
	}
	return n, nil
}

// RunRetention runs Purge at start and then every interval until ctx ends, reading the time from now.
// Several instances may run it at once (see Purge).
func (s *Service) RunRetention(ctx context.Context, every time.Duration, now func() time.Time, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		done, err := s.Purge(ctx, now())
		if err != nil && ctx.Err() == nil {
			log.Warn("retention: removing personal data past its date failed", "err", err)
		}
		for _, r := range done {
			log.Info("retention: removed personal data", "mission", r.MissionID, "kind", r.Kind, "delegates", r.Delegates, "travel_segments", r.Segments)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
