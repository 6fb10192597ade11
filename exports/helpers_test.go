package exports

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// reopenBook reads a written workbook back.
func reopenBook(t *testing.T, buf *bytes.Buffer) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func cellText(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

// wantValue checks a cell's formatted value.
func wantValue(t *testing.T, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	if got := cellText(t, f, sheet, ref); got != want {
		t.Errorf("%s!%s = %q, want %q", sheet, ref, got, want)
	}
}

// wantText checks a cell holds the string want, not a formula.
func wantText(t *testing.T, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	wantValue(t, f, sheet, ref, want)
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("%s!%s type = %v, want a string", sheet, ref, typ)
	}
	if fml, _ := f.GetCellFormula(sheet, ref); fml != "" {
		t.Errorf("%s!%s has formula %q", sheet, ref, fml)
	}
}

// wantDate checks a cell holds a number (an Excel serial date) formatted
// with numFmt, and its raw serial equals the wall clock want.
func wantDate(t *testing.T, f *excelize.File, sheet, ref, numFmt string, want time.Time) {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("%s!%s type = %v, want a number", sheet, ref, typ)
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if style.CustomNumFmt == nil || *style.CustomNumFmt != numFmt {
		t.Errorf("%s!%s number format = %v (id %d), want %q", sheet, ref, style.CustomNumFmt, style.NumFmt, numFmt)
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := excelize.ExcelDateToTime(rawSerial(t, raw), false)
	if err != nil {
		t.Fatalf("%s!%s raw %q: %v", sheet, ref, raw, err)
	}
	if d := got.Sub(want); d > time.Second || d < -time.Second {
		t.Errorf("%s!%s = %v, want %v", sheet, ref, got, want)
	}
}

func rawSerial(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

// checkPrintReady checks landscape, fit to width and the repeated header row.
func checkPrintReady(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Orientation == nil || *pl.Orientation != "landscape" {
		t.Errorf("%s: orientation = %v, want landscape", sheet, pl.Orientation)
	}
	if pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("%s: fit to width = %v, want 1", sheet, pl.FitToWidth)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: FitToPage not set", sheet)
	}
	wantDefinedName(t, f, "_xlnm.Print_Titles", sheet, "'"+sheet+"'!$1:$1")
}

func wantDefinedName(t *testing.T, f *excelize.File, name, scope, refersTo string) {
	t.Helper()
	var seen []string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == name && dn.Scope == scope {
			if dn.RefersTo != refersTo {
				t.Errorf("%s (%s) refers to %q, want %q", name, scope, dn.RefersTo, refersTo)
			}
			return
		}
		seen = append(seen, dn.Name+"@"+dn.Scope+"="+dn.RefersTo)
	}
	t.Errorf("no defined name %s scoped to %s; have %v", name, scope, seen)
}

// checkFrozenHeader checks the pane is frozen with topLeft as its first
// scrolling cell.
func checkFrozenHeader(t *testing.T, f *excelize.File, sheet, topLeft string) {
	t.Helper()
	p, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Freeze || p.TopLeftCell != topLeft {
		t.Errorf("%s: panes = %+v, want frozen at %s", sheet, p, topLeft)
	}
}

// wantMerges checks the merged ranges of a sheet.
func wantMerges(t *testing.T, f *excelize.File, sheet string, want ...string) {
	t.Helper()
	mc, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range mc {
		got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s: merged %v, want %v", sheet, got, want)
	}
}
