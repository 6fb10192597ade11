package exports

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEvent is one meeting or programme item as it appears in a delegate's calendar feed.
type CalendarEvent struct {
	UID         string // stable across exports, e.g. "meeting-42@missionplanner"
	Sequence    int    // raise it on every change so calendar apps replace their copy
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	Cancelled   bool
	Updated     time.Time // written as LAST-MODIFIED and DTSTAMP
	Organizer   string    // an email address; invitations (METHOD:REQUEST or CANCEL) need one
	Attendees   []string  // email addresses of the people invited
}

// Calendar is a named feed of events, e.g. one firm's itinerary.
type Calendar struct {
	Name   string // X-WR-CALNAME, the name calendar apps show for a subscription
	Method string // PUBLISH (feeds, the default), REQUEST (an invitation) or CANCEL
	Events []CalendarEvent
}

const (
	icsProdID     = "-//missionplanner//missionplanner//EN"
	icsTimeLayout = "20060102T150405Z"
	// icsMaxLineOctets is RFC 5545's limit on a content line, CRLF excluded.
	icsMaxLineOctets = 75
)

// WriteCalendar writes cal as an RFC 5545 VCALENDAR (METHOD:PUBLISH unless cal.Method says otherwise)
// with one VEVENT per event.
// Times are written in UTC, so no VTIMEZONE is needed and every client shows them in its own zone.
// Events without a UID, start, end or Updated time, or ending before they start, are refused.
func WriteCalendar(w io.Writer, cal Calendar) error {
	for i, ev := range cal.Events {
		if err := checkICSEvent(ev); err != nil {
			return fmt.Errorf("exports: calendar event %d (%q): %w", i, ev.UID, err)
		}
	}
	cw := &icsLineWriter{w: bufio.NewWriter(w)}
	cw.line("BEGIN", "VCALENDAR")
	cw.line("VERSION", "2.0")
	cw.line("PRODID", icsProdID)
	cw.line("CALSCALE", "GREGORIAN")
	method := cal.Method
	if method == "" {
		method = "PUBLISH"
	}
	cw.line("METHOD", method)
	if cal.Name != "" {
		cw.line("X-WR-CALNAME", icsEscapeText(cal.Name))
	}
	for _, ev := range cal.Events {
		writeICSEvent(cw, ev)
	}
	cw.line("END", "VCALENDAR")
	if cw.err == nil {
		cw.err = cw.w.Flush()
	}
	if cw.err != nil {
		return fmt.Errorf("exports: write calendar: %w", cw.err)
	}
	return nil
}

func checkICSEvent(ev CalendarEvent) error {
	switch {
	case strings.TrimSpace(ev.UID) == "":
		return errors.New("no UID")
	case ev.Start.IsZero() || ev.End.IsZero():
		return errors.New("no start or end time")
	case ev.End.Before(ev.Start):
		return errors.New("ends before it starts")
	case ev.Updated.IsZero():
		return errors.New("no Updated time (needed for DTSTAMP)")
	case ev.Sequence < 0:
		return errors.New("negative SEQUENCE")
	}
	return nil
}

func writeICSEvent(cw *icsLineWriter, ev CalendarEvent) {
	status := "CONFIRMED"
	if ev.Cancelled {
		status = "CANCELLED"
	}
	cw.line("BEGIN", "VEVENT")
	cw.line("UID", icsEscapeText(ev.UID))
	cw.line("SEQUENCE", strconv.Itoa(ev.Sequence))
	cw.line("DTSTAMP", icsTime(ev.Updated))
	cw.line("LAST-MODIFIED", icsTime(ev.Updated))
	cw.line("DTSTART", icsTime(ev.Start))
	cw.line("DTEND", icsTime(ev.End))
	cw.line("SUMMARY", icsEscapeText(ev.Summary))
	if ev.Location != "" {
		cw.line("LOCATION", icsEscapeText(ev.Location))
	}
	if ev.Description != "" {
		cw.line("DESCRIPTION", icsEscapeText(ev.Description))
	}
	if ev.Organizer != "" {
		cw.line("ORGANIZER", "mailto:"+icsAddress(ev.Organizer))
	}
	for _, a := range ev.Attendees {
		cw.line("ATTENDEE;ROLE=REQ-PARTICIPANT", "mailto:"+icsAddress(a))
	}
	cw.line("STATUS", status)
	cw.line("END", "VEVENT")
}

// icsAddress keeps an email address to the characters a mailto: value may hold as it is.
func icsAddress(a string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == ';' || r == ',' || r == 0x7f {
			return -1
		}
		return r
	}, a)
}

func icsTime(t time.Time) string { return t.UTC().Format(icsTimeLayout) }

// icsTextEscaper escapes a TEXT value (RFC 5545 §3.3.11); newlines are normalised first.
var icsTextEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`)

// icsEscapeText makes s a valid TEXT value: invalid UTF-8 is replaced, line breaks of any
// kind become \n, and control characters other than tab (which RFC 5545 forbids) are dropped.
func icsEscapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return icsTextEscaper.Replace(s)
}

// icsLineWriter writes folded content lines and keeps the first error, so callers check once.
type icsLineWriter struct {
	w   *bufio.Writer
	err error
}

// line writes "NAME:value" folded at 75 octets: each continuation line starts with a space, and
// folds fall only on UTF-8 sequence boundaries so no character is split between lines.
func (cw *icsLineWriter) line(name, value string) {
	if cw.err != nil {
		return
	}
	s := name + ":" + value
	limit := icsMaxLineOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		cw.write(s[:cut])
		cw.write("\r\n ")
		s = s[cut:]
		limit = icsMaxLineOctets - 1 // the leading space counts towards the line
	}
	cw.write(s)
	cw.write("\r\n")
}

func (cw *icsLineWriter) write(s string) {
	if cw.err == nil {
		_, cw.err = cw.w.WriteString(s)
	}
}

// CalendarHost is the domain part of event UIDs: the public host name of baseURL, so a meeting has
// the same UID in every feed, export and emailed invitation.
func CalendarHost(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "missionplanner"
}

// EventUID is the UID of a meeting, programme item or flight: "meeting-42@missions.example.org".
func EventUID(kind string, id uint, host string) string {
	return fmt.Sprintf("%s-%d@%s", kind, id, host)
}
