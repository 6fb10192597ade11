package app

import (
	"context"
	"testing"
	"time"
)

// TestMigrationNotificationKindFollowUp: step 17 upgrades a database holding messages: they keep
// their rows and ids, an id of a message since removed is not given out again, the follow_up kind
// is accepted and an unknown kind still refused.
func TestMigrationNotificationKindFollowUp(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDatabase("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB(db) })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	all := migrations
	var before []migration
	for _, m := range all {
		if m.Version < 17 {
			before = append(before, m)
		}
	}
	migrations = before
	_, err = Migrate(ctx, db)
	migrations = all
	must(err)
	now := time.Now().UTC()
	insert := func(kind, key string) error {
		return db.Exec(`INSERT INTO notifications (kind, idempotency_key, recipient_email, subject, body_text, status, created_at, updated_at)
			VALUES (?, ?, 'jo@alpha.example', 'Subject', 'Body', 'queued', ?, ?)`, kind, key, now, now).Error
	}
	for _, k := range []string{"a", "b", "c"} {
		must(insert("registration", k))
	}
	must(db.Exec(`DELETE FROM notifications WHERE idempotency_key = 'c'`).Error)
	if err := insert("follow_up", "too-early"); err == nil {
		t.Fatal("step 16's table accepted the follow_up kind: the test does not test the upgrade")
	}
	if _, err := Migrate(ctx, db); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	var keys []string
	must(db.Raw(`SELECT idempotency_key FROM notifications ORDER BY id`).Scan(&keys).Error)
	if len(keys) != 2 || keys[0] != "a" || keys[1] != "b" {
		t.Fatalf("messages after the rebuild: %v", keys)
	}
	must(insert("follow_up", "d"))
	var id int64
	must(db.Raw(`SELECT id FROM notifications WHERE idempotency_key = 'd'`).Scan(&id).Error)
	if id != 4 {
		t.Errorf("the first message after the rebuild has id %d, want 4 (3 was used and removed)", id)
	}
	if err := insert("bogus", "e"); err == nil {
		t.Error("an unknown kind was accepted")
	}
	var idx int64
	must(db.Raw(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('notifications_mission_idx', 'notifications_status_idx')`).Scan(&idx).Error)
	if idx != 2 {
		t.Errorf("%d of the 2 indexes after the rebuild", idx)
	}
}
