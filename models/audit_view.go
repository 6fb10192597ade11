package models

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Operator names who acts when there is no signed-in user: the command line says who runs it.
type Operator struct {
	UserID *uint
	Label  string // an account's email, or "cli:<OS user>"
}

type operatorKey struct{}

// WithOperator records who runs a command, for the audit events written without a user.
func WithOperator(ctx context.Context, op Operator) context.Context {
	return context.WithValue(ctx, operatorKey{}, op)
}

func operatorOf(ctx context.Context) (Operator, bool) {
	op, ok := ctx.Value(operatorKey{}).(Operator)
	return op, ok && op.Label != ""
}

// AuditRecord names records of one kind, for the history of a registration.
type AuditRecord struct {
	Entity string
	IDs    []uint
}

// AuditFilter narrows the audit trail; zero fields do not filter.
type AuditFilter struct {
	MissionID uint
	Actor     string        // who acted: an account's email or a command-line operator
	Entity    string        // the kind of record: meeting, registration…
	From, To  Date          // days (UTC), inclusive
	Records   []AuditRecord // any of these records
}

// AuditEvents lists the events matching f, newest first, a page at a time.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter, p Page) ([]AuditEvent, int64, error) {
	p = p.Normalise()
	q := s.DB(ctx).Model(&AuditEvent{})
	if f.MissionID != 0 {
		q = q.Where("mission_id = ?", f.MissionID)
	}
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if !f.From.IsZero() {
		q = q.Where("created_at >= ?", f.From.Time)
	}
	if !f.To.IsZero() {
		q = q.Where("created_at < ?", f.To.Time.AddDate(0, 0, 1))
	}
	if len(f.Records) > 0 {
		var conds []string
		var args []any
		for _, r := range f.Records {
			if len(r.IDs) > 0 {
				conds = append(conds, "(entity = ? AND entity_id IN ?)")
				args = append(args, r.Entity, r.IDs)
			}
		}
		if len(conds) == 0 {
			return nil, 0, nil
		}
		q = q.Where(strings.Join(conds, " OR "), args...)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count audit events: %w", err)
	}
	var out []AuditEvent
	err := q.Order("created_at DESC, id DESC").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, notFound(err, "audit log")
}

// AuditActors lists who appears in the audit trail, for the filter.
func (s *Store) AuditActors(ctx context.Context) ([]string, error) {
	var out []string
	err := s.DB(ctx).Model(&AuditEvent{}).Distinct("actor").Order("actor").Pluck("actor", &out).Error
	return out, notFound(err, "audit actors")
}

// AuditEntities are the kinds of record the audit trail names, in words.
var AuditEntities = []Option{
	{Code: "calendar_feed", Label: "Calendar link"}, {Code: "contact", Label: "Contact"}, {Code: "delegate", Label: "Delegate"},
	{Code: "firm", Label: "Firm"}, {Code: "follow_up", Label: "Follow-up survey"}, {Code: "invitation", Label: "Invitation"}, {Code: "location", Label: "Location"},
	{Code: "meeting", Label: "Meeting"}, {Code: "mission", Label: "Mission"}, {Code: "programme_item", Label: "Programme item"},
	{Code: "registration", Label: "Registration"}, {Code: "travel_segment", Label: "Flight or train"},
	{Code: "travel_time", Label: "Travel time"}, {Code: "user", Label: "Account"},
}

// FieldChange is one field of a record before and after an event, for people.
type FieldChange struct{ Field, Old, New string }

// AuditLine is an audit event for people: names, not ids; times in the mission's zone with UK time.
type AuditLine struct {
	Event      AuditEvent
	Who        string
	What       string // "Changed meeting: Alpha Widgets Ltd with Carla Diaz"
	Link       string // the record's page, when it has one and still exists
	When, Home string
	Changes    []FieldChange
}

// auditSkip are fields that say nothing to people.
var auditSkip = map[string]bool{"id": true, "created_at": true, "updated_at": true, "mission_id": true, "password_hash": true,
	"token": true, "token_hash": true, "firm": true, "delegates": true, "travel_segments": true, "status_changed_at": true}

