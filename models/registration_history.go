package models

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// HistoryEntry is one line of a registration's history, from the audit log.
type HistoryEntry struct {
	At    time.Time
	Actor string
	Text  string
}

// RegistrationHistory turns a registration's audit events (oldest first) into sentences.
func RegistrationHistory(events []AuditEvent) []HistoryEntry {
	out := make([]HistoryEntry, 0, len(events))
	for _, ev := range events {
		var before, after map[string]any
		_ = json.Unmarshal([]byte(ev.Before), &before)
		_ = json.Unmarshal([]byte(ev.After), &after)
		status := func(m map[string]any) string {
			s, _ := m["status"].(string)
			return Label(RegistrationStatuses, s)
		}
		var text string
		switch ev.Action {
		case "create":
			text = "Registered: " + status(after)
		case "status":
			text = fmt.Sprintf("Status changed from %s to %s", status(before), status(after))
			if full, _ := after["full"].(bool); full {
				text += " (approval asked for, but the mission was full)"
			}
		case "promote":
			reason, _ := after["reason"].(string)
			text = fmt.Sprintf("Moved up from the wait list: %s to %s", status(before), status(after))
			if reason != "" {
				text += " (" + reason + ")"
			}
		case "update":
			text = "Objectives, target sectors or organisations to meet changed"
		default:
			text = ev.Action
		}
		out = append(out, HistoryEntry{At: ev.CreatedAt, Actor: ev.Actor, Text: text})
	}
	return out
}

// RegistrationHistoryOf is a registration's whole history, oldest first: its own events (as
// RegistrationHistory words them) and those of its delegates (their invitations included), their
// flights, its meetings and its calendar links, each described as the audit trail does (at most the
// latest 500 of those).
func (s *Store) RegistrationHistoryOf(ctx context.Context, r *Registration) ([]HistoryEntry, error) {
	own, err := s.AuditTrail(ctx, "registration", r.ID)
	if err != nil {
		return nil, err
	}
	out := RegistrationHistory(own)
	// One query: the events of the records that belong to the registration now.
	var events []AuditEvent
	err = s.DB(ctx).Where("(entity = 'delegate' AND entity_id IN (SELECT id FROM delegates WHERE registration_id = ?)) OR "+
		"(entity = 'meeting' AND entity_id IN (SELECT id FROM meetings WHERE registration_id = ?)) OR "+
		"(entity = 'calendar_feed' AND entity_id IN (SELECT id FROM calendar_feeds WHERE registration_id = ?)) OR "+
		"(entity = 'travel_segment' AND entity_id IN (SELECT travel_segments.id FROM travel_segments JOIN delegates ON delegates.id = travel_segments.delegate_id WHERE delegates.registration_id = ?))",
		r.ID, r.ID, r.ID, r.ID).Order("created_at DESC, id DESC").Limit(500).Find(&events).Error
	if err != nil {
		return nil, fmt.Errorf("store: history of registration %d: %w", r.ID, err)
	}
	lines, err := s.DescribeAudit(ctx, events)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		text := l.What
		var parts []string
		for _, c := range l.Changes {
			parts = append(parts, c.Field+": "+c.Old+" → "+c.New)
		}
		if len(parts) > 0 {
			text += " (" + strings.Join(parts, "; ") + ")"
		}
		out = append(out, HistoryEntry{At: l.Event.CreatedAt, Actor: l.Who, Text: text})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
