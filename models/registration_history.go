package models

import (
	"encoding/json"
	"fmt"
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
