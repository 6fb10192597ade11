package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AddNotification records a message in the outbox unless one with the same idempotency key is there
// already (then it reports false and leaves n unsaved): recording the same message twice never
// sends it twice.
func (s *Store) AddNotification(ctx context.Context, n *Notification) (bool, error) {
	now := time.Now().UTC()
	n.CreatedAt, n.UpdatedAt = now, now
	res := s.DB(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "idempotency_key"}}, DoNothing: true}).Omit("id").Create(n)
	if res.Error != nil {
		return false, fmt.Errorf("store: add notification %s: %w", n.IdempotencyKey, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SetNotificationJob records the job that delivers a notification, and that it is queued.
func (s *Store) SetNotificationJob(ctx context.Context, id uint, jobID int64) error {
	err := s.DB(ctx).Model(&Notification{}).Where("id = ?", id).Updates(map[string]any{"job_id": jobID, "status": NotificationQueued, "updated_at": time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("store: set job of notification %d: %w", id, err)
	}
	return nil
}

// Notification loads one message.
func (s *Store) Notification(ctx context.Context, id uint) (*Notification, error) {
	var n Notification
	if err := s.DB(ctx).First(&n, id).Error; err != nil {
		return nil, notFound(err, "load notification")
	}
	return &n, nil
}

// NotificationSent records that the SMTP server took a message, by which job and when, and audits it.
func (s *Store) NotificationSent(ctx context.Context, id uint, jobID int64, at time.Time) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var n Notification
		if err := tx.DB(ctx).First(&n, id).Error; err != nil {
			return notFound(err, "load notification")
		}
		err := tx.DB(ctx).Model(&Notification{}).Where("id = ?", id).Updates(map[string]any{
			"status": NotificationSent, "sent_at": at.UTC(), "job_id": jobID, "attempts": gorm.Expr("attempts + 1"), "last_error": "", "updated_at": time.Now().UTC()}).Error
		if err != nil {
			return fmt.Errorf("store: mark notification %d sent: %w", id, err)
		}
		return tx.Audit(ctx, nil, "send", "notification", id, n.MissionID, nil, map[string]any{
			"to": n.RecipientEmail, "subject": n.Subject, "kind": n.Kind, "sent_at": at.UTC(), "job_id": jobID})
	})
}

