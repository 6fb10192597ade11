package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Interval is a half-open span [Start, End) in UTC.
type Interval struct{ Start, End time.Time }

// Overlaps reports whether a and b share any instant; back-to-back spans do not overlap.
func (a Interval) Overlaps(b Interval) bool {
	return a.Start.Before(b.End) && b.Start.Before(a.End)
}

// Contains reports whether b lies wholly inside a.
func (a Interval) Contains(b Interval) bool {
	return !b.Start.Before(a.Start) && !b.End.After(a.End)
}

// Duration is the length of the interval (zero or negative when it is empty).
func (a Interval) Duration() time.Duration { return a.End.Sub(a.Start) }

// ErrNonexistentLocalTime is returned for a wall-clock time skipped when the clocks go forward.
var ErrNonexistentLocalTime = errors.New("that time does not exist: the clocks go forward that night")

// ErrAmbiguousLocalTime is returned for a wall-clock time that happens twice when the clocks go back.
var ErrAmbiguousLocalTime = errors.New("that time happens twice: the clocks go back that night, so give the time with its UTC offset")

// LocalTimeError names the place and wall-clock time that could not be read; it wraps
// ErrNonexistentLocalTime or ErrAmbiguousLocalTime so callers can use errors.Is.
type LocalTimeError struct {
	Zone string // IANA name, e.g. America/Chicago
	Wall string // "2027-03-14 02:30"
	Err  error
}

func (e *LocalTimeError) Error() string {
	place := zoneCity(e.Zone)
	switch e.Err {
	case ErrNonexistentLocalTime:
		return fmt.Sprintf("%s does not exist in %s: the clocks go forward that night", e.Wall, place)
	case ErrAmbiguousLocalTime:
		return fmt.Sprintf("%s happens twice in %s: the clocks go back that night, so give the time with its UTC offset", e.Wall, place)
	}
	return fmt.Sprintf("%s in %s: %v", e.Wall, place, e.Err)
}

func (e *LocalTimeError) Unwrap() error { return e.Err }

// zoneCity turns "America/Chicago" into "Chicago" for messages.
func zoneCity(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// ParseClock reads "HH:MM" (24-hour clock) into hours and minutes.
func ParseClock(hhmm string) (hour, minute int, err error) {
	t, err := time.Parse("15:04", strings.TrimSpace(hhmm))
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not a time of day: use HH:MM, for example 09:30", hhmm)
	}
	return t.Hour(), t.Minute(), nil
}

// ParseCivilDate reads "YYYY-MM-DD" into a date at midnight UTC (only year, month and day matter).
func ParseCivilDate(date string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(date))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date: use YYYY-MM-DD, for example 2027-03-15", date)
	}
	return t, nil
}

// LocalInstant reads a wall-clock date ("2027-03-14") and time ("02:30") in loc and returns
// the UTC instant. Times skipped or repeated by a clock change are refused rather than guessed.
func LocalInstant(loc *time.Location, date string, hhmm string) (time.Time, error) {
	d, err := ParseCivilDate(date)
	if err != nil {
		return time.Time{}, err
	}
	h, m, err := ParseClock(hhmm)
	if err != nil {
		return time.Time{}, err
	}
	return civilInstant(loc, d.Year(), d.Month(), d.Day(), h, m)
}