// auditRefs are fields holding the id of another record, and that record's kind.
var auditRefs = map[string]string{"registration_id": "registration", "contact_id": "contact", "location_id": "location",
	"delegate_id": "delegate", "firm_id": "firm", "user_id": "user", "hotel_id": "hotel", "freed_by": "registration"}

// auditLists are the lists whose codes a field holds, to show their labels.
var auditLists = map[string][][]Option{"status": {RegistrationStatuses, MeetingStatuses}, "sector": {Sectors},
	"organisation_type": {OrganisationTypes}, "kind": {ProgrammeKinds}}

// DescribeAudit turns events into lines people can read: each record and reference named, times in
// the event's mission's zone (UK time beside), and the fields that changed, old → new.
func (s *Store) DescribeAudit(ctx context.Context, events []AuditEvent) ([]AuditLine, error) {
	type parsed struct{ before, after map[string]any }
	ps := make([]parsed, len(events))
	want := map[string]map[uint]bool{}
	need := func(kind string, id uint) {
		if id == 0 {
			return
		}
		if want[kind] == nil {
			want[kind] = map[uint]bool{}
		}
		want[kind][id] = true
	}
	for i, ev := range events {
		ps[i].before, ps[i].after = auditObject(ev.Before), auditObject(ev.After)
		need(ev.Entity, ev.EntityID)
		if ev.MissionID != nil {
			need("mission", *ev.MissionID)
		}
		if ev.UserID != nil {
			need("user", *ev.UserID)
		}
		for _, m := range []map[string]any{ps[i].before, ps[i].after} {
			for k, v := range m {
				if kind, ok := auditRefs[k]; ok {
					if n, ok := v.(float64); ok {
						need(kind, uint(n))
					}
				}
			}
		}
	}
	names, missions, err := s.auditNames(ctx, want)
	if err != nil {
		return nil, err
	}
	out := make([]AuditLine, len(events))
	for i, ev := range events {
		zone, home := time.UTC, loadZone("Europe/London")
		if ev.MissionID != nil {
			if m, ok := missions[*ev.MissionID]; ok {
				zone, home = m.Zone(), m.HomeZone()
			}
		}
		l := AuditLine{Event: ev, Who: ev.Actor}
		if ev.UserID != nil {
			if n, ok := names["user"][*ev.UserID]; ok {
				l.Who = n
			}
		}
		if l.Who == "system" {
			l.Who = "The application (no one signed in)"
			if ev.Action == "answer follow-up" {
				l.Who = "The firm, through its survey link"
			}
		}
		l.When = InZone(ev.CreatedAt, zone).Format("Mon 2 Jan 2006 15:04 MST")
		l.Home = InZone(ev.CreatedAt, home).Format("15:04 MST")
		if !DateIn(ev.CreatedAt, zone).Equal(DateIn(ev.CreatedAt, home).Time) {
			l.Home = InZone(ev.CreatedAt, home).Format("Mon 2 Jan 15:04 MST")
		}
		kind := strings.ToLower(Label(AuditEntities, ev.Entity))
		l.What = auditVerb(ev.Action) + " " + kind
		if n, ok := names[ev.Entity][ev.EntityID]; ok {
			l.What += ": " + n
			l.Link = auditLink(ev)
		} else if ev.EntityID != 0 {
			l.What += " (since removed)"
		}
		if ev.EntityID == 0 {
			if n, ok := ps[i].after["imported"].(float64); ok {
				l.What += fmt.Sprintf(": %d imported", int(n))
			}
		}
		format := func(k string, v any) string { return auditValue(k, v, names, zone, home) }
		l.Changes = auditChanges(ps[i].before, ps[i].after, format)
		out[i] = l
	}
	return out, nil
}

// auditObject reads an event's before or after: an object, or a list or value kept under "value".
func auditObject(s string) map[string]any {
	if strings.TrimSpace(s) == "" || s == "null" {
		return nil
	}
	var m map[string]any
	if json.Unmarshal([]byte(s), &m) == nil {
		return m
	}
	var v any
	if json.Unmarshal([]byte(s), &v) == nil {
		return map[string]any{"value": v}
	}
	return map[string]any{"value": s}
}