// NotificationFailed records a failed attempt and its error (the job retries it).
func (s *Store) NotificationFailed(ctx context.Context, id uint, jobID int64, msg string) error {
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	err := s.DB(ctx).Model(&Notification{}).Where("id = ? AND status <> ?", id, NotificationSent).Updates(map[string]any{
		"status": NotificationFailed, "job_id": jobID, "attempts": gorm.Expr("attempts + 1"), "last_error": msg, "updated_at": time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("store: mark notification %d failed: %w", id, err)
	}
	return nil
}

// NotificationFilter narrows the outbox.
type NotificationFilter struct {
	MissionID uint   // 0 for every mission (admins)
	Status    string // "" for all
}

// Notifications lists messages, newest first, a page at a time.
func (s *Store) Notifications(ctx context.Context, f NotificationFilter, p Page) ([]Notification, int64, error) {
	p = p.Normalise()
	q := s.DB(ctx).Model(&Notification{})
	if f.MissionID != 0 {
		q = q.Where("mission_id = ?", f.MissionID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count notifications: %w", err)
	}
	var out []Notification
	err := q.Omit("body_text", "body_html", "attachments", "changes").Order("created_at DESC, id DESC").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, notFound(err, "list notifications")
}

// NotificationCounts counts a mission's messages (0 for all) in each status.
func (s *Store) NotificationCounts(ctx context.Context, missionID uint) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	q := s.DB(ctx).Model(&Notification{}).Select("status, COUNT(*) AS n")
	if missionID != 0 {
		q = q.Where("mission_id = ?", missionID)
	}
	if err := q.Group("status").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: count notifications by status: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// SendingHeld reports whether staff hold the mission's messages.
func (s *Store) SendingHeld(ctx context.Context, missionID uint) (bool, error) {
	var n int64
	if err := s.DB(ctx).Model(&NotificationHold{}).Where("mission_id = ?", missionID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: read hold of mission %d: %w", missionID, err)
	}
	return n > 0, nil
}

// HoldSending stops the mission's messages from going until ReleaseSending; new ones wait as held.
func (s *Store) HoldSending(ctx context.Context, actor *User, missionID uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if _, err := tx.LockMission(ctx, missionID); err != nil {
			return err
		}
		hold := NotificationHold{MissionID: missionID, CreatedAt: time.Now().UTC()}
		if actor != nil {
			hold.HeldBy = &actor.ID
		}
		res := tx.DB(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&hold)
		if res.Error != nil {
			return fmt.Errorf("store: hold mission %d: %w", missionID, res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return tx.Audit(ctx, actor, "hold_notifications", "mission", missionID, &missionID, nil, nil)
	})
}

// ReleaseSending ends a hold inside tx (the mission lock taken) and returns the held messages, oldest
// first, for the caller to queue in the same transaction.
func (s *Store) ReleaseSending(ctx context.Context, actor *User, missionID uint) ([]Notification, error) {
	if _, err := s.LockMission(ctx, missionID); err != nil {
		return nil, err
	}
	res := s.DB(ctx).Where("mission_id = ?", missionID).Delete(&NotificationHold{})
	if res.Error != nil {
		return nil, fmt.Errorf("store: release mission %d: %w", missionID, res.Error)
	}
	var held []Notification
	if err := s.DB(ctx).Where("mission_id = ? AND status = ?", missionID, NotificationHeld).Order("created_at, id").Find(&held).Error; err != nil {
		return nil, fmt.Errorf("store: list held notifications: %w", err)
	}
	if res.RowsAffected == 0 && len(held) == 0 {
		return nil, nil
	}
	return held, s.Audit(ctx, actor, "release_notifications", "mission", missionID, &missionID, nil, map[string]int{"held": len(held)})
}

// SupersedeNotification marks a held message as replaced by a later one that says the same and more.
func (s *Store) SupersedeNotification(ctx context.Context, id uint) error {
	err := s.DB(ctx).Model(&Notification{}).Where("id = ? AND status = ?", id, NotificationHeld).Updates(map[string]any{"status": NotificationSuperseded, "updated_at": time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("store: supersede notification %d: %w", id, err)
	}
	return nil
}

// UpdateNotificationBody replaces a held message's content (when held notices are merged).
func (s *Store) UpdateNotificationBody(ctx context.Context, n *Notification) error {
	err := s.DB(ctx).Model(&Notification{}).Where("id = ?", n.ID).Updates(map[string]any{
		"subject": n.Subject, "body_text": n.BodyText, "body_html": n.BodyHTML, "attachments": n.Attachments, "changes": n.Changes,
		"updated_at": time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("store: update notification %d: %w", n.ID, err)
	}
	return nil
}

// NotificationPreferenceOf returns the delegate's choices, creating them (everything on, with a new
// unsubscribe token) the first time.
func (s *Store) NotificationPreferenceOf(ctx context.Context, delegateID uint) (*NotificationPreference, error) {
	var p NotificationPreference
	err := s.DB(ctx).Where("delegate_id = ?", delegateID).First(&p).Error
	if err == nil {
		return &p, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("store: load notification preferences: %w", err)
	}
	p = NotificationPreference{DelegateID: delegateID, Changes: true, Agenda: true, UnsubscribeToken: RandomToken(24), UpdatedAt: time.Now().UTC()}
	if err := s.DB(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&p).Error; err != nil {
		return nil, fmt.Errorf("store: create notification preferences: %w", err)
	}
	// Another transaction may have created them meanwhile: read what is stored.
	if err := s.DB(ctx).Where("delegate_id = ?", delegateID).First(&p).Error; err != nil {
		return nil, fmt.Errorf("store: load notification preferences: %w", err)
	}
	return &p, nil
}

// SaveNotificationPreference stores a delegate's choices.
func (s *Store) SaveNotificationPreference(ctx context.Context, actor *User, delegateID uint, changes, agenda bool) error {
	return s.WithTx(ctx, func(tx *Store) error {
		p, err := tx.NotificationPreferenceOf(ctx, delegateID)
		if err != nil {
			return err
		}
		before := map[string]bool{"changes": p.Changes, "agenda": p.Agenda}
		err = tx.DB(ctx).Model(&NotificationPreference{}).Where("delegate_id = ?", delegateID).Updates(map[string]any{"changes": changes, "agenda": agenda, "updated_at": time.Now().UTC()}).Error
		if err != nil {
			return fmt.Errorf("store: save notification preferences: %w", err)
		}
		return tx.Audit(ctx, actor, "notification_preferences", "delegate", delegateID, nil, before, map[string]bool{"changes": changes, "agenda": agenda})
	})
}

// PreferenceByToken finds the choices an unsubscribe link belongs to, with the delegate.
func (s *Store) PreferenceByToken(ctx context.Context, token string) (*NotificationPreference, *Delegate, error) {
	if token == "" {
		return nil, nil, ErrNotFound
	}
	var p NotificationPreference
	if err := s.DB(ctx).Where("unsubscribe_token = ?", token).First(&p).Error; err != nil {
		return nil, nil, notFound(err, "find unsubscribe token")
	}
	var d Delegate
	if err := s.DB(ctx).First(&d, p.DelegateID).Error; err != nil {
		return nil, nil, notFound(err, "load delegate")
	}
	return &p, &d, nil
}

// Unsubscribe turns off one optional kind of message for the delegate whose link token is.
func (s *Store) Unsubscribe(ctx context.Context, token, kind string) (*Delegate, error) {
	if !OptionalNotice(kind) {
		return nil, FieldErrors{"kind": "Choose which emails to stop"}
	}
	p, d, err := s.PreferenceByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	changes, agenda := p.Changes, p.Agenda
	if kind == NoticeChanges {
		changes = false
	} else {
		agenda = false
	}
	return d, s.SaveNotificationPreference(ctx, nil, d.ID, changes, agenda)
}

// WaitlistPlace is r's place in its mission's wait list (1 is next to move up), or 0 when r is not on it.
func (s *Store) WaitlistPlace(ctx context.Context, r *Registration) (int, error) {
	if r.Status != StatusWaitlisted {
		return 0, nil
	}
	var n int64
	err := s.DB(ctx).Model(&Registration{}).Where("mission_id = ? AND status = ? AND (status_changed_at < ? OR (status_changed_at = ? AND id <= ?))",
		r.MissionID, StatusWaitlisted, r.StatusChangedAt.UTC(), r.StatusChangedAt.UTC(), r.ID).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: wait list place of registration %d: %w", r.ID, err)
	}
	return int(n), nil
}

// MissionsOnDate lists the open or closed missions (not drafts, not completed) whose days include d.
func (s *Store) MissionsOnDate(ctx context.Context, d Date) ([]Mission, error) {
	var out []Mission
	err := s.DB(ctx).Where("start_date <= ? AND end_date >= ? AND status IN ?", d, d, []string{"open", "closed"}).Order("id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: missions on %s: %w", d, err)
	}
	return out, nil
}

// ActiveMissions lists the missions that are open or closed (under way or about to be).
func (s *Store) ActiveMissions(ctx context.Context) ([]Mission, error) {
	var out []Mission
	if err := s.DB(ctx).Where("status IN ?", []string{"open", "closed"}).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: active missions: %w", err)
	}
	return out, nil
}

// DelegatesOf lists the delegates of the registrations, by registration and name.
func (s *Store) DelegatesOf(ctx context.Context, registrationIDs []uint) ([]Delegate, error) {
	var out []Delegate
	if len(registrationIDs) == 0 {
		return nil, nil
	}
	err := s.DB(ctx).Where("registration_id IN ?", registrationIDs).Order("registration_id, full_name, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: delegates of registrations: %w", err)
	}
	return out, nil
}

// PreferencesOf returns the choices of the delegates (created on first use), by delegate id.
func (s *Store) PreferencesOf(ctx context.Context, delegateIDs []uint) (map[uint]*NotificationPreference, error) {
	out := make(map[uint]*NotificationPreference, len(delegateIDs))
	if len(delegateIDs) == 0 {
		return out, nil
	}
	var rows []NotificationPreference
	if err := s.DB(ctx).Where("delegate_id IN ?", delegateIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: load notification preferences: %w", err)
	}
	for i := range rows {
		out[rows[i].DelegateID] = &rows[i]
	}
	for _, id := range delegateIDs {
		if _, ok := out[id]; !ok {
			p, err := s.NotificationPreferenceOf(ctx, id)
			if err != nil {
				return nil, err
			}
			out[id] = p
		}
	}
	return out, nil
}

// ContactsByID loads the contacts with the ids, by id.
func (s *Store) ContactsByID(ctx context.Context, ids []uint) (map[uint]Contact, error) {
	out := make(map[uint]Contact, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Contact
	if err := s.DB(ctx).Where("id IN ?", ids).Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: load contacts: %w", err)
	}
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}
