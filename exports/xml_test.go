package exports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// TestColumnsAscending checks every worksheet's <col> elements are in
// ascending, non-overlapping order: the StreamWriter writes them as
// excelize holds them, and Excel repairs a file where they are not.
func TestColumnsAscending(t *testing.T) {
	books := map[string]func(io.Writer) error{
		"schedule":      func(w io.Writer) error { return WriteSchedule(w, sampleSchedule(t)) },
		"itinerary":     func(w io.Writer) error { return WriteItinerary(w, sampleItinerary(t)) },
		"registrations": func(w io.Writer) error { return WriteRegistrations(w, "M", []RegistrationRow{{CompanyName: "A"}}) },
	}
	for name, write := range books {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range zr.File {
				if !strings.HasPrefix(e.Name, "xl/worksheets/sheet") {
					continue
				}
				checkColsAscending(t, e)
			}
		})
	}
}

func checkColsAscending(t *testing.T, e *zip.File) {
	t.Helper()
	rc, err := e.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var ws struct {
		Cols []struct {
			Min int `xml:"min,attr"`
			Max int `xml:"max,attr"`
		} `xml:"cols>col"`
	}
	if err := xml.NewDecoder(rc).Decode(&ws); err != nil {
		t.Fatalf("%s: %v", e.Name, err)
	}
	prev := 0
	for _, c := range ws.Cols {
		if c.Min <= prev || c.Max < c.Min {
			t.Errorf("%s: <col min=%d max=%d> after max %d", e.Name, c.Min, c.Max, prev)
			return
		}
		prev = c.Max
	}
}
