package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/workbooks"
)

// maxSchedulePages is what the demo's master schedule may print on (A4, as LibreOffice prints it).
const maxSchedulePages = 40

// TestDemoSchedulePrintsOnFewPages converts the demo's master schedule to PDF with LibreOffice and
// counts the pages. Without LibreOffice it skips with a message; with CI=true it fails instead (.ci/run
// installs libreoffice-calc-nogui).
func TestDemoSchedulePrintsOnFewPages(t *testing.T) {
	soffice := ""
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			soffice = p
			break
		}
	}
	if soffice == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("LibreOffice not found and CI=true: install it (apt-get install -y libreoffice-calc-nogui; .ci/run does)")
		}
		t.Skip("LibreOffice not found (apt-get install -y libreoffice-calc-nogui): the printed page count of the master schedule is not checked")
	}
	db := apptest.OpenDB(t, "sqlite")
	store := models.NewStore(db)
	ctx := context.Background()
	if err := app.LoadDemo(ctx, store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	var m models.Mission
	if err := db.First(&m).Error; err != nil {
		t.Fatal(err)
	}
	src, err := store.MissionItinerarySource(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "schedule.xlsx")
	var buf bytes.Buffer
	if err := exports.WriteSchedule(&buf, workbooks.Schedule(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(book, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	// A profile of its own, so a LibreOffice already running (or another test) does not take the job.
	cmd := exec.CommandContext(cctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, book)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "schedule.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(pdf)
	t.Logf("the demo's master schedule prints on %d A4 pages", pages)
	if pages == 0 || pages > maxSchedulePages {
		t.Errorf("the demo's master schedule prints on %d pages, want 1 to %d", pages, maxSchedulePages)
	}
}

// pdfPages counts the page objects of a PDF (LibreOffice writes them uncompressed).
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}
