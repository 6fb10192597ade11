package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// A demo registration's status is "since" the moment its change was recorded: never in the future, and
// the same instant as the last status change in its history.
func TestDemoStatusSinceMatchesHistory(t *testing.T) {
	db := apptest.OpenDB(t, "sqlite")
	before := time.Now().UTC().Add(-time.Second)
	if err := app.LoadDemo(context.Background(), models.NewStore(db), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	after := time.Now().UTC().Add(time.Second)
	var regs []models.Registration
	if err := db.Where("status <> 'applied'").Find(&regs).Error; err != nil || len(regs) == 0 {
		t.Fatalf("%d decided registrations: %v", len(regs), err)
	}
	for _, r := range regs {
		if r.StatusChangedAt.Before(before) || r.StatusChangedAt.After(after) {
			t.Errorf("registration %d (%s) since %v, outside the demo's loading (%v to %v)", r.ID, r.Status, r.StatusChangedAt, before, after)
		}
		var ev models.AuditEvent
		if err := db.Where("entity = 'registration' AND entity_id = ? AND after LIKE ?", r.ID, `%"status":"`+r.Status+`"%`).Order("id DESC").First(&ev).Error; err != nil {
			t.Errorf("registration %d: no history of becoming %s: %v", r.ID, r.Status, err)
			continue
		}
		if d := ev.CreatedAt.Sub(r.StatusChangedAt); d < -time.Second || d > time.Second {
			t.Errorf("registration %d: %s since %v, history says %v", r.ID, r.Status, r.StatusChangedAt, ev.CreatedAt)
		}
	}
}
