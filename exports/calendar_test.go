package exports

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

func mustLoadLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func writeCalendarString(t *testing.T, cal Calendar) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCalendar(&buf, cal); err != nil {
		t.Fatalf("WriteCalendar: %v", err)
	}
	return buf.String()
}

// checkPhysicalLines asserts RFC 5545's framing: CRLF endings, at most 75 octets, valid UTF-8 per line.
func checkPhysicalLines(t *testing.T, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("output does not end with CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
	}
}

func parseICS(t *testing.T, out string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("golang-ical cannot parse our output: %v\n%s", err, out)
	}
	return cal
}

func icsProp(t *testing.T, ev *ics.VEvent, p ics.ComponentProperty) string {
	t.Helper()
	got := ev.GetProperty(p)
	if got == nil {
		t.Fatalf("event %s: no %s", ev.Id(), p)
	}
	return got.Value
}

func icsCalProp(cal *ics.Calendar, p ics.Property) (string, bool) {
	for _, cp := range cal.CalendarProperties {
		if cp.IANAToken == string(p) {
			return cp.Value, true
		}
	}
	return "", false
}

func TestWriteCalendarRoundTrip(t *testing.T) {
	chicago := mustLoadLocation(t, "America/Chicago")
	long := strings.Repeat("Café Zürich — Ünïcödé ☕ 日本語 🇬🇧; ", 12) + "\nSecond line, with commas; and semicolons\\ and a backslash"
	events := []CalendarEvent{
		{
			UID: "meeting-42@missionplanner", Sequence: 3,
			Start:   time.Date(2027, 3, 15, 10, 0, 0, 0, chicago), // CDT: UTC-5 (US clocks have changed, UK not yet)
			End:     time.Date(2027, 3, 15, 10, 30, 0, 0, chicago),
			Summary: "Meeting: Acme Ltd, Widgets; Inc.", Location: "233 S Wacker Dr, Chicago, IL 60606",
			Description: long,
			Updated:     time.Date(2027, 2, 1, 9, 30, 15, 0, time.UTC),
		},
		{
			UID: "programme-7@missionplanner", Sequence: 0,
			Start:   time.Date(2027, 3, 16, 18, 0, 0, 0, chicago),
			End:     time.Date(2027, 3, 16, 20, 0, 0, 0, chicago),
			Summary: "Welcome reception", Cancelled: true,
			Updated: time.Date(2027, 2, 2, 12, 0, 0, 0, time.UTC),
		},
	}
	out := writeCalendarString(t, Calendar{Name: "Birmingham, UK → Chicago; 2027", Events: events})
	checkPhysicalLines(t, out)

	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "PRODID:", "CALSCALE:GREGORIAN\r\n", "METHOD:PUBLISH\r\n",
		"DTSTART:20270315T150000Z\r\n", "DTEND:20270315T153000Z\r\n", "STATUS:CONFIRMED\r\n", "STATUS:CANCELLED\r\n",
		"SUMMARY:Meeting: Acme Ltd\\, Widgets\\; Inc.\r\n", "END:VCALENDAR\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}

	cal := parseICS(t, out)
	if got, _ := icsCalProp(cal, ics.PropertyXWRCalName); got != "Birmingham, UK → Chicago; 2027" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	for p, want := range map[ics.Property]string{ics.PropertyVersion: "2.0", ics.PropertyCalscale: "GREGORIAN", ics.PropertyMethod: "PUBLISH"} {
		if got, ok := icsCalProp(cal, p); !ok || got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	if got, ok := icsCalProp(cal, ics.PropertyProductId); !ok || got == "" {
		t.Errorf("PRODID missing")
	}

	parsed := cal.Events()
	if len(parsed) != len(events) {
		t.Fatalf("parsed %d events, want %d", len(parsed), len(events))
	}
	for i, want := range events {
		ev := parsed[i]
		if got := ev.Id(); got != want.UID {
			t.Errorf("UID = %q, want %q", got, want.UID)
		}
		if got := icsProp(t, ev, ics.ComponentPropertySequence); got != map[int]string{0: "3", 1: "0"}[i] {
			t.Errorf("SEQUENCE = %q", got)
		}
		for name, pair := range map[string][2]time.Time{
			"DTSTART":       {mustICSTime(ev.GetStartAt()), want.Start},
			"DTEND":         {mustICSTime(ev.GetEndAt()), want.End},
			"DTSTAMP":       {mustICSTime(ev.GetDtStampTime()), want.Updated},
			"LAST-MODIFIED": {mustICSTime(ev.GetLastModifiedAt()), want.Updated},
		} {
			if !pair[0].Equal(pair[1]) || pair[0].Location() != time.UTC {
				t.Errorf("event %d %s = %v, want %v in UTC", i, name, pair[0], pair[1])
			}
		}
		if got := icsProp(t, ev, ics.ComponentPropertySummary); got != want.Summary {
			t.Errorf("SUMMARY = %q, want %q", got, want.Summary)
		}
		wantStatus := "CONFIRMED"
		if want.Cancelled {
			wantStatus = "CANCELLED"
		}
		if got := icsProp(t, ev, ics.ComponentPropertyStatus); got != wantStatus {
			t.Errorf("STATUS = %q, want %q", got, wantStatus)
		}
		for p, w := range map[ics.ComponentProperty]string{ics.ComponentPropertyLocation: want.Location, ics.ComponentPropertyDescription: want.Description} {
			got := ev.GetProperty(p)
			switch {
			case w == "" && got != nil:
				t.Errorf("event %d: empty %s written as %q", i, p, got.Value)
			case w != "" && (got == nil || got.Value != w):
				t.Errorf("event %d: %s did not round-trip:\n got %v\nwant %q", i, p, got, w)
			}
		}
	}
}

func mustICSTime(t time.Time, err error) time.Time {
	if err != nil {
		panic(err)
	}
	return t
}

func TestWriteCalendarFolding(t *testing.T) {
	tests := []struct {
		name, value string
	}{
		{"ascii exactly fills first line", strings.Repeat("a", 75-len("DESCRIPTION:"))},
		{"ascii one over", strings.Repeat("a", 76-len("DESCRIPTION:"))},
		{"two-byte runes", strings.Repeat("é", 200)},
		{"three-byte runes", strings.Repeat("—", 200)},
		{"four-byte runes", strings.Repeat("🇬🇧", 100)},
		{"mixed", strings.Repeat("Café Zürich — ", 40)},
		{"escapes at fold", strings.Repeat(",;\\\n", 60)},
	}
	base := time.Date(2027, 3, 15, 15, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := writeCalendarString(t, Calendar{Name: "x", Events: []CalendarEvent{{
				UID: "u@missionplanner", Start: base, End: base.Add(time.Hour), Updated: base, Summary: "s", Description: tt.value,
			}}})
			checkPhysicalLines(t, out)
			// Unfold by hand (RFC 5545 §3.1): CRLF followed by one space disappears.
			unfolded := strings.ReplaceAll(out, "\r\n ", "")
			if !strings.Contains(unfolded, "\r\nDESCRIPTION:"+icsEscapeText(tt.value)+"\r\n") {
				t.Errorf("unfolded output lacks the escaped description")
			}
			if got := icsProp(t, parseICS(t, out).Events()[0], ics.ComponentPropertyDescription); got != tt.value {
				t.Errorf("description did not round-trip:\n got %q\nwant %q", got, tt.value)
			}
		})
	}
}

