package privacy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

// textHit is a place a scan found a needle.
type textHit struct {
	Table, Column, Value string
}

// scanEveryTextColumn looks for needles (any case) in every text column of every table, enumerated
// from the database's own catalog, and in every blob as bytes; it does not use the privacy package's
// catalog, so a mistake there cannot hide a leftover.
func scanEveryTextColumn(t *testing.T, db *gorm.DB, needles ...string) []textHit {
	t.Helper()
	type col struct{ Table, Column, Type string }
	var cols []col
	if db.Dialector.Name() == "postgres" {
		must(t, db.Raw(`SELECT c.table_name AS "table", c.column_name AS "column", c.data_type AS "type" FROM information_schema.columns c
JOIN information_schema.tables t USING (table_schema, table_name)
WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`).Scan(&cols).Error)
	} else {
		var tables []string
		must(t, db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables).Error)
		for _, tb := range tables {
			var cs []struct{ Name, Type string }
			must(t, db.Raw(`SELECT name, type FROM pragma_table_info(?)`, tb).Scan(&cs).Error)
			for _, c := range cs {
				cols = append(cols, col{tb, c.Name, c.Type})
			}
		}
	}
	if len(cols) < 50 {
		t.Fatalf("the catalog lists only %d columns", len(cols))
	}
	var hits []textHit
	for _, c := range cols {
		typ := strings.ToLower(c.Type)
		text := typ == "" || strings.Contains(typ, "text") || strings.Contains(typ, "char") || strings.Contains(typ, "clob") || strings.Contains(typ, "json")
		blob := strings.Contains(typ, "blob") || typ == "bytea"
		if !text && !blob {
			continue
		}
		var vals [][]byte
		q := fmt.Sprintf(`SELECT %q FROM %q`, c.Column, c.Table)
		if text {
			q = fmt.Sprintf(`SELECT CAST(%q AS TEXT) FROM %q`, c.Column, c.Table)
		}
		rows, err := db.Raw(q).Rows()
		must(t, err)
		for rows.Next() {
			var v []byte
			must(t, rows.Scan(&v))
			vals = append(vals, v)
		}
		rows.Close()
		for _, v := range vals {
			lower := strings.ToLower(string(v))
			for _, n := range needles {
				if strings.Contains(lower, strings.ToLower(n)) {
					hits = append(hits, textHit{c.Table, c.Column, string(v)})
				}
			}
		}
	}
	return hits
}

func TestEraseLeavesNoTraceButTheFactAndKeepsTheFigures(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		admin, _ := w.App.CreateUser("admin", "ada.admin@agency.example")
		if hits := scanEveryTextColumn(t, db, janeEmail, janeName); len(hits) < 10 {
			t.Fatalf("the fixture spreads her over only %d places: %v", len(hits), hits)
		}
		before := figures(t, db, w.Mission.ID)
		var bobBefore models.Delegate
		must(t, db.First(&bobBefore, w.Bob.ID).Error)

		svc := privacy.New(w.App.Store)
		res, err := svc.Erase(ctx, admin, janeEmail, setupNow)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Found || res.Changes["delegates"] != 1 || res.Changes["users"] != 1 || res.Changes["travel_segments"] != 1 {
			t.Fatalf("erasure changes: %+v", res)
		}

		t.Run("no trace but the erasure record", func(t *testing.T) {
			for _, h := range scanEveryTextColumn(t, db, janeEmail, janeName) {
				t.Errorf("still in %s.%s: %.200s", h.Table, h.Column, h.Value)
			}
		})
		t.Run("the fact of the erasure is kept", func(t *testing.T) {
			var ev models.AuditEvent
			must(t, db.Where("action = ? AND entity = ?", "erase", "person").First(&ev).Error)
			if ev.Actor != "ada.admin@agency.example" || !strings.Contains(ev.After, privacy.EmailFingerprint(janeEmail)) {
				t.Errorf("erasure record: %+v", ev)
			}
			// The delegate's history is still there, scrubbed.
			var n int64
			must(t, db.Model(&models.AuditEvent{}).Where("entity = 'delegate' AND entity_id = ?", w.Jane.ID).Count(&n).Error)
			if n < 2 {
				t.Errorf("the delegate's audit history went: %d events", n)
			}
		})
		t.Run("mission figures unchanged", func(t *testing.T) {
			if after := figures(t, db, w.Mission.ID); after != before {
				t.Errorf("figures changed: %s -> %s", before, after)
			}
			var d models.Delegate
			must(t, db.First(&d, w.Jane.ID).Error)
			if d.FullName != "A delegate of Example Widgets Ltd" || d.Phone != "" || d.DietaryRequirements != "" || d.JobTitle != "" {
				t.Errorf("erased delegate: %+v", d)
			}
			var m models.Meeting
			must(t, db.First(&m, w.Meeting.ID).Error)
			if m.Status != "scheduled" || m.Notes != "[erased] brings samples" {
				t.Errorf("meeting after erasure: %q %q", m.Status, m.Notes)
			}
		})
		t.Run("revoked", func(t *testing.T) {
			var u models.User
			must(t, db.First(&u, w.JaneUser.ID).Error)
			if !u.Disabled || u.PasswordHash != "" {
				t.Errorf("account still usable: %+v", u)
			}
			if _, err := w.App.Store.Authenticate(ctx, janeEmail, "a long enough password", "192.0.2.1", setupNow); err == nil {
				t.Error("she can still sign in")
			}
			for _, q := range []string{"SELECT COUNT(*) FROM api_tokens WHERE user_id = ?", "SELECT COUNT(*) FROM invitations WHERE delegate_id = ?",
				"SELECT COUNT(*) FROM calendar_feeds WHERE revoked_at IS NULL AND delegate_id = ?"} {
				id := w.JaneUser.ID
				if !strings.Contains(q, "api_tokens") {
					id = w.Jane.ID
				}
				var n int64
				must(t, db.Raw(q, id).Scan(&n).Error)
				if n != 0 {
					t.Errorf("%s: %d left", q, n)
				}
			}
			if r := w.JaneBrowser.Get("/my/itinerary"); r.Status != 303 || !strings.HasPrefix(r.Location(), "/login") {
				t.Errorf("her old session still works: %d %s", r.Status, r.Location())
			}
			var c models.Contact
			must(t, db.First(&c, w.Contact.ID).Error)
			if c.ArchivedAt == nil || c.Email != "" || c.Phone != "" || c.Organisation != "Example Angels" {
				t.Errorf("erased contact: %+v", c)
			}
		})
		t.Run("a message waiting for her is withdrawn", func(t *testing.T) {
			var status string
			must(t, db.Raw(`SELECT status FROM notifications WHERE idempotency_key = 'privacy-test-1'`).Scan(&status).Error)
			if status != "superseded" {
				t.Errorf("her queued message is %q", status)
			}
		})
		t.Run("someone else is untouched", func(t *testing.T) {
			var bob models.Delegate
			must(t, db.First(&bob, w.Bob.ID).Error)
			if bob.FullName != bobName || bob.Email != bobEmail || bob.Phone != bobBefore.Phone || bob.DietaryRequirements != "Vegan" {
				t.Errorf("Bob changed: %+v", bob)
			}
			if hits := scanEveryTextColumn(t, db, bobEmail); len(hits) < 3 {
				t.Errorf("Bob's address is left in only %d places", len(hits))
			}
		})
		t.Run("a second erasure finds nothing", func(t *testing.T) {
			res, err := svc.Erase(ctx, admin, janeEmail, setupNow)
			if err != nil || res.Found {
				t.Errorf("second erasure: %+v %v", res, err)
			}
		})
	})
}
