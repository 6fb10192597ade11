package exports

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestSafeFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Acme & Sons Ltd", "Acme_Sons_Ltd.xlsx"},
		{"acme.xlsx", "acme.xlsx"},
		{"../../etc/passwd", "etc_passwd.xlsx"},
		{"Zoë’s Widgets", "Zo_s_Widgets.xlsx"},
		{"", "itinerary.xlsx"},
		{"...", "itinerary.xlsx"},
		{"a..b", "a.b.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SafeFileName(tt.in, ".xlsx"); got != tt.want {
				t.Errorf("SafeFileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteItinerariesZip(t *testing.T) {
	a, b := sampleItinerary(t), sampleItinerary(t)
	b.FirmName = "Brum Foods"
	c := sampleItinerary(t)
	c.FirmName = "Acme again"
	made := time.Date(2026, 11, 30, 9, 15, 0, 0, time.UTC)
	books := []NamedBook{{"Acme & Sons", a, made}, {"Brum Foods.xlsx", b, made}, {"ACME  SONS", c, made}}
	var buf bytes.Buffer
	if err := WriteItinerariesZip(&buf, books); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"Acme_Sons.xlsx", "Brum_Foods.xlsx", "ACME_SONS-2.xlsx"}
	wantFirms := []string{"Acme & Sons", "Brum Foods", "Acme again"}
	if len(zr.File) != len(wantNames) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(wantNames))
	}
	for i, e := range zr.File {
		if e.Name != wantNames[i] {
			t.Errorf("entry %d = %q, want %q", i, e.Name, wantNames[i])
		}
		// Without a date zip tools show 1980-00-00.
		if !e.Modified.Equal(made) {
			t.Errorf("entry %d dated %s, want %s", i, e.Modified, made)
		}
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		wantText(t, f, "Itinerary", "A1", "Day")
		wantValue(t, f, "Itinerary", "C3", "14:30")
		props, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if want := "Chicago 2027 – " + wantFirms[i] + " itinerary"; props.Title != want {
			t.Errorf("%s: title %q, want %q", e.Name, props.Title, want)
		}
		f.Close()
	}
}

func TestWriteItinerariesZipReportsBadBook(t *testing.T) {
	bad := sampleItinerary(t)
	bad.Zone = nil
	if err := WriteItinerariesZip(io.Discard, []NamedBook{{FileName: "x", Book: bad}}); err == nil {
		t.Fatal("want an error")
	}
}