// auditChanges lists the fields whose values differ, in name order.
func auditChanges(before, after map[string]any, format func(string, any) string) []FieldChange {
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		if !auditSkip[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var out []FieldChange
	for _, k := range names {
		o, n := format(k, before[k]), format(k, after[k])
		if o == n {
			continue
		}
		label := strings.ReplaceAll(strings.TrimSuffix(strings.TrimSuffix(k, "_ids"), "_id"), "_", " ")
		out = append(out, FieldChange{Field: strings.ToUpper(label[:1]) + label[1:], Old: o, New: n})
	}
	return out
}

// auditValue writes one value for people: names for references, times in the mission's zone with UK time.
func auditValue(key string, v any, names map[string]map[uint]string, zone, home *time.Location) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case float64:
		if kind, ok := auditRefs[key]; ok {
			if n, ok := names[kind][uint(x)]; ok {
				return n
			}
		}
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	case string:
		if x == "" {
			return "—"
		}
		if lists, ok := auditLists[key]; ok {
			for _, l := range lists {
				if InList(l, x) {
					return Label(l, x)
				}
			}
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil && len(x) > 10 {
			if strings.HasSuffix(key, "_date") || strings.HasSuffix(key, "_on") || strings.HasSuffix(key, "closes") {
				return t.UTC().Format("Mon 2 Jan 2006")
			}
			s := InZone(t, zone).Format("Mon 2 Jan 2006 15:04")
			return s + " (UK " + InZone(t, home).Format("15:04") + ")"
		}
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if m, ok := e.(map[string]any); ok {
				parts[i] = auditWindow(m, zone, home)
				continue
			}
			parts[i] = auditValue(strings.TrimSuffix(key, "s"), e, names, zone, home)
		}
		if len(parts) == 0 {
			return "none"
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return auditWindow(x, zone, home)
	}
	return fmt.Sprint(v)
}

