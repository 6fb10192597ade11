// Package libreoffice lets tests print workbooks as LibreOffice does: it converts files to PDF with
// soffice and counts the pages. Tests only; without LibreOffice they skip, or fail when CI=true.
package libreoffice

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// Find returns LibreOffice's soffice. Without it the test skips, saying that what is not checked,
// unless CI=true, when it fails. Call it before any costly set-up.
func Find(t testing.TB, what string) (soffice string) {
	t.Helper()
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
		t.Skipf("LibreOffice not found (apt-get install -y libreoffice-calc-nogui): %s is not checked", what)
	}
	return soffice
}

// ToPDF writes each file (name → contents, for example "roster.xlsx") to a temporary directory,
// converts them all to PDF in one start of soffice (from Find) and returns each PDF by its file's
// name ("roster.xlsx" → the bytes of roster.pdf).
func ToPDF(t testing.TB, soffice string, files map[string][]byte) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	// A profile of its own, so a LibreOffice already running (or another test) does not take the job.
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, filepath.Join(dir, name))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	pdfs := make(map[string][]byte, len(files))
	for name := range files {
		pdfName := name[:len(name)-len(filepath.Ext(name))] + ".pdf"
		pdf, err := os.ReadFile(filepath.Join(dir, pdfName))
		if err != nil {
			t.Fatalf("LibreOffice did not convert %s: %v", name, err)
		}
		pdfs[name] = pdf
	}
	return pdfs
}

var pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)

// Pages counts the page objects of a PDF (LibreOffice writes them uncompressed).
func Pages(pdf []byte) int { return len(pageObject.FindAll(pdf, -1)) }
