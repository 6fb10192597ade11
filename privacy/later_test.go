package privacy_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/privacy"
)

// A table no code of the privacy package names (as a capability added later would make) is searched by
// the export and swept by the erasure, text and JSON columns alike.
func TestATableAddedLaterIsCoveredWithoutCode(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		jsonType := "JSON"
		if db.Dialector.Name() == "postgres" {
			jsonType = "JSONB"
		}
		must(t, db.Exec(`CREATE TABLE courtesy_letters (id INTEGER PRIMARY KEY, addressee VARCHAR(254) NOT NULL, body TEXT NOT NULL, meta `+jsonType+` NOT NULL)`).Error)
		must(t, db.Exec(`INSERT INTO courtesy_letters (id, addressee, body, meta) VALUES (1, ?, ?, ?), (2, ?, ?, ?)`,
			"Jane.Example@Example-Widgets.co.uk", "Dear Jane Example, thank you for coming.", `{"to": "`+janeEmail+`", "name": "Jane Example", "n": 1}`,
			bobEmail, "Dear Bob Otherman, thank you for coming.", `{"to": "`+bobEmail+`", "name": "Bob Otherman", "n": 2}`).Error)
		svc := privacy.New(w.App.Store)
		e, err := svc.Export(ctx, janeEmail, setupNow)
		must(t, err)
		if r := e.Rows("courtesy_letters"); r == nil || len(r.Values) != 1 || !hasRow(r, map[string]any{"id": 1}) {
			t.Fatalf("export of the new table: %+v", r)
		}
		if _, err := svc.Erase(ctx, nil, janeEmail, setupNow); err != nil {
			t.Fatal(err)
		}
		for _, h := range scanEveryTextColumn(t, db, janeEmail, janeName) {
			t.Errorf("still in %s.%s: %.200s", h.Table, h.Column, h.Value)
		}
		var letters []struct {
			ID         int
			Addressee  string
			Body, Meta string
		}
		must(t, db.Raw(`SELECT id, addressee, body, CAST(meta AS TEXT) AS meta FROM courtesy_letters ORDER BY id`).Scan(&letters).Error)
		if len(letters) != 2 || letters[0].Body != "Dear [erased], thank you for coming." || letters[0].Addressee != "[erased]" {
			t.Errorf("her letter after erasure: %+v", letters)
		}
		if letters[1].Addressee != bobEmail || letters[1].Body != "Dear Bob Otherman, thank you for coming." {
			t.Errorf("Bob's letter changed: %+v", letters[1])
		}
	})
}
