package app

import (
	"context"
	"testing"
	"time"
)

// TestMigrationImportBatchKinds: step 4 upgrades a database holding a pending step-3 batch (which
// is discarded), and the rebuilt table ties a registrations batch to a mission and a contacts
// batch to none.
func TestMigrationImportBatchKinds(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDatabase("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB(db) })
	all := migrations
	migrations = all[:3]
	_, err = Migrate(ctx, db)
	migrations = all
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A mission as step 1 made it: later steps add columns the Mission model already has.
	m := DemoMission()
	must(db.Select("name", "destination_city", "destination_country", "timezone", "home_timezone", "start_date", "end_date",
		"registration_closes", "max_firms", "max_delegates_per_firm", "sectors", "description", "status", "meeting_minutes",
		"day_starts", "day_ends", "same_city_buffer_minutes", "default_travel_minutes", "created_at", "updated_at").Create(&m).Error)
	must(db.Exec(`INSERT INTO import_batches (mission_id, cells, created_at) SELECT id, '[]', ? FROM missions`, now).Error)
	if n, err := Migrate(ctx, db); err != nil || n != len(all)-3 {
		t.Fatalf("upgrade: %d steps, %v", n, err)
	}
	var pending int64
	must(db.Raw(`SELECT COUNT(*) FROM import_batches`).Scan(&pending).Error)
	if pending != 0 {
		t.Fatalf("%d pending batches survived the rebuild", pending)
	}
	must(db.Exec(`INSERT INTO import_batches (kind, mission_id, cells, created_at) SELECT 'registrations', id, '[]', ? FROM missions`, now).Error)
	must(db.Exec(`INSERT INTO import_batches (kind, cells, created_at) VALUES ('contacts', '[]', ?)`, now).Error)
	for name, stmt := range map[string]string{
		"contacts batch with a mission":     `INSERT INTO import_batches (kind, mission_id, cells, created_at) SELECT 'contacts', id, '[]', ? FROM missions`,
		"registrations batch of no mission": `INSERT INTO import_batches (kind, cells, created_at) VALUES ('registrations', '[]', ?)`,
		"unknown kind":                      `INSERT INTO import_batches (kind, cells, created_at) VALUES ('delegates', '[]', ?)`,
	} {
		if err := db.Exec(stmt, now).Error; err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
