package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/privacy"
)

// hasRow reports whether rows holds one whose columns have the given values.
func hasRow(r *privacy.Rows, want map[string]any) bool {
	if r == nil {
		return false
	}
	for _, m := range r.Maps() {
		ok := true
		for k, v := range want {
			if fmt.Sprint(m[k]) != fmt.Sprint(v) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestExportHoldsEveryRowAboutThePerson(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		svc := privacy.New(w.App.Store)
		e, err := svc.Export(context.Background(), "  "+strings.ToUpper(janeEmail)+" ", setupNow)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			table string
			row   map[string]any
		}{
			{"users", map[string]any{"id": w.JaneUser.ID, "email": janeEmail}},
			{"delegates", map[string]any{"id": w.Jane.ID, "phone": "07700 900001", "dietary_requirements": "Coeliac"}},
			{"travel_segments", map[string]any{"id": w.Segment.ID, "number": "125"}},
			{"invitations", map[string]any{"id": w.Invitation.ID}},
			{"calendar_feeds", map[string]any{"id": w.Feed.ID}},
			{"api_tokens", map[string]any{"id": w.JaneTokenID, "name": "her script"}},
			{"sessions", map[string]any{}},
			{"meeting_delegates", map[string]any{"meeting_id": w.Meeting.ID, "delegate_id": w.Jane.ID}},
			{"meetings", map[string]any{"id": w.Meeting.ID}},
			{"meetings", map[string]any{"id": w.ContactMeet.ID}},
			{"contacts", map[string]any{"id": w.Contact.ID, "phone": "+1 312 555 0100"}},
			{"contact_availabilities", map[string]any{"contact_id": w.Contact.ID}},
			{"locations", map[string]any{"id": w.Location.ID}},
			{"firms", map[string]any{"id": w.Firm.ID, "contact_phone": "0121 496 0001"}},
			{"import_batches", map[string]any{"id": w.Batch.ID}},
		}
		for _, c := range want {
			if !hasRow(e.Rows(c.table), c.row) {
				t.Errorf("export lacks %s row %v", c.table, c.row)
			}
		}
		// Every audit event about her records or carrying her address.
		var auditIDs []uint
		must(t, db.Raw(`SELECT id FROM audit_events WHERE LOWER(actor || before || after) LIKE ?
OR (entity = 'delegate' AND entity_id = ?) OR (entity = 'contact' AND entity_id = ?) OR (entity = 'user' AND entity_id = ?)
OR (entity = 'travel_segment' AND entity_id = ?) OR user_id = ?`, "%"+janeEmail+"%", w.Jane.ID, w.Contact.ID, w.JaneUser.ID, w.Segment.ID, w.JaneUser.ID).Scan(&auditIDs).Error)
		if len(auditIDs) < 5 {
			t.Fatalf("the fixture made only %d audit events about her", len(auditIDs))
		}
		for _, id := range auditIDs {
			if !hasRow(e.Rows("audit_events"), map[string]any{"id": id}) {
				t.Errorf("export lacks audit event %d", id)
			}
		}
		// Messages to her in the outbox (the firm's contact hears of its application).
		var sent []uint
		must(t, db.Raw(`SELECT id FROM notifications WHERE LOWER(recipient_email) = ? OR delegate_id = ?`, janeEmail, w.Jane.ID).Scan(&sent).Error)
		if len(sent) == 0 {
			t.Error("the fixture sent her no message")
		}
		for _, id := range sent {
			if !hasRow(e.Rows("notifications"), map[string]any{"id": id}) {
				t.Errorf("export lacks notification %d", id)
			}
		}
		// Nobody else's record comes with it, and credentials are withheld.
		for _, m := range e.Rows("delegates").Maps() {
			if m["email"] != janeEmail {
				t.Errorf("export holds another delegate: %v", m["email"])
			}
		}
		for _, m := range e.Rows("users").Maps() {
			if m["password_hash"] != nil && !strings.HasPrefix(fmt.Sprint(m["password_hash"]), "(withheld") {
				t.Errorf("password hash exported: %v", m["password_hash"])
			}
		}
		for _, m := range e.Rows("sessions").Maps() {
			if !strings.HasPrefix(fmt.Sprint(m["key"]), "(withheld") {
				t.Errorf("session key exported: %v", m["key"])
			}
		}

		var js bytes.Buffer
		must(t, e.WriteJSON(&js))
		var doc struct {
			Email  string                      `json:"email"`
			Tables map[string][]map[string]any `json:"tables"`
		}
		must(t, json.Unmarshal(js.Bytes(), &doc))
		if doc.Email != janeEmail || len(doc.Tables["delegates"]) != 1 || doc.Tables["delegates"][0]["access_needs"] != "Step-free access" {
			t.Errorf("JSON export: %s", js.String()[:min(400, js.Len())])
		}
		var xl bytes.Buffer
		must(t, e.WriteXLSX(&xl))
		f, err := excelize.OpenReader(&xl)
		must(t, err)
		if !slices.Contains(f.GetSheetList(), "travel_segments") {
			t.Errorf("workbook sheets: %v", f.GetSheetList())
		}
		rows, err := f.GetRows("delegates")
		must(t, err)
		if len(rows) != 2 || !slices.Contains(rows[0], "email") || !slices.Contains(rows[1], janeEmail) {
			t.Errorf("delegates sheet: %v", rows)
		}
		if e.Count() < len(want)+len(auditIDs) {
			t.Errorf("export counts %d rows, fewer than the %d expected", e.Count(), len(want)+len(auditIDs))
		}

		if none, err := svc.Export(context.Background(), "nobody@example.org", setupNow); err != nil || none.Count() != 0 {
			t.Errorf("export of an unknown address: %v %v", none, err)
		}
	})
}
