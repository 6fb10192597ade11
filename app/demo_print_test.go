package app_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/internal/libreoffice"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/workbooks"
)

// maxSchedulePages is what the demo's master schedule may print on (A4, as LibreOffice prints it).
const maxSchedulePages = 40

// TestDemoSchedulePrintsOnFewPages converts the demo's master schedule to PDF with LibreOffice and
// counts the pages. Without LibreOffice it skips with a message; with CI=true it fails instead (.ci/run
// installs libreoffice-calc-nogui).
func TestDemoSchedulePrintsOnFewPages(t *testing.T) {
	soffice := libreoffice.Find(t, "the printed page count of the master schedule")
	db := apptest.OpenDB(t, "sqlite")
	ctx := context.Background()
	store := loadDemo(t, ctx, db)
	var m models.Mission
	if err := db.First(&m).Error; err != nil {
		t.Fatal(err)
	}
	src, err := store.MissionItinerarySource(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := exports.WriteSchedule(&buf, workbooks.Schedule(src)); err != nil {
		t.Fatal(err)
	}
	pdf := libreoffice.ToPDF(t, soffice, map[string][]byte{"schedule.xlsx": buf.Bytes()})["schedule.xlsx"]
	pages := libreoffice.Pages(pdf)
	t.Logf("the demo's master schedule prints on %d A4 pages", pages)
	if pages == 0 || pages > maxSchedulePages {
		t.Errorf("the demo's master schedule prints on %d pages, want 1 to %d", pages, maxSchedulePages)
	}
}
