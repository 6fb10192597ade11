package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/models"
)

// TestPrivacyCommand exports, purges and erases from the command line on an embedded database holding
// a mission that ended in 2020.
func TestPrivacyCommand(t *testing.T) {
	dir, env := dataDirEnv(t)
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	run := func(args ...string) error {
		stdout.Reset()
		stderr.Reset()
		return app.Run(ctx, args, env, &stdout, &stderr)
	}
	if err := run("migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, stderr.String())
	}
	db, err := app.OpenDatabase("", dir)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	m := app.DemoMission()
	m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2020, 3, 9), models.DateOf(2020, 3, 13), models.DateOf(2020, 2, 1)
	must(db.Create(&m).Error)
	firm := models.Firm{CompanyName: "Alpha Widgets Ltd", Postcode: "B1 1AA", Sector: "agri_food", ExportExperience: "none", ContactName: "A", ContactEmail: "a@alpha.example"}
	must(db.Create(&firm).Error)
	reg := models.Registration{MissionID: m.ID, FirmID: firm.ID, Status: "confirmed", StatusChangedAt: time.Now().UTC()}
	must(db.Create(&reg).Error)
	d := models.Delegate{RegistrationID: reg.ID, MissionID: m.ID, FullName: "Ann Archer", Email: "ann@alpha.example", Phone: "07700 900001", DietaryRequirements: "Vegetarian"}
	must(db.Create(&d).Error)
	sqlDB, _ := db.DB()
	sqlDB.Close()
	reload := func() models.Delegate {
		db, err := app.OpenDatabase("", dir)
		must(err)
		defer func() { s, _ := db.DB(); s.Close() }()
		var out models.Delegate
		must(db.First(&out, d.ID).Error)
		return out
	}

	jsonPath, xlsxPath := filepath.Join(dir, "ann.json"), filepath.Join(dir, "ann.xlsx")
	if err := run("privacy", "export", "--email", "Ann@Alpha.example", "-o", jsonPath); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	b, err := os.ReadFile(jsonPath)
	must(err)
	var doc struct {
		Tables map[string][]map[string]any `json:"tables"`
	}
	must(json.Unmarshal(b, &doc))
	if len(doc.Tables["delegates"]) != 1 || doc.Tables["delegates"][0]["phone"] != "07700 900001" {
		t.Fatalf("exported JSON: %s", b)
	}
	if fi, _ := os.Stat(jsonPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600", fi.Mode().Perm())
	}
	must(run("privacy", "export", "--email", "ann@alpha.example", "-o", xlsxPath))
	f, err := excelize.OpenFile(xlsxPath)
	must(err)
	if rows, _ := f.GetRows("delegates"); len(rows) != 2 {
		t.Errorf("xlsx delegates sheet: %v", rows)
	}

	if err := run("privacy", "purge"); err != nil {
		t.Fatalf("purge: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "removed needs") || !strings.Contains(stdout.String(), "removed personal_data") {
		t.Errorf("purge said: %s", stdout.String())
	}
	if got := reload(); got.Phone != "" || got.DietaryRequirements != "" || got.FullName != "Ann Archer" {
		t.Errorf("after purge: %+v", got)
	}
	must(run("privacy", "purge"))
	if !strings.Contains(stdout.String(), "nothing is due") {
		t.Errorf("second purge said: %s", stdout.String())
	}

	if err := run("privacy", "erase", "--email", "ann@alpha.example"); err == nil || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("erase without --yes: %v", err)
	}
	if got := reload(); got.FullName != "Ann Archer" {
		t.Fatal("erased without --yes")
	}
	if err := run("privacy", "erase", "--email", "ann@alpha.example", "--yes"); err != nil {
		t.Fatalf("erase: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "delegates: 1") {
		t.Errorf("erase said: %s", stdout.String())
	}
	if got := reload(); got.FullName != "A delegate of Alpha Widgets Ltd" || got.Email == "ann@alpha.example" {
		t.Errorf("after erase: %+v", got)
	}
	if err := run("privacy", "erase", "--email", "ann@alpha.example", "--yes"); err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("second erase: %v", err)
	}
}