// civilInstant finds the instants whose wall clock in loc reads y-mo-d h:mi. It tries every
// offset in force within half a day either side (clock changes are never closer together)
// and keeps those that round-trip: none means the time was skipped, two that it repeats.
func civilInstant(loc *time.Location, y int, mo time.Month, d, h, mi int) (time.Time, error) {
	found := civilInstants(loc, y, mo, d, h, mi)
	if loc == nil {
		loc = time.UTC
	}
	wall := fmt.Sprintf("%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi)
	switch len(found) {
	case 0:
		return time.Time{}, &LocalTimeError{Zone: loc.String(), Wall: wall, Err: ErrNonexistentLocalTime}
	case 1:
		return found[0], nil
	default:
		return time.Time{}, &LocalTimeError{Zone: loc.String(), Wall: wall, Err: ErrAmbiguousLocalTime}
	}
}

// civilInstants lists, earliest first, the instants whose wall clock in loc reads y-mo-d h:mi: none
// for a time skipped, two for a time repeated when the clocks go back.
func civilInstants(loc *time.Location, y int, mo time.Month, d, h, mi int) []time.Time {
	if loc == nil {
		loc = time.UTC
	}
	wallAsUTC := time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
	guess := time.Date(y, mo, d, h, mi, 0, 0, loc)
	var found []time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Time{guess.Add(-12 * time.Hour), guess, guess.Add(12 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		u := wallAsUTC.Add(-time.Duration(off) * time.Second)
		if _, got := u.In(loc).Zone(); got == off {
			found = append(found, u.UTC())
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Before(found[j]) })
	return found
}

// Which of the two instants of a wall-clock time that happens twice (the clocks go back) is meant.
const (
	FoldFirst  = "first"
	FoldSecond = "second"
)

// LocalInstantFold is LocalInstant, except that a time that happens twice is read as the first or
// the second of the two, as fold says (FoldFirst, FoldSecond); without a fold it is refused as before.
func LocalInstantFold(loc *time.Location, date, hhmm, fold string) (time.Time, error) {
	t, err := LocalInstant(loc, date, hhmm)
	if !errors.Is(err, ErrAmbiguousLocalTime) || (fold != FoldFirst && fold != FoldSecond) {
		return t, err
	}
	d, _ := ParseCivilDate(date)
	h, m, _ := ParseClock(hhmm)
	found := civilInstants(loc, d.Year(), d.Month(), d.Day(), h, m)
	if fold == FoldSecond {
		return found[len(found)-1], nil
	}
	return found[0], nil
}

// RepeatedTimeChoices offers the two readings of a wall-clock time that happens twice in loc, as
// people see them: "01:30 BST, the first" and "01:30 GMT, the second" (none when it happens once).
func RepeatedTimeChoices(loc *time.Location, date, hhmm string) []Option {
	d, err := ParseCivilDate(date)
	if err != nil {
		return nil
	}
	h, m, err := ParseClock(hhmm)
	if err != nil {
		return nil
	}
	found := civilInstants(loc, d.Year(), d.Month(), d.Day(), h, m)
	if len(found) < 2 {
		return nil
	}
	first, second := found[0].In(loc), found[len(found)-1].In(loc)
	return []Option{
		{Code: FoldFirst, Label: first.Format("15:04 MST") + ", the first (before the clocks go back)"},
		{Code: FoldSecond, Label: second.Format("15:04 MST") + ", the second (after the clocks go back)"},
	}
}

// RepeatedTimeMessage asks a form's user to choose between the two readings of a repeated time.
func RepeatedTimeMessage(err error) string {
	var lt *LocalTimeError
	if errors.As(err, &lt) && errors.Is(err, ErrAmbiguousLocalTime) {
		return fmt.Sprintf("%s happens twice in %s: the clocks go back that night. Choose which one you mean", lt.Wall, zoneCity(lt.Zone))
	}
	return err.Error()
}

// ParseLocalOrRFC3339 accepts an RFC 3339 instant with its offset, or "YYYY-MM-DDTHH:MM" read
// as wall-clock time in loc, and returns UTC.
func ParseLocalOrRFC3339(loc *time.Location, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if len(s) == len("2006-01-02T15:04") && (s[10] == 'T' || s[10] == 't' || s[10] == ' ') {
		return LocalInstant(loc, s[:10], s[11:])
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time: use YYYY-MM-DDTHH:MM in the mission's time zone, or RFC 3339 with an offset", s)
}

// WorkingWindows returns, for each calendar day from firstDay to lastDay inclusive (only the
// year, month and day of each value count), the UTC interval from dayStarts to dayEnds ("HH:MM")
// local time in loc. A bound that falls in a clock-change gap or repeat is moved to the first
// valid instant after it (gap) or the earlier of the two (repeat), so every day still gets hours.
// It returns nil when the clock strings do not parse; days whose end is not after their start are skipped.
func WorkingWindows(loc *time.Location, firstDay, lastDay time.Time, dayStarts, dayEnds string) []Interval {
	sh, sm, err := ParseClock(dayStarts)
	if err != nil {
		return nil
	}
	eh, em, err := ParseClock(dayEnds)
	if err != nil {
		return nil
	}
	first := time.Date(firstDay.Year(), firstDay.Month(), firstDay.Day(), 0, 0, 0, 0, time.UTC)
	last := time.Date(lastDay.Year(), lastDay.Month(), lastDay.Day(), 0, 0, 0, 0, time.UTC)
	var out []Interval
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		s := lenientInstant(loc, d, sh, sm)
		e := lenientInstant(loc, d, eh, em)
		if e.After(s) {
			out = append(out, Interval{Start: s, End: e})
		}
	}
	return out
}

func lenientInstant(loc *time.Location, d time.Time, h, m int) time.Time {
	t, err := civilInstant(loc, d.Year(), d.Month(), d.Day(), h, m)
	if err == nil {
		return t
	}
	if loc == nil {
		loc = time.UTC
	}
	// Gap: step forward a minute at a time to the first wall time that exists.
	for step := 1; step <= 180; step++ {
		wall := time.Date(d.Year(), d.Month(), d.Day(), h, m+step, 0, 0, time.UTC)
		t, err := civilInstant(loc, wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute())
		if err == nil {
			return t
		}
		if errors.Is(err, ErrAmbiguousLocalTime) {
			break
		}
	}
	// Repeat: take the earlier instant (the offset before the change).
	before := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc).Add(-12 * time.Hour)
	_, off := before.Zone()
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, time.UTC).Add(-time.Duration(off) * time.Second)
}

// DateIn is the calendar date of t in loc (UTC when loc is nil).
func DateIn(t time.Time, loc *time.Location) Date {
	l := InZone(t, loc)
	return DateOf(l.Year(), l.Month(), l.Day())
}

// FormatDay formats t as "Mon 15 Mar" in loc (UTC when loc is nil).
func FormatDay(t time.Time, loc *time.Location) string { return InZone(t, loc).Format("Mon 2 Jan") }

// FormatClock formats t as "10:00" in loc (UTC when loc is nil).
func FormatClock(t time.Time, loc *time.Location) string { return InZone(t, loc).Format("15:04") }

// FormatSpan formats a span as "10:00–10:30 on Mon 15 Mar" in loc.
func FormatSpan(iv Interval, loc *time.Location) string {
	return FormatClock(iv.Start, loc) + "–" + FormatClock(iv.End, loc) + " on " + FormatDay(iv.Start, loc)
}

// InZone is t on the clock of loc (UTC when loc is nil), so its date and hour are the local ones.
func InZone(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc)
}

// FormatMinutes writes a duration for people: "30 min", "1 h 30 min", "12 h".
func FormatMinutes(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	default:
		return fmt.Sprintf("%d h %d min", m/60, m%60)
	}
}
