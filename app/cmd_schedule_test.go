package app_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/models"
)

func TestScheduleCommand(t *testing.T) {
	dir, getenv := dataDirEnv(t)
	ctx := context.Background()
	var out, errOut bytes.Buffer
	db := openMigrated(t, ctx, dir, getenv)
	store := loadDemo(t, ctx, db)
	var m models.Mission
	db.First(&m)
	var reg models.Registration
	db.Order("id").First(&reg)
	var contacts []models.Contact
	db.Where("city = 'Rockford'").Find(&contacts)
	if _, err := store.CreateMeetingRequests(ctx, nil, &m, reg.ID, []uint{contacts[0].ID, contacts[1].ID}, 9, 45); err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	sqlDB.Close()

	out.Reset()
	if err := app.Run(ctx, []string{"schedule", "--mission", "1"}, getenv, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	for _, want := range []string{"Birmingham to Chicago Trade Mission:", "PLACED", "Nothing was saved"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("preview lacks %q:\n%s", want, out.String())
		}
	}
	preview := out.String()
	out.Reset()
	app.Run(ctx, []string{"schedule", "--mission", "1"}, getenv, &out, &errOut)
	if out.String() != preview {
		t.Errorf("the preview changed between runs:\n%s\n---\n%s", preview, out.String())
	}
	out.Reset()
	if err := app.Run(ctx, []string{"schedule", "--mission", "1", "--publish"}, getenv, &out, &errOut); err != nil || !strings.Contains(out.String(), "Published:") {
		t.Fatalf("publish: %v\n%s", err, out.String())
	}
	out.Reset()
	app.Run(ctx, []string{"schedule", "--mission", "1"}, getenv, &out, &errOut)
	if strings.Contains(out.String(), "PLACED") {
		t.Errorf("requests left to place after publishing:\n%s", out.String())
	}
	if err := app.Run(ctx, []string{"schedule", "--mission", "99"}, getenv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no mission 99") {
		t.Errorf("missing mission: %v", err)
	}
	if err := app.Run(ctx, []string{"schedule"}, getenv, io.Discard, io.Discard); err == nil {
		t.Error("no --mission accepted")
	}
}
