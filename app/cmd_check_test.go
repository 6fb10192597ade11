package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestDemoTimetableIsClean: the whole-timetable check finds nothing wrong with the demo, on both databases.
func TestDemoTimetableIsClean(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		store := models.NewStore(db)
		ctx := context.Background()
		if err := app.LoadDemo(ctx, store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		var m models.Mission
		db.First(&m)
		start := time.Now()
		book, breaches, err := store.CheckMission(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range breaches {
			t.Errorf("demo breach: %s: %s", b.Label, strings.Join(b.Messages(), "; "))
		}
		if len(book.Timetable().Meetings) < 24 {
			t.Errorf("only %d scheduled meetings checked", len(book.Timetable().Meetings))
		}
		t.Logf("checked the demo in %s", time.Since(start))
	})
}

func TestCheckCommand(t *testing.T) {
	dir, getenv := dataDirEnv(t)
	ctx := context.Background()
	var out, errOut bytes.Buffer
	db := openMigrated(t, ctx, dir, getenv)
	loadDemo(t, ctx, db)
	var mt models.Meeting
	db.Where("status = 'scheduled'").Order("starts_at, id").First(&mt)

	t.Run("clean demo exits 0", func(t *testing.T) {
		out.Reset()
		if err := app.Run(ctx, []string{"check", "--mission", "1"}, getenv, &out, &errOut); err != nil {
			t.Fatalf("check: %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), ": 0 scheduled meeting(s) or programme item(s) break a rule") {
			t.Errorf("output:\n%s", out.String())
		}
	})
	t.Run("a meeting moved out of the mission is listed and exits 1", func(t *testing.T) {
		late := mt.StartsAt.AddDate(0, 0, 30)
		lateEnd := mt.EndsAt.AddDate(0, 0, 30)
		db.Model(&models.Meeting{}).Where("id = ?", mt.ID).Updates(map[string]any{"starts_at": late, "ends_at": lateEnd})
		out.Reset()
		err := app.Run(ctx, []string{"check", "--mission", "1"}, getenv, &out, &errOut)
		if !errors.Is(err, app.ErrTimetableBroken) {
			t.Fatalf("check: %v, want ErrTimetableBroken", err)
		}
		for _, want := range []string{": 1 scheduled meeting(s)", "meeting " + strings.TrimSpace(idStr(mt.ID)), "outside the mission's working hours", "UK"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
	})
	t.Run("a first meeting too soon after the day starts to come from the hotel is listed", func(t *testing.T) {
		var hm models.Meeting
		db.Where("status = 'scheduled' AND id <> ? AND registration_id IN (SELECT registration_id FROM delegates WHERE id IN (SELECT delegate_id FROM hotel_bookings))", mt.ID).
			Order("starts_at, id").First(&hm)
		var m models.Mission
		db.First(&m)
		local := hm.StartsAt.In(m.Zone())
		start, err := models.LocalInstant(m.Zone(), local.Format("2006-01-02"), m.DayStarts)
		if err != nil {
			t.Fatal(err)
		}
		db.Model(&models.Meeting{}).Where("id = ?", hm.ID).Updates(map[string]any{"starts_at": start.UTC(), "ends_at": start.Add(hm.EndsAt.Sub(*hm.StartsAt)).UTC()})
		out.Reset()
		if err := app.Run(ctx, []string{"check", "--mission", "1"}, getenv, &out, &errOut); !errors.Is(err, app.ErrTimetableBroken) {
			t.Fatalf("check: %v, want ErrTimetableBroken", err)
		}
		for _, want := range []string{"meeting " + idStr(hm.ID), "The day starts at the hotel: not enough time to travel from Lakeview Grand Hotel (Chicago)", "after the 08:30 start of the day: 30 min needed, 0 min left"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
	})
	if err := app.Run(ctx, []string{"check", "--mission", "99"}, getenv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no mission 99") {
		t.Errorf("missing mission: %v", err)
	}
}

func idStr(id uint) string { return strconv.FormatUint(uint64(id), 10) }

// TestCommandRecordsOperator: what the command line does is audited as the account given with --as,
// else as the operating-system user, never as "system".
func TestCommandRecordsOperator(t *testing.T) {
	osUser := "jo"
	dir, getenv := dataDirEnv(t, "USER", osUser)
	ctx := context.Background()
	db := openMigrated(t, ctx, dir, getenv)
	store := loadDemo(t, ctx, db)
	if err := store.CreateUser(ctx, nil, &models.User{Email: "sam@agency.example", Name: "Sam Staff", Role: "staff"}, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	lastPublish := func() models.AuditEvent {
		var ev models.AuditEvent
		db.Where("action = 'publish_schedule'").Order("id DESC").First(&ev)
		return ev
	}
	if err := app.Run(ctx, []string{"schedule", "--mission", "1", "--publish", "--as", "sam@agency.example"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if ev := lastPublish(); ev.Actor != "sam@agency.example" || ev.UserID == nil {
		t.Errorf("--as: actor %q, user %v", ev.Actor, ev.UserID)
	}
	if err := app.Run(ctx, []string{"schedule", "--mission", "1", "--publish"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if ev := lastPublish(); ev.Actor != "cli:jo" {
		t.Errorf("without --as: actor %q, want cli:jo", ev.Actor)
	}
	if err := app.Run(ctx, []string{"schedule", "--mission", "1", "--as=nobody@example.com"}, getenv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no account") {
		t.Errorf("unknown --as: %v", err)
	}
}