// auditWindow writes a nested record with starts_at and ends_at (availability) as its span, else its fields.
func auditWindow(m map[string]any, zone, home *time.Location) string {
	s, _ := m["starts_at"].(string)
	e, _ := m["ends_at"].(string)
	ts, err1 := time.Parse(time.RFC3339Nano, s)
	te, err2 := time.Parse(time.RFC3339Nano, e)
	if err1 == nil && err2 == nil {
		return FormatSpan(Interval{ts, te}, zone)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if !auditSkip[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + fmt.Sprint(m[k])
	}
	return strings.Join(parts, "; ")
}

// auditLink is the page of an event's record, for the kinds of record that have one of their own.
func auditLink(ev AuditEvent) string {
	if ev.MissionID == nil {
		return ""
	}
	switch ev.Entity {
	case "mission":
		return fmt.Sprintf("/missions/%d", ev.EntityID)
	case "meeting":
		return fmt.Sprintf("/missions/%d/meetings/%d", *ev.MissionID, ev.EntityID)
	case "registration":
		return fmt.Sprintf("/missions/%d/registrations/%d", *ev.MissionID, ev.EntityID)
	case "follow_up":
		return fmt.Sprintf("/missions/%d/follow-ups", *ev.MissionID)
	}
	return ""
}

// auditVerb says what an action did.
func auditVerb(action string) string {
	// A round's opening names its months and firms in the action: "open follow-up round (3 months, 7 firms)".
	if rest, ok := strings.CutPrefix(action, "open follow-up round "); ok {
		return "Opened the follow-up survey round " + rest + " of"
	}
	switch action {
	case "record outcome":
		return "Recorded the outcome of"
	case "correct outcome":
		return "Corrected the outcome of"
	case "answer follow-up":
		return "Answered"
	case "resend follow-up":
		return "Resent"
	case "close follow-up round":
		return "Closed a follow-up survey round of"
	case "follow-up months":
		return "Changed the follow-up survey months of"
	case "create":
		return "Created"
	case "update":
		return "Changed"
	case "delete":
		return "Removed"
	case "status":
		return "Changed the status of"
	case "promote":
		return "Moved up from the wait list:"
	case "book":
		return "Booked"
	case "request":
		return "Requested"
	case "cancel":
		return "Cancelled"
	case "decline":
		return "Declined"
	case "reschedule":
		return "Rescheduled"
	case "unschedule":
		return "Returned to requests:"
	case "lock":
		return "Locked"
	case "unlock":
		return "Unlocked"
	case "import":
		return "Imported"
	case "invite":
		return "Invited"
	case "revoke":
		return "Revoked"
	}
	words := strings.ReplaceAll(action, "_", " ")
	return strings.ToUpper(words[:1]) + words[1:] + ":"
}

// auditNames loads the names of the records events refer to, one query per kind, and the missions.
func (s *Store) auditNames(ctx context.Context, want map[string]map[uint]bool) (map[string]map[uint]string, map[uint]Mission, error) {
	names := map[string]map[uint]string{}
	ids := func(kind string) []uint {
		var out []uint
		for id := range want[kind] {
			out = append(out, id)
		}
		return out
	}
	put := func(kind string, id uint, name string) {
		if names[kind] == nil {
			names[kind] = map[uint]string{}
		}
		names[kind][id] = name
	}
	db := s.DB(ctx)
	missions := map[uint]Mission{}
	if l := ids("mission"); len(l) > 0 {
		var ms []Mission
		if err := db.Where("id IN ?", l).Find(&ms).Error; err != nil {
			return nil, nil, fmt.Errorf("store: audit names: %w", err)
		}
		for _, m := range ms {
			missions[m.ID] = m
			put("mission", m.ID, m.Name)
		}
	}
	type row struct {
		ID   uint
		Name string
	}
	queries := map[string]string{
		"user":           "SELECT id, CASE WHEN name <> '' THEN name || ' (' || email || ')' ELSE email END AS name FROM users WHERE id IN ?",
		"registration":   "SELECT registrations.id, firms.company_name AS name FROM registrations JOIN firms ON firms.id = registrations.firm_id WHERE registrations.id IN ?",
		"firm":           "SELECT id, company_name AS name FROM firms WHERE id IN ?",
		"contact":        "SELECT id, full_name || ' (' || organisation || ')' AS name FROM contacts WHERE id IN ?",
		"location":       "SELECT id, name || ', ' || city AS name FROM locations WHERE id IN ?",
		"programme_item": "SELECT id, title AS name FROM programme_items WHERE id IN ?",
		"delegate":       "SELECT id, full_name AS name FROM delegates WHERE id IN ?",
		"follow_up": "SELECT follow_ups.id, firms.company_name || ', ' || CAST(follow_up_rounds.months AS TEXT) || ' months after the mission' AS name FROM follow_ups " +
			"JOIN follow_up_rounds ON follow_up_rounds.id = follow_ups.round_id JOIN registrations ON registrations.id = follow_ups.registration_id " +
			"JOIN firms ON firms.id = registrations.firm_id WHERE follow_ups.id IN ?",
		"travel_time": "SELECT id, city_a || '–' || city_b AS name FROM mission_travel_times WHERE id IN ?",
		"meeting": "SELECT meetings.id, firms.company_name || ' with ' || contacts.full_name AS name FROM meetings " +
			"JOIN registrations ON registrations.id = meetings.registration_id JOIN firms ON firms.id = registrations.firm_id " +
			"JOIN contacts ON contacts.id = meetings.contact_id WHERE meetings.id IN ?",
		"travel_segment": "SELECT travel_segments.id, delegates.full_name || ': ' || travel_segments.carrier || ' ' || travel_segments.number || ' ' || travel_segments.from_airport || '–' || travel_segments.to_airport AS name " +
			"FROM travel_segments JOIN delegates ON delegates.id = travel_segments.delegate_id WHERE travel_segments.id IN ?",
		"calendar_feed": "SELECT calendar_feeds.id, firms.company_name AS name FROM calendar_feeds JOIN registrations ON registrations.id = calendar_feeds.registration_id " +
			"JOIN firms ON firms.id = registrations.firm_id WHERE calendar_feeds.id IN ?",
	}
	for kind, sql := range queries {
		l := ids(kind)
		if len(l) == 0 {
			continue
		}
		var rows []row
		if err := db.Raw(sql, l).Scan(&rows).Error; err != nil {
			return nil, nil, fmt.Errorf("store: audit names of %s: %w", kind, err)
		}
		for _, r := range rows {
			put(kind, r.ID, r.Name)
		}
	}
	return names, missions, nil
}
