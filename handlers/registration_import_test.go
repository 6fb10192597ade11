package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

const importHeader = "Company name,Companies House number,Website,Address,Town or city,Postcode,Sector,Employees,Export experience,US presence,Description,Contact name,Contact email,Contact phone,Objectives,Target sectors,Wants to meet\n"

func csvFile(rows ...string) []byte { return []byte(importHeader + strings.Join(rows, "\n") + "\n") }

var batchRe = regexp.MustCompile(`name="batch_id" value="(\d+)"`)

func confirmValues(t *testing.T, body string, expected int) map[string][]string {
	t.Helper()
	m := batchRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confirm form in:\n%s", body)
	}
	return map[string][]string{"batch_id": {m[1]}, "expected": {fmt.Sprint(expected)}}
}

func TestImportRegistrations(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		m := openMission(t, a, 10)
		existing := register(t, a, openMission(t, a, 10), "Digbeth Data Ltd", "99000010") // in the directory, not on this mission
		path := fmt.Sprintf("/missions/%d/registrations/import", m.ID)

		page := c.Get(path)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, path+"/template.xlsx") || !strings.Contains(page.Body, `enctype="multipart/form-data"`) {
			t.Fatalf("import page: %d", page.Status)
		}
		tpl := c.Get(path + "/template.xlsx")
		f, err := excelize.OpenReader(strings.NewReader(tpl.Body))
		if err != nil || tpl.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("template: %v %s", err, tpl.Header.Get("Content-Type"))
		}
		if v, _ := f.GetCellValue("Firms", "A1"); v != "Company name" {
			t.Fatalf("template A1 = %q", v)
		}

		// Refused files: 422 with the reader's message, nothing kept.
		for _, tc := range []struct {
			name, filename string
			content        []byte
			want           string
		}{
			{"oversized", "big.csv", append(csvFile(), bytes.Repeat([]byte("x"), 10<<20)...), "The file must be smaller than 10 MB"},
			{"not a spreadsheet", "logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "must be a spreadsheet (.xlsx) or a CSV file"},
			{"zip bomb", "bomb.xlsx", zipBomb(t), "too large once unpacked"},
			{"CSV not in UTF-8", "latin1.csv", []byte(importHeader + "Caf\xe9 Brum Ltd,,,,,B1 1BB,Agri-food,,,,,Jo,jo@example.co.uk\n"), "must be saved as UTF-8"},
			{"corrupt workbook", "corrupt.xlsx", corruptWorkbook(t), "could not be read"},
			{"truncated workbook", "truncated.xlsx", []byte("PK\x03\x04\x14\x00\x00\x00"), "must be a spreadsheet"},
			{"empty", "empty.csv", nil, "The selected file is empty"},
			{"wrong columns", "wrong.csv", []byte("Name,Colour\nAcme,red\n"), "The file has no “Postcode” column"},
			{"no file", "", nil, "Select a spreadsheet"},
		} {
			c.Get(path)
			var r *apptest.Response
			if tc.filename == "" {
				r = c.PostForm(path, nil)
			} else {
				r = upload(t, c, path, tc.filename, tc.content, nil)
			}
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "There is a problem") || !strings.Contains(r.Body, tc.want) {
				t.Errorf("%s: %d, want 422 with %q", tc.name, r.Status, tc.want)
			}
		}
		var n int64
		db.Model(&models.ImportBatch{}).Count(&n)
		if n != 0 {
			t.Fatalf("refused files kept %d batches", n)
		}

		// A file with good, bad and duplicate rows: a preview with every problem by row and column.
		file := csvFile(
			"Aston Robotics Ltd,99000011,,,Birmingham,B6 4BB,Advanced manufacturing,10 to 49,some,no,,Kim Lee,kim@example.co.uk,,Find distributors,Automotive,Distributor",
			"Bad Postcode Ltd,,,,Birmingham,Chicago,Agri-food,,,,,Jo Bloggs,jo@example.co.uk,,,,",
			"Aston Robotics (again),99000011,,,Birmingham,B6 4BB,Advanced manufacturing,,,,,Kim Lee,kim@example.co.uk,,,,",
			"Digbeth Data Ltd,99000010,,,Birmingham,B1 1BB,Digital technology,,,,,Alex Example,alex@example.co.uk,,,,Investor",
			"Widget Works Ltd,,,,Birmingham,B5 5JJ,Widgets,,,,,Sam Hill,sam@example.co.uk,,,,",
		)
		c.Get(path)
		r := upload(t, c, path, "firms.csv", file, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("preview: %d\n%s", r.Status, r.Body)
		}
		for _, want := range []string{
			"2 rows can be imported", "1 new firm", "1 already in the directory", "3 rows have problems",
			"Row 3, column “Postcode”: Enter a real UK postcode", "Row 4, column “Companies House number”: The same firm as row 2",
			"Row 6, column “Sector”: “Widgets” is not on the list", "Already in the directory as Digbeth Data Ltd",
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		db.Model(&models.Registration{}).Where("mission_id = ?", m.ID).Count(&n)
		if n != 0 {
			t.Fatalf("the preview imported %d rows", n)
		}

		// The directory changes between the preview and the confirmation: nothing is imported.
		stale := confirmValues(t, r.Body, 2)
		reg := models.Registration{}
		if err := a.Store.RegisterFirm(context.Background(), nil, m, testNow, existing.FirmID, nil, &reg); err != nil {
			t.Fatal(err)
		}
		r2 := c.PostForm(path, stale)
		if r2.Status != http.StatusConflict || !strings.Contains(r2.Body, "Nothing has been imported yet") || !strings.Contains(r2.Body, "Digbeth Data Ltd is already registered for this mission") {
			t.Fatalf("stale confirmation: %d\n%s", r2.Status, r2.Body)
		}
		db.Model(&models.Registration{}).Where("mission_id = ?", m.ID).Count(&n)
		if n != 1 {
			t.Fatalf("a stale confirmation imported rows: %d registrations", n)
		}

		// Confirming the fresh preview imports the one remaining row, once.
		r3 := c.PostForm(path, confirmValues(t, r2.Body, 1))
		if r3.Status != http.StatusSeeOther || !strings.Contains(c.Get(r3.Location()).Body, "Imported 1 registrations (1 new firms added to the directory)") {
			t.Fatalf("confirm: %d %s", r3.Status, r3.Location())
		}
		var firm models.Firm
		if err := db.Where("companies_house_number = ?", "99000011").First(&firm).Error; err != nil || firm.Postcode != "B6 4BB" || firm.ContactEmail != "kim@example.co.uk" {
			t.Fatalf("imported firm: %+v %v", firm, err)
		}
		if again := c.PostForm(path, confirmValues(t, r2.Body, 1)); again.Status != http.StatusConflict || !strings.Contains(again.Body, "already been imported") {
			t.Fatalf("second confirmation: %d", again.Status)
		}
		db.Model(&models.Registration{}).Where("mission_id = ?", m.ID).Count(&n)
		if n != 2 {
			t.Fatalf("registrations after import: %d, want 2", n)
		}

		// An .xlsx upload with numbers Excel stored without their leading zero.
		x := excelize.NewFile()
		for i, h := range strings.Split(strings.TrimSpace(importHeader), ",") {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			x.SetCellValue("Sheet1", cell, h)
		}
		x.SetSheetRow("Sheet1", "A2", &[]any{"Moseley Foods Ltd", 1234567, "moseley.example.co.uk", "", "Birmingham", "B13 8AA", "agri_food", "1-9", "none", "No", "", "Ruth Ade", "ruth@example.co.uk", "0121 496 0055"})
		var buf bytes.Buffer
		x.Write(&buf)
		c.Get(path)
		r = upload(t, c, path, "firms.xlsx", buf.Bytes(), nil)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "1 row can be imported") {
			t.Fatalf("xlsx preview: %d\n%s", r.Status, r.Body)
		}
		if r := c.PostForm(path, confirmValues(t, r.Body, 1)); r.Status != http.StatusSeeOther {
			t.Fatalf("xlsx confirm: %d", r.Status)
		}
		var moseley models.Firm
		if err := db.Where("companies_house_number = ?", "01234567").First(&moseley).Error; err != nil || moseley.Website != "https://moseley.example.co.uk" {
			t.Fatalf("xlsx firm: %+v %v", moseley, err)
		}
	})
}

// zipBomb is a small .xlsx-looking zip whose one entry unpacks to 200 MB.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/workbook.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for i := 0; i < 200; i++ {
		w.Write(chunk)
	}
	zw.Close()
	return buf.Bytes()
}

// corruptWorkbook is a zip with the parts of a workbook whose XML is not XML.
func corruptWorkbook(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "_rels/.rels"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<<not xml"))
	}
	zw.Close()
	return buf.Bytes()
}
