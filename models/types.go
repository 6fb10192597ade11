package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Date is a calendar date with no time of day, stored at midnight UTC and written as YYYY-MM-DD.
type Date struct{ time.Time }

// DateOf returns the civil date y-m-d.
func DateOf(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate reads YYYY-MM-DD, refusing dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("must be a real date in the form YYYY-MM-DD")
	}
	return Date{t}, nil
}

// String is the ISO form, YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.Time.AddDate(0, 0, n)} }

// Label is the date as people read it: "Thu 11 Mar 2027".
func (d Date) Label() string { return d.Format("Mon 2 Jan 2006") }

// Value stores the date as midnight UTC.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), nil
}

// Scan reads a date from either database driver.
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(x.Year(), x.Month(), x.Day())
	case string:
		return d.scanText(x)
	case []byte:
		return d.scanText(string(x))
	default:
		return fmt.Errorf("date: cannot scan %T", v)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) < 10 {
		return fmt.Errorf("date: cannot scan %q", s)
	}
	p, err := ParseDate(s[:10])
	if err != nil {
		return fmt.Errorf("date: cannot scan %q", s)
	}
	*d = p
	return nil
}

// MarshalJSON writes "YYYY-MM-DD" (null when unset).
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("must be a date in the form YYYY-MM-DD")
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// StringList is a small set of codes (sectors, organisation types) stored as comma-separated text and
// written to JSON as an array.
type StringList []string

// NewStringList trims, drops empties and duplicates, and sorts.
func NewStringList(items ...string) StringList {
	seen := map[string]bool{}
	out := StringList{}
	for _, it := range items {
		for _, part := range strings.Split(it, ",") {
			p := strings.TrimSpace(part)
			if p != "" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Has reports whether code is in the list.
func (l StringList) Has(code string) bool {
	for _, s := range l {
		if s == code {
			return true
		}
	}
	return false
}

// Value stores the list as comma-separated text.
func (l StringList) Value() (driver.Value, error) { return strings.Join(l, ","), nil }

// Scan reads comma-separated text.
func (l *StringList) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*l = StringList{}
	case string:
		*l = NewStringList(x)
	case []byte:
		*l = NewStringList(string(x))
	default:
		return fmt.Errorf("string list: cannot scan %T", v)
	}
	return nil
}

// MarshalJSON writes an array, never null.
func (l StringList) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(l))
}

// UnmarshalJSON reads an array of strings.
func (l *StringList) UnmarshalJSON(b []byte) error {
	var items []string
	if err := json.Unmarshal(b, &items); err != nil {
		return fmt.Errorf("must be a list of codes")
	}
	*l = NewStringList(items...)
	return nil
}
