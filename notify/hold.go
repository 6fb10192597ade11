package notify

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/missionplanner/missionplanner/models"
)

// Hold stops the mission's messages from going: new ones wait in the outbox as held.
func (s *Service) Hold(ctx context.Context, actor *models.User, missionID uint) error {
	return s.store.HoldSending(ctx, actor, missionID)
}

// Release ends a hold and queues what it held. A delegate's held change notices become one message
// saying where each meeting was before the hold and where it is now (a meeting moved and moved back
// is left out, and so is a notice left with nothing to say). It returns how many messages it queued.
func (s *Service) Release(ctx context.Context, actor *models.User, missionID uint) (int, error) {
	queued := 0
	err := s.store.WithTx(ctx, func(tx *models.Store) error {
		held, err := tx.ReleaseSending(ctx, actor, missionID)
		if err != nil || len(held) == 0 {
			return err
		}
		notices := map[uint][]*models.Notification{}
		var send []*models.Notification
		for i := range held {
			n := &held[i]
			if n.Kind == models.NoticeChanges && n.DelegateID != nil {
				notices[*n.DelegateID] = append(notices[*n.DelegateID], n)
				continue
			}
			send = append(send, n)
		}
		for did, ns := range notices {
			if len(ns) == 1 {
				send = append(send, ns[0])
				continue
			}
			keep, err := s.mergeNotices(ctx, tx, missionID, did, ns)
			if err != nil {
				return err
			}
			if keep != nil {
				send = append(send, keep)
			}
		}
		for _, n := range send {
			if err := s.enqueue(ctx, tx, n); err != nil {
				return err
			}
		}
		queued = len(send)
		return nil
	})
	return queued, err
}

// mergeNotices folds a delegate's held change notices (oldest first) into the newest one, superseding
// the others; it returns nil when nothing is left to say.
func (s *Service) mergeNotices(ctx context.Context, tx *models.Store, missionID, delegateID uint, ns []*models.Notification) (*models.Notification, error) {
	merged := map[uint]*changeLine{}
	var order []uint
	for _, n := range ns {
		var lines []changeLine
		if err := json.Unmarshal([]byte(n.Changes), &lines); err != nil {
			return nil, fmt.Errorf("notify: changes of notification %d: %w", n.ID, err)
		}
		for _, l := range lines {
			cur, ok := merged[l.MeetingID]
			if !ok {
				cp := l
				merged[l.MeetingID] = &cp
				order = append(order, l.MeetingID)
				continue
			}
			was := cur.Was
			*cur = l
			cur.Was = was
		}
	}
	var lines []changeLine
	for _, id := range order {
		l := *merged[id]
		switch {
		case l.Was == nil && l.Now == nil:
			continue
		case l.Was == nil:
			l.Kind = changeNew
		case l.Now == nil:
			l.Kind = changeCancelled
		case l.Was.Same(*l.Now):
			continue
		default:
			l.Kind = changeMoved
		}
		lines = append(lines, l)
	}
	last := ns[len(ns)-1]
	for _, n := range ns[:len(ns)-1] {
		if err := tx.SupersedeNotification(ctx, n.ID); err != nil {
			return nil, err
		}
	}
	if len(lines) == 0 {
		return nil, tx.SupersedeNotification(ctx, last.ID)
	}
	m, err := tx.Mission(ctx, missionID)
	if err != nil {
		return nil, err
	}
	d, err := tx.Delegate(ctx, delegateID)
	if err != nil {
		return nil, err
	}
	r, err := tx.Registration(ctx, d.RegistrationID)
	if err != nil {
		return nil, err
	}
	firm := ""
	if r.Firm != nil {
		firm = r.Firm.CompanyName
	}
	if err := s.composeChanges(last, m, d, firm, lines); err != nil {
		return nil, err
	}
	return last, tx.UpdateNotificationBody(ctx, last)
}
