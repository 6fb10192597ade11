package sheets

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// MaxUploadBytes is the largest spreadsheet upload ReadTable accepts.
const MaxUploadBytes = 10 << 20

// Limits on what an upload may contain, beyond its size on the wire. A genuine import of
// MaxImportRows × MaxImportColumns cells fits well inside the unzip limits.
const (
	MaxImportRows    = 5000 // rows below the header row
	MaxImportColumns = 100

	maxImportZipEntries    = 1000
	maxImportUnzippedBytes = 100 << 20 // all entries together, as declared in the zip's directory
	maxImportEntryBytes    = 50 << 20  // any one entry
)

// Messages of the refusals a person can act on; handlers show them as they are.
const (
	msgImportTooLarge    = "The file must be smaller than 10 MB"
	msgImportEmpty       = "The selected file is empty"
	msgImportNotTable    = "The selected file must be a spreadsheet (.xlsx) or a CSV file"
	msgImportUnpacked    = "The spreadsheet is too large once unpacked: remove other sheets, pictures and formatting, or save it as CSV, and try again"
	msgImportUnreadable  = "The spreadsheet could not be read: open it in Excel, save it again as .xlsx and try again"
	msgImportNoSheet     = "The spreadsheet has no sheets"
	msgImportTooManyRows = "The file must have at most 5,000 rows below the header row: split it into smaller files"
	msgImportTooManyCols = "The file must have at most 100 columns"
	msgImportNotUTF8     = "The CSV file must be saved as UTF-8: in Excel choose Save As, then \"CSV UTF-8 (Comma delimited)\""
)

// ImportError is a refusal a person can act on (Message is shown on the page as is).
type ImportError struct{ Message string }

func (e *ImportError) Error() string { return e.Message }

func refuseImport(msg string) error { return &ImportError{Message: msg} }

// ReadTable reads the first sheet of an .xlsx upload, or a comma-separated UTF-8 CSV upload, into
// rows of trimmed cell strings. rows[i] is spreadsheet row i+1, so rows[0] is the header; empty
// rows in the middle are kept as empty slices, empty cells at the end of a row and empty rows at
// the end of the file are dropped. The format is judged by content: a text file is read as CSV only
// when its name ends in .csv or .txt (or no name is given). Cells hold what Excel shows: formulas
// give their cached value (never evaluated) and short dates read as dd/mm/yyyy.
//
// Uploads that are too large, not spreadsheets, zip bombs, or over MaxImportRows or
// MaxImportColumns are refused with *ImportError; other errors come from reading r.
func ReadTable(r io.Reader, filename string) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("sheets: read upload %q: %w", filename, err)
	}
	if len(data) > MaxUploadBytes {
		return nil, refuseImport(msgImportTooLarge)
	}
	if len(data) == 0 {
		return nil, refuseImport(msgImportEmpty)
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data)
	}
	if looksBinary(data) {
		return nil, refuseImport(msgImportNotTable)
	}
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".csv", ".txt", "":
		return readCSV(data)
	}
	return nil, refuseImport(msgImportNotTable)
}

// looksBinary reports whether data has control bytes that no CSV file contains, which rules out
// images, PDFs, old .xls files and password-protected workbooks without guessing from the name.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	for _, b := range head {
		if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7f {
			return true
		}
	}
	return false
}

// importTable collects rows and enforces the row and column limits as they arrive, so a
// hostile file cannot make us hold more than MaxImportRows+1 rows.
type importTable struct {
	rows     [][]string
	lastUsed int // index of the last non-empty row, -1 if none
}

func (t *importTable) add(index int, cells []string) error {
	end := 0
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
		if cells[i] != "" {
			end = i + 1
		}
	}
	cells = cells[:end]
	if len(cells) > MaxImportColumns {
		return refuseImport(msgImportTooManyCols)
	}
	if index > MaxImportRows {
		if len(cells) == 0 {
			return nil // possibly a trailing empty row: dropped, and not worth keeping
		}
		return refuseImport(msgImportTooManyRows)
	}
	for len(t.rows) < index { // rows the reader skipped over are empty
		t.rows = append(t.rows, nil)
	}
	t.rows = append(t.rows, cells)
	if len(cells) > 0 {
		t.lastUsed = index
	}
	return nil
}

func (t *importTable) result() [][]string { return t.rows[:t.lastUsed+1] }

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, refuseImport(msgImportNotUTF8)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // rows may differ in length, as spreadsheet rows do
	cr.LazyQuotes = true    // a stray quote in a cell (5" screen) is text, not an error
	t := importTable{lastUsed: -1}
	// encoding/csv skips blank lines, which Excel shows as empty rows; track how many extra
	// lines multi-line cells took so that rows[i] is still the row Excel would number i+1.
	continuation := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return nil, refuseImport(fmt.Sprintf("Line %d of the CSV file could not be read: check its quote marks", perr.StartLine))
		}
		if err != nil {
			return nil, refuseImport(msgImportNotTable)
		}
		first, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		index := first - 1 - continuation
		continuation += last - first + strings.Count(rec[len(rec)-1], "\n")
		if err := t.add(index, rec); err != nil {
			return nil, err
		}
	}
	return t.result(), nil
}

// checkZipDirectory refuses zip bombs from the central directory alone, before anything is
// decompressed. archive/zip never inflates an entry beyond its declared size, so declared
// sizes bound what excelize can unpack.
func checkZipDirectory(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return refuseImport(msgImportNotTable)
	}
	if len(zr.File) > maxImportZipEntries {
		return refuseImport(msgImportUnpacked)
	}
	var total uint64
	workbook := false
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxImportEntryBytes {
			return refuseImport(msgImportUnpacked)
		}
		total += f.UncompressedSize64
		if total > maxImportUnzippedBytes {
			return refuseImport(msgImportUnpacked)
		}
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), "xl/workbook.xml") {
			workbook = true
		}
	}
	if !workbook { // a .docx, .odt, .jar or plain zip
		return refuseImport(msgImportNotTable)
	}
	return nil
}

func readXLSX(data []byte) (rows [][]string, err error) {
	if err := checkZipDirectory(data); err != nil {
		return nil, err
	}
	// excelize is a large parser fed hostile input: a panic inside it must not take the
	// request (or the server) down, and the person can still be told what to do.
	defer func() {
		if p := recover(); p != nil {
			rows, err = nil, refuseImport(msgImportUnreadable)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxImportUnzippedBytes,
		UnzipXMLSizeLimit: maxImportEntryBytes, // no entry is larger, so nothing spills to temp files
		ShortDatePattern:  "dd/mm/yyyy",
	})
	if err != nil {
		return nil, refuseImport(msgImportUnreadable)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, refuseImport(msgImportNoSheet)
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, refuseImport(msgImportUnreadable)
	}
	defer it.Close()
	t := importTable{lastUsed: -1}
	for index := 0; it.Next(); index++ {
		cells, err := it.Columns()
		if err != nil {
			return nil, refuseImport(msgImportUnreadable)
		}
		if err := t.add(index, cells); err != nil {
			return nil, err
		}
	}
	if it.Error() != nil {
		return nil, refuseImport(msgImportUnreadable)
	}
	return t.result(), nil
}
