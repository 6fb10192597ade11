package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/models"
)

// TestExportCommand runs `missionplanner export …` against an embedded database holding one firm
// with one meeting, and reads back what it wrote.
func TestExportCommand(t *testing.T) {
	dir, env := dataDirEnv(t)
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	db := openMigrated(t, ctx, dir, env)
	m := app.DemoMission()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Create(&m).Error)
	firm := models.Firm{CompanyName: "Alpha Widgets Ltd", Postcode: "B1 1AA", Sector: "agri_food", ExportExperience: "none", ContactName: "A", ContactEmail: "a@alpha.example"}
	must(db.Create(&firm).Error)
	reg := models.Registration{MissionID: m.ID, FirmID: firm.ID, Status: "confirmed", StatusChangedAt: time.Now().UTC()}
	must(db.Create(&reg).Error)
	c := models.Contact{FullName: "Carla Diaz", Organisation: "Lakeshore Foods", OrganisationType: "buyer", City: "Chicago"}
	must(db.Create(&c).Error)
	chi, _ := time.LoadLocation("America/Chicago")
	start := time.Date(2027, 3, 15, 10, 0, 0, 0, chi).UTC()
	end := start.Add(45 * time.Minute)
	must(db.Create(&models.Meeting{MissionID: m.ID, RegistrationID: reg.ID, ContactID: c.ID, StartsAt: &start, EndsAt: &end, Minutes: 45, Status: "scheduled"}).Error)
	sqlDB, _ := db.DB()
	sqlDB.Close()

	run := func(args ...string) error {
		stderr.Reset()
		return app.Run(ctx, args, env, &stdout, &stderr)
	}
	id, rid := "1", "1"
	sched := filepath.Join(dir, "schedule.xlsx")
	if err := run("export", "schedule", "--mission", id, "-o", sched); err != nil {
		t.Fatalf("export schedule: %v\n%s", err, stderr.String())
	}
	f, err := excelize.OpenFile(sched)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Mon 15 Mar", "C1"); !strings.HasPrefix(v, "Alpha Widgets Ltd") {
		t.Errorf("schedule grid header %q", v)
	}
	f.Close()

	itin := filepath.Join(dir, "alpha.xlsx")
	if err := run("export", "itinerary", "--mission", id, "--registration", rid, "-o", itin); err != nil {
		t.Fatalf("export itinerary: %v\n%s", err, stderr.String())
	}
	f, err = excelize.OpenFile(itin)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Itinerary", "F2"); v != "Carla Diaz" {
		t.Errorf("itinerary F2 %q", v)
	}
	f.Close()

	zipPath := filepath.Join(dir, "all.zip")
	if err := run("export", "itineraries", "--mission", id, "-o", zipPath); err != nil {
		t.Fatalf("export itineraries: %v", err)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil || len(zr.File) != 1 || zr.File[0].Name != "itinerary-Alpha_Widgets_Ltd.xlsx" {
		t.Fatalf("zip: %v %v", err, zr.File)
	}
	zr.Close()

	for _, bad := range [][]string{
		{"export"}, {"export", "schedule", "-o", sched}, {"export", "itinerary", "--mission", id, "-o", itin},
		{"export", "poster", "--mission", id, "-o", itin}, {"export", "schedule", "--mission", "99", "-o", filepath.Join(dir, "x.xlsx")},
	} {
		if err := run(bad...); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); !os.IsNotExist(err) {
		t.Errorf("a failed export left a file behind")
	}
}
