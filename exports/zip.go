package exports

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// NamedBook is one firm's itinerary and the file name it gets in a zip.
type NamedBook struct {
	FileName string
	Book     ItineraryBook
	Modified time.Time // the entry's date in the zip (without one, zip tools show 1980)
}

// WriteItinerariesZip writes every firm's itinerary workbook into one zip.
// File names are reduced to ASCII letters, digits, dash, underscore and dot,
// end in .xlsx and are made unique (ignoring case, as Windows and macOS do).
// On error the zip written so far is incomplete and must not be served.
func WriteItinerariesZip(w io.Writer, books []NamedBook) error {
	zw := zip.NewWriter(w)
	used := make(map[string]bool, len(books))
	for i, b := range books {
		name := uniqueName(SafeFileName(b.FileName, ".xlsx"), used)
		// xlsx files are already deflated: storing them saves CPU for nothing lost.
		entry, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: b.Modified})
		if err != nil {
			return fmt.Errorf("exports: itineraries zip: entry %d %q: %w", i, name, err)
		}
		if err := WriteItinerary(entry, b.Book); err != nil {
			return fmt.Errorf("exports: itineraries zip: %q: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("exports: itineraries zip: close: %w", err)
	}
	return nil
}

// SafeFileName makes a download or zip entry name: it keeps ASCII letters, digits, '-', '_' and '.',
// turns runs of anything else into one '_', and ensures the extension ext (".xlsx", ".zip").
func SafeFileName(s, ext string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ext)
	var b strings.Builder
	lastSub := false
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if ok {
			b.WriteRune(r)
			lastSub = false
		} else if !lastSub {
			b.WriteByte('_')
			lastSub = true
		}
	}
	// No hidden files, no "..", no empty names; keep names short for old tools.
	name := strings.Trim(b.String(), "._-")
	for strings.Contains(name, "..") {
		name = strings.ReplaceAll(name, "..", ".")
	}
	if len(name) > 100 {
		name = strings.Trim(name[:100], "._-")
	}
	if name == "" {
		name = "itinerary"
	}
	return name + ext
}

// uniqueName adds -2, -3… before the extension until name is unused.
func uniqueName(name string, used map[string]bool) string {
	base := strings.TrimSuffix(name, ".xlsx")
	for k := 2; used[strings.ToLower(name)]; k++ {
		name = base + "-" + strconv.Itoa(k) + ".xlsx"
	}
	used[strings.ToLower(name)] = true
	return name
}
