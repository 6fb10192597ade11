package privacy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// Export is everything the application holds about one person: per table, every row that is theirs
// or mentions their address.
type Export struct {
	Email       string
	GeneratedAt time.Time
	Tables      []*Rows // only tables with rows, by name
}

// Rows answers the rows of table in the export (nil when none).
func (e *Export) Rows(table string) *Rows {
	for _, t := range e.Tables {
		if t.Table == table {
			return t
		}
	}
	return nil
}

// Count is the number of rows in the export.
func (e *Export) Count() int {
	n := 0
	for _, t := range e.Tables {
		n += len(t.Values)
	}
	return n
}

// link ties a table's rows to a person by id: cond answers a condition, or "" when the person has no
// such rows.
type link struct {
	table string
	cond  func(s *Subject) (string, []any)
}

func idsIn(column string, ids func(s *Subject) []uint) func(s *Subject) (string, []any) {
	return func(s *Subject) (string, []any) {
		if v := ids(s); len(v) > 0 {
			return quote(column) + " IN ?", []any{v}
		}
		return "", nil
	}
}

func users(s *Subject) []uint     { return s.UserIDs }
func delegates(s *Subject) []uint { return s.DelegateIDs }
func contacts(s *Subject) []uint  { return s.ContactIDs }

// links are the tables whose rows belong to a person through an id. Rows that carry the person's
// address in any text column, in any table, are found as well (see Export).
var links = []link{
	{"users", idsIn("id", users)},
	{"api_tokens", idsIn("user_id", users)},
	{"sessions", func(s *Subject) (string, []any) {
		if len(s.SessionKeys) > 0 {
			return quote("key") + " IN ?", []any{s.SessionKeys}
		}
		return "", nil
	}},
	{"delegates", idsIn("id", delegates)},
	{"travel_segments", idsIn("delegate_id", delegates)},
	{"hotel_bookings", idsIn("delegate_id", delegates)},
	{"invitations", idsIn("delegate_id", delegates)},
	{"calendar_feeds", idsIn("delegate_id", delegates)},
	{"meeting_delegates", idsIn("delegate_id", delegates)},
	{"meetings", idsIn("id", func(s *Subject) []uint { return s.MeetingIDs })},
	{"contacts", idsIn("id", contacts)},
	{"contact_availabilities", idsIn("contact_id", contacts)},
	{"locations", idsIn("contact_id", contacts)},
	{"firms", idsIn("id", func(s *Subject) []uint { return s.FirmIDs })},
	{"import_batches", idsIn("user_id", users)},
	{"audit_events", auditCond},
	// Tables other capabilities add; a link to a table the schema does not have is skipped.
	{"notifications", idsIn("delegate_id", delegates)},
	{"notification_preferences", idsIn("delegate_id", delegates)},
	// The outcomes they recorded (recorded_by_name is their name as it was), and those of their meetings.
	{"meeting_outcomes", idsIn("recorded_by", users)},
	{"meeting_outcomes", idsIn("meeting_id", func(s *Subject) []uint { return s.MeetingIDs })},
}

// auditEntities are the audit log's entity names for the records a person has.
func auditEntities(s *Subject) map[string][]uint {
	return map[string][]uint{
		"user": s.UserIDs, "delegate": s.DelegateIDs, "contact": s.ContactIDs, "firm": s.FirmIDs,
		"travel_segment": s.SegmentIDs, "calendar_feed": s.FeedIDs,
	}
}

// auditCond matches the audit events done by the person or about one of their records.
func auditCond(s *Subject) (string, []any) {
	var conds []string
	var args []any
	if len(s.UserIDs) > 0 {
		conds, args = append(conds, "user_id IN ?"), append(args, s.UserIDs)
	}
	entities := auditEntities(s)
	names := make([]string, 0, len(entities))
	for e := range entities {
		names = append(names, e)
	}
	sort.Strings(names)
	for _, e := range names {
		if ids := entities[e]; len(ids) > 0 {
			conds, args = append(conds, "(entity = ? AND entity_id IN ?)"), append(args, e, ids)
		}
	}
	return strings.Join(conds, " OR "), args
}

// Export gathers everything held about the person with this address.
func (s *Service) Export(ctx context.Context, email string, now time.Time) (*Export, error) {
	db := s.store.DB(ctx)
	subj, err := findSubject(ctx, db, email)
	if err != nil {
		return nil, err
	}
	return collect(ctx, db, subj, now)
}

func collect(ctx context.Context, db *gorm.DB, subj *Subject, now time.Time) (*Export, error) {
	out := &Export{Email: subj.Email, GeneratedAt: now.UTC()}
	if subj.Email == "" {
		return out, nil
	}
	tables, err := Catalog(ctx, db)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		var all *Rows
		addRows := func(where string, args []any) error {
			if where == "" {
				return nil
			}
			r, err := readRows(db, t.Name, where, args)
			if err != nil {
				return err
			}
			if all == nil {
				all = r
			} else {
				all.add(r)
			}
			return nil
		}
		for _, l := range links {
			if l.table == t.Name {
				where, args := l.cond(subj)
				if err := addRows(where, args); err != nil {
					return nil, err
				}
			}
		}
		// Anywhere else the address appears: a table added later (messages sent to them, say) is
		// covered without being listed.
		where, args := containsAny(t.TextColumns(), []string{subj.Email})
		if err := addRows(where, args); err != nil {
			return nil, err
		}
		if all != nil && len(all.Values) > 0 {
			out.Tables = append(out.Tables, all)
		}
	}
	return out, nil
}

// WriteJSON writes the export as one JSON document: {"email", "generated_at", "tables": {"users": [{…}]}}.
func (e *Export) WriteJSON(w io.Writer) error {
	tables := map[string][]map[string]any{}
	for _, t := range e.Tables {
		tables[t.Table] = t.Maps()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Email       string                      `json:"email"`
		GeneratedAt time.Time                   `json:"generated_at"`
		Tables      map[string][]map[string]any `json:"tables"`
	}{e.Email, e.GeneratedAt, tables})
}

// WriteXLSX writes the export as a workbook: a summary sheet, then a sheet per table.
func (e *Export) WriteXLSX(w io.Writer) error {
	sheets := make([]exports.DataSheet, 0, len(e.Tables))
	for _, t := range e.Tables {
		sh := exports.DataSheet{Name: t.Table, Columns: t.Columns}
		for _, row := range t.Values {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = cellText(v)
			}
			sh.Rows = append(sh.Rows, cells)
		}
		sheets = append(sheets, sh)
	}
	return exports.WriteSubjectAccess(w, e.Email, e.GeneratedAt, sheets)
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339)
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return fmt.Sprint(v)
}

// RecordExport notes in the audit log that actor downloaded e (the address is kept as its fingerprint
// only, so an erasure later leaves nothing of it behind).
func (s *Service) RecordExport(ctx context.Context, actor *models.User, e *Export, format string) error {
	return s.store.Audit(ctx, actor, "subject_access", "person", 0, nil, nil, map[string]any{
		"email_sha256": EmailFingerprint(e.Email), "format": format, "rows": e.Count(),
	})
}
