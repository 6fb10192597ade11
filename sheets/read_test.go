package sheets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// zipPart is one entry of a zip built by a test. When raw is set, the entry is written
// pre-compressed with the declared size and CRC given, which may lie.
type zipPart struct {
	name     string
	body     []byte
	raw      []byte
	declared uint64
	crc      uint32
}

func buildZip(t testing.TB, parts []zipPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.raw != nil {
			w, err = zw.CreateRaw(&zip.FileHeader{
				Name: p.name, Method: zip.Deflate, CRC32: p.crc,
				CompressedSize64: uint64(len(p.raw)), UncompressedSize64: p.declared,
			})
			if err == nil {
				_, err = w.Write(p.raw)
			}
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
			if err == nil {
				_, err = w.Write(p.body)
			}
		}
		if err != nil {
			t.Fatalf("zip %s: %v", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// minimalXLSX returns the parts of the smallest workbook excelize opens, with sheetData as given.
func minimalXLSX(sheetData string) []zipPart {
	return []zipPart{
		{name: "[Content_Types].xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{name: "_rels/.rels", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Firms" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{name: "xl/_rels/workbook.xml.rels", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
		{name: "xl/worksheets/sheet1.xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`)},
	}
}

// goodXLSX is a workbook as Excel users make them: a header, padded cells, a gap row,
// trailing empty rows, a second sheet that must be ignored.
func goodXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "company_name")
	set("B1", " sector ")
	set("C1", "employees")
	set("A2", "  Acme Widgets Ltd ")
	set("B2", "advanced_manufacturing")
	set("C2", 42)
	set("A4", "Brum Digital, Ltd; \"quoted\"")
	set("B4", "digital_technology")
	set("A9", "   ") // whitespace only: a trailing empty row once trimmed
	if _, err := f.NewSheet("Other"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Other", "A1", "not me"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var goodXLSXRows = [][]string{
	{"company_name", "sector", "employees"},
	{"Acme Widgets Ltd", "advanced_manufacturing", "42"},
	{},
	{"Brum Digital, Ltd; \"quoted\"", "digital_technology"},
}

const goodCSV = "\xef\xbb\xbfcompany_name,sector,employees\r\n  Acme Widgets Ltd ,advanced_manufacturing,42\r\n\r\n\"Brum Digital, Ltd; \"\"quoted\"\"\",digital_technology,,\r\n,,\r\n"

func wantImportError(t *testing.T, err error, msg string) {
	t.Helper()
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v (%T), want *ImportError %q", err, err, msg)
	}
	if msg != "" && ie.Message != msg {
		t.Fatalf("message = %q, want %q", ie.Message, msg)
	}
}

func TestReadTableGoodFiles(t *testing.T) {
	tests := []struct {
		name, filename string
		data           []byte
		want           [][]string
	}{
		{"xlsx", "firms.xlsx", goodXLSX(t), goodXLSXRows},
		{"xlsx named csv is judged by content", "firms.csv", goodXLSX(t), goodXLSXRows},
		{"csv with BOM", "firms.csv", []byte(goodCSV), goodXLSXRows},
		{"csv named txt", "firms.TXT", []byte("a,b\n1,2\n"), [][]string{{"a", "b"}, {"1", "2"}}},
		{"csv without a name", "", []byte("a\n"), [][]string{{"a"}}},
		{"csv multi-line cell keeps row numbers", "x.csv", []byte("h1,h2\n\"one\ntwo\nthree\",x\n\nlast\n"),
			[][]string{{"h1", "h2"}, {"one\ntwo\nthree", "x"}, {}, {"last"}}},
		{"csv stray quote is text", "x.csv", []byte("size\n5\" screen\n"), [][]string{{"size"}, {"5\" screen"}}},
		{"csv of blank lines", "x.csv", []byte("\r\n\n , \n"), [][]string{}},
		{"formula cells give cached values", "f.xlsx", buildZip(t, minimalXLSX(
			`<row r="1"><c r="A1" t="inlineStr"><is><t>total</t></is></c><c r="B1" t="inlineStr"><is><t>label</t></is></c></row>`+
				`<row r="2"><c r="A2"><f>1+1</f><v>3</v></c><c r="B2" t="str"><f>UPPER("x")</f><v>cached</v></c></row>`)),
			[][]string{{"total", "label"}, {"3", "cached"}}},
		{"short dates read UK style", "d.xlsx", func() []byte {
			f := excelize.NewFile()
			defer f.Close()
			style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			_ = f.SetCellValue("Sheet1", "A1", "date")
			_ = f.SetCellValue("Sheet1", "A2", 46461) // 15 March 2027
			_ = f.SetCellStyle("Sheet1", "A2", "A2", style)
			var buf bytes.Buffer
			_ = f.Write(&buf)
			return buf.Bytes()
		}(), [][]string{{"date"}, {"15/03/2027"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadTable(bytes.NewReader(tt.data), tt.filename)
			if err != nil {
				t.Fatalf("ReadTable: %v", err)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(normaliseRows(got), normaliseRows(tt.want)) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// normaliseRows treats nil and empty rows alike.
func normaliseRows(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append([]string{}, r...)
	}
	return out
}

var zerosOnce = sync.OnceValues(func() ([]byte, uint32) {
	// 40 MB of zeros deflates to about 40 KB; shared by every entry of the bomb.
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
	zeros := make([]byte, 40<<20)
	_, _ = fw.Write(zeros)
	_ = fw.Close()
	return buf.Bytes(), crc32.ChecksumIEEE(zeros)
})

// zipBomb is an xlsx-like zip whose three sheets honestly expand to 40 MB of zeros each:
// every entry is under the per-entry limit, the 120 MB total is over the archive limit.
func zipBomb(t testing.TB) []byte {
	raw, crc := zerosOnce()
	parts := minimalXLSX("")
	for i := 2; i <= 4; i++ {
		parts = append(parts, zipPart{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i), raw: raw, declared: 40 << 20, crc: crc})
	}
	return buildZip(t, parts)
}

func TestReadTableRefusals(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	manyEntries := make([]zipPart, 0, 5000)
	manyEntries = append(manyEntries, minimalXLSX("")...)
	for i := len(manyEntries); i < 5000; i++ {
		manyEntries = append(manyEntries, zipPart{name: fmt.Sprintf("xl/media/x%d", i)})
	}
	var tooManyRowsCSV, tooManyColsCSV strings.Builder
	for i := 0; i <= MaxImportRows+1; i++ {
		fmt.Fprintf(&tooManyRowsCSV, "row %d\n", i)
	}
	tooManyColsCSV.WriteString("h\n" + strings.Repeat("x,", MaxImportColumns) + "x\n")
	oneBig, _ := zerosOnce()
	latin1 := []byte("company_name\nCaf\xe9 Z\xfcrich Ltd\n")

	tests := []struct {
		name, filename string
		data           []byte
		msg            string
	}{
		{"oversized", "big.csv", bytes.Repeat([]byte("a,b,c\n"), 11<<20/6), msgImportTooLarge},
		{"png", "photo.png", png, msgImportNotTable},
		{"png named csv", "photo.csv", png, msgImportNotTable},
		{"random bytes", "data.xlsx", random, msgImportNotTable},
		{"text file named xlsx", "firms.xlsx", []byte("company_name,sector\nAcme,automotive\n"), msgImportNotTable},
		{"text file named pdf", "firms.pdf", []byte("company_name\n"), msgImportNotTable},
		{"old xls / encrypted xlsx", "firms.xls", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), msgImportNotTable},
		{"zip that is not a workbook", "doc.docx", buildZip(t, []zipPart{{name: "word/document.xml", body: []byte("<w/>")}}), msgImportNotTable},
		{"truncated zip", "firms.xlsx", goodXLSX(t)[:200], msgImportNotTable},
		{"zip bomb over 100 MB in total", "bomb.xlsx", zipBomb(t), msgImportUnpacked},
		{"entry declaring 60 MB", "bomb.xlsx", buildZip(t, append(minimalXLSX(""),
			zipPart{name: "xl/sharedStrings.xml", raw: oneBig[:100], declared: 60 << 20})), msgImportUnpacked},
		{"5,000 tiny entries", "many.xlsx", buildZip(t, manyEntries), msgImportUnpacked},
		{"too many rows (csv)", "rows.csv", []byte(tooManyRowsCSV.String()), msgImportTooManyRows},
		{"too many columns (csv)", "cols.csv", []byte(tooManyColsCSV.String()), msgImportTooManyCols},
		{"too many rows (xlsx, far row)", "far.xlsx", buildZip(t, minimalXLSX(
			`<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="1048576"><c r="A1048576"><v>1</v></c></row>`)), msgImportTooManyRows},
		{"too many columns (xlsx)", "wide.xlsx", buildZip(t, minimalXLSX(`<row r="1"><c r="XFD1"><v>1</v></c></row>`)), msgImportTooManyCols},
		{"row beyond Excel's limit", "huge.xlsx", buildZip(t, minimalXLSX(`<row r="99999999"><c r="A99999999"><v>1</v></c></row>`)), ""},
		{"latin-1 csv", "firms.csv", latin1, msgImportNotUTF8},
		{"empty file", "firms.csv", nil, msgImportEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadTable(bytes.NewReader(tt.data), tt.filename)
			if err == nil {
				t.Fatalf("accepted, rows = %.200q", rows)
			}
			wantImportError(t, err, tt.msg)
		})
	}
}

func TestReadTableTooManyRowsXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= MaxImportRows+2; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, []any{r}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err = ReadTable(bytes.NewReader(buf.Bytes()), "rows.xlsx")
	wantImportError(t, err, msgImportTooManyRows)

	// Exactly the limit is fine, and trailing empty rows beyond it are not counted.
	rows, err := ReadTable(strings.NewReader(strings.Repeat("x\n", MaxImportRows+1)+strings.Repeat(",\n", 10)), "ok.csv")
	if err != nil || len(rows) != MaxImportRows+1 {
		t.Fatalf("at the limit: %d rows, err %v", len(rows), err)
	}
}

// An entry declaring 1,000 bytes but inflating to 40 MB passes the directory check; archive/zip
// stops inflating at the declared size, so it reads as a (broken, hence empty) sheet without
// ever holding the 40 MB.
func TestReadTableEntryLyingLowIsCutOff(t *testing.T) {
	raw, _ := zerosOnce()
	data := buildZip(t, append(minimalXLSX("")[:4], zipPart{name: "xl/worksheets/sheet1.xml", raw: raw, declared: 1000}))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rows, err := ReadTable(bytes.NewReader(data), "lie.xlsx")
	runtime.ReadMemStats(&after)
	if err == nil && len(rows) != 0 {
		t.Fatalf("rows = %.200q", rows)
	}
	if err != nil {
		wantImportError(t, err, "")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("allocated %d MB reading a 1,000-byte entry", alloc>>20)
	}
}

type uploadErrReader struct{}

func (uploadErrReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadTableReadError(t *testing.T) {
	_, err := ReadTable(uploadErrReader{}, "x.csv")
	var ie *ImportError
	if err == nil || errors.As(err, &ie) || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("err = %v", err)
	}
}

// countingReader proves ReadTable stops reading just past the limit.
type countingReader struct{ n int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n += int64(len(p))
	return len(p), nil
}

func TestReadTableReadsAtMostLimit(t *testing.T) {
	cr := &countingReader{}
	_, err := ReadTable(cr, "endless.csv")
	wantImportError(t, err, msgImportTooLarge)
	if cr.n > MaxUploadBytes+64<<10 {
		t.Errorf("read %d bytes from an endless upload", cr.n)
	}
}

// Run it with a short -fuzzminimizetime (see the README): the fuzzer minimises every input that
// reaches new code before counting another execution, for up to a minute by default, and each
// try opens a workbook with excelize (about 5 ms here), so it spent most of its time minimising,
// shown as 0 execs/s. The seeds are small stored (uncompressed) workbooks rather than one saved by
// excelize (5 KB deflated), which shortens each minimisation but does not remove the cause.
func FuzzReadTable(f *testing.F) {
	f.Add(buildZip(f, minimalXLSX(`<row r="1"><c r="A1" t="inlineStr"><is><t>company_name</t></is></c><c r="B1" t="inlineStr"><is><t> sector </t></is></c><c r="C1" t="inlineStr"><is><t>employees</t></is></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>  Acme Widgets Ltd </t></is></c><c r="B2" t="inlineStr"><is><t>advanced_manufacturing</t></is></c><c r="C2"><v>42</v></c></row>`+
		`<row r="4"><c r="A4" t="inlineStr"><is><t>Brum Digital, Ltd</t></is></c></row><row r="9"><c r="A9" t="inlineStr"><is><t>   </t></is></c></row>`)), "firms.xlsx")
	f.Add([]byte(goodCSV), "firms.csv")
	f.Add([]byte("size\n5\" screen\n\"a\nb\",c\n"), "x.csv")
	f.Add([]byte("company_name\nCaf\xe9\n"), "latin1.csv")
	f.Add(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...), "photo.png")
	f.Add(buildZip(f, minimalXLSX(`<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c><c r="B1" t="s"><v>7</v></c></row><row r="2"><c r="A2"><f>1+1</f><v>3</v></c></row>`)), "f.xlsx")
	f.Add(buildZip(f, append(minimalXLSX("")[:4], zipPart{name: "xl/worksheets/sheet1.xml", raw: []byte{0x4b, 0x04, 0x00}, declared: 1000})), "lie.xlsx")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		// The fuzzer has no per-input timeout: crash the worker so a hanging input is saved.
		hang := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("ReadTable hangs on %d bytes named %q", len(data), name)) })
		defer hang.Stop()
		rows, err := ReadTable(bytes.NewReader(data), name)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || ie.Message == "" {
				t.Fatalf("non-ImportError for in-memory input: %v", err)
			}
			return
		}
		if len(rows) > MaxImportRows+1 {
			t.Fatalf("%d rows passed the limit", len(rows))
		}
		for i, r := range rows {
			if len(r) > MaxImportColumns {
				t.Fatalf("row %d has %d columns", i, len(r))
			}
			if i == len(rows)-1 && len(r) == 0 {
				t.Fatalf("trailing empty row kept")
			}
			for _, c := range r {
				if c != strings.TrimSpace(c) {
					t.Fatalf("untrimmed cell %q", c)
				}
			}
		}
	})
}
