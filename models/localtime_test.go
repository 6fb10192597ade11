package models

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLocalInstant(t *testing.T) {
	loc := chicago()
	tests := []struct {
		name, date, hhmm string
		want             string // RFC 3339 UTC, or "" when an error is expected
		err              error
	}{
		{"winter, UTC-6", "2027-03-13", "09:00", "2027-03-13T15:00:00Z", nil},
		{"before the change that night", "2027-03-14", "01:59", "2027-03-14T07:59:00Z", nil},
		{"skipped when clocks go forward", "2027-03-14", "02:30", "", ErrNonexistentLocalTime},
		{"summer, UTC-5", "2027-03-14", "03:00", "2027-03-14T08:00:00Z", nil},
		{"repeated when clocks go back", "2027-11-07", "01:30", "", ErrAmbiguousLocalTime},
		{"after the repeat", "2027-11-07", "02:00", "2027-11-07T08:00:00Z", nil},
		{"bad date", "2027-02-30", "09:00", "", nil},
		{"bad clock", "2027-03-15", "9am", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LocalInstant(loc, tt.date, tt.hhmm)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("got %v, want an error", got)
				}
				if tt.err != nil && !errors.Is(err, tt.err) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				if tt.err != nil && !strings.Contains(err.Error(), "Chicago") {
					t.Fatalf("message %q does not name the place", err)
				}
				return
			}
			if err != nil || got.Format(time.RFC3339) != tt.want {
				t.Fatalf("got %v, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestParseLocalOrRFC3339(t *testing.T) {
	loc := chicago()
	tests := []struct{ in, want string }{
		{"2027-03-15T10:00", "2027-03-15T15:00:00Z"},
		{"2027-03-15T10:00:00-05:00", "2027-03-15T15:00:00Z"},
		{"2027-03-15T16:00:00+01:00", "2027-03-15T15:00:00Z"},
		{"2027-03-14T02:30", ""},
		{"2027-11-07T01:30", ""},
		{"2027-11-07T01:30:00-06:00", "2027-11-07T07:30:00Z"},
		{"15/03/2027 10:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLocalOrRFC3339(loc, tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("got %v, want an error", got)
				}
				return
			}
			if err != nil || got.Format(time.RFC3339) != tt.want || got.Location() != time.UTC {
				t.Fatalf("got %v, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestWorkingWindowsAcrossClockChange(t *testing.T) {
	loc := chicago()
	got := WorkingWindows(loc, time.Date(2027, 3, 13, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC), "09:00", "17:30")
	want := []Interval{
		{time.Date(2027, 3, 13, 15, 0, 0, 0, time.UTC), time.Date(2027, 3, 13, 23, 30, 0, 0, time.UTC)}, // UTC-6
		{time.Date(2027, 3, 14, 14, 0, 0, 0, time.UTC), time.Date(2027, 3, 14, 22, 30, 0, 0, time.UTC)}, // UTC-5
		{time.Date(2027, 3, 15, 14, 0, 0, 0, time.UTC), time.Date(2027, 3, 15, 22, 30, 0, 0, time.UTC)},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d windows, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
			t.Errorf("day %d: got %v–%v, want %v–%v", i, got[i].Start, got[i].End, want[i].Start, want[i].End)
		}
	}
	// A day starting inside the gap begins at the first valid minute (03:00 CDT).
	gap := WorkingWindows(loc, time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC), "02:30", "05:00")
	if len(gap) != 1 || !gap[0].Start.Equal(time.Date(2027, 3, 14, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("gap day: %v", gap)
	}
	if WorkingWindows(loc, time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC), "nine", "17:00") != nil {
		t.Fatal("bad clock should give nil")
	}
}

func FuzzParseLocalOrRFC3339(f *testing.F) {
	loc := chicago()
	for _, s := range []string{"2027-03-14T02:30", "2027-11-07T01:30", "2027-03-15T10:00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseLocalOrRFC3339(loc, s)
		if err == nil && got.Location() != time.UTC {
			t.Fatalf("%q: not UTC", s)
		}
	})
}

func TestDateIn(t *testing.T) {
	late := time.Date(2027, 3, 15, 3, 30, 0, 0, time.UTC) // 22:30 on the 14th in Chicago
	tests := []struct {
		name string
		loc  *time.Location
		want Date
	}{
		{"Chicago", chicago(), DateOf(2027, time.March, 14)},
		{"UTC", time.UTC, DateOf(2027, time.March, 15)},
		{"nil is UTC", nil, DateOf(2027, time.March, 15)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DateIn(late, tt.loc); got != tt.want {
				t.Errorf("DateIn = %v, want %v", got, tt.want)
			}
		})
	}
}