func TestWriteCalendarTextCleaning(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\r\nb\rc\nd", "a\nb\nc\nd"},
		{"bell\x07 tab\t nul\x00", "bell tab\t nul"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
	}
	base := time.Date(2027, 3, 15, 15, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		out := writeCalendarString(t, Calendar{Name: "x", Events: []CalendarEvent{{
			UID: "u@missionplanner", Start: base, End: base, Updated: base, Summary: tt.in,
		}}})
		checkPhysicalLines(t, out)
		if got := icsProp(t, parseICS(t, out).Events()[0], ics.ComponentPropertySummary); got != tt.want {
			t.Errorf("summary %q → %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteCalendarEmpty(t *testing.T) {
	out := writeCalendarString(t, Calendar{Name: "Nothing yet"})
	checkPhysicalLines(t, out)
	if n := len(parseICS(t, out).Events()); n != 0 {
		t.Errorf("got %d events", n)
	}
}

func TestWriteCalendarRefusesIncompleteEvents(t *testing.T) {
	base := time.Date(2027, 3, 15, 15, 0, 0, 0, time.UTC)
	good := CalendarEvent{UID: "u@missionplanner", Start: base, End: base.Add(time.Hour), Updated: base}
	tests := []struct {
		name  string
		tweak func(*CalendarEvent)
	}{
		{"no UID", func(e *CalendarEvent) { e.UID = " " }},
		{"no start", func(e *CalendarEvent) { e.Start = time.Time{} }},
		{"ends before start", func(e *CalendarEvent) { e.End = base.Add(-time.Minute) }},
		{"no updated", func(e *CalendarEvent) { e.Updated = time.Time{} }},
		{"negative sequence", func(e *CalendarEvent) { e.Sequence = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := good
			tt.tweak(&ev)
			var buf bytes.Buffer
			if err := WriteCalendar(&buf, Calendar{Events: []CalendarEvent{good, ev}}); err == nil {
				t.Fatal("want an error")
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before refusing", buf.Len())
			}
		})
	}
}

type icsFailingWriter struct{}

func (icsFailingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteCalendarReportsWriteErrors(t *testing.T) {
	if err := WriteCalendar(icsFailingWriter{}, Calendar{Name: "x"}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v", err)
	}
}
