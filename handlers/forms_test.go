package handlers

import (
	"strconv"
	"testing"
)

func TestDateInputParse(t *testing.T) {
	tests := []struct {
		in   DateInput
		want string
		msg  string
	}{
		{DateInput{"11", "3", "2027"}, "2027-03-11", ""},
		{DateInput{"01", "03", "2027"}, "2027-03-01", ""},
		{DateInput{}, "", ""},
		{DateInput{"31", "2", "2027"}, "", "Start date must be a real date"},
		{DateInput{"29", "2", "2028"}, "2028-02-29", ""},
		{DateInput{"29", "2", "2027"}, "", "Start date must be a real date"},
		{DateInput{"", "3", "2027"}, "", "Start date must include a day"},
		{DateInput{"", "", "2027"}, "", "Start date must include a day and month"},
		{DateInput{"1", "13", "2027"}, "", "Start date must be a real date"},
		{DateInput{"x", "3", "2027"}, "", "Start date must be a real date"},
		{DateInput{"1", "3", "27"}, "", "Year must include 4 numbers"},
	}
	for _, tt := range tests {
		d, msg := tt.in.Parse("start date")
		if msg != tt.msg || d.String() != tt.want {
			t.Errorf("%+v: got %q %q, want %q %q", tt.in, d.String(), msg, tt.want, tt.msg)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/missions/1": "/missions/1", "/missions?page=2": "/missions?page=2", "//evil.example": "", "https://evil.example": "", "/\\evil": "", "": "",
		"/\t/evil.example": "", "/\n/evil.example": "", "/\r//evil.example": "", "/\x7f/x": "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzDateInputParse: whatever is typed into the three date fields, Parse returns a real date (the
// one typed) or a message: never both, never neither unless nothing was typed, and never panics.
func FuzzDateInputParse(f *testing.F) {
	for _, seed := range [][3]string{{"11", "3", "2027"}, {"31", "2", "2027"}, {"", "", ""}, {"-1", "99", "0"}, {"1e3", "٣", "2027"}, {"1", "1", "999"}, {"", "3", ""}} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, day, month, year string) {
		in := DateInput{day, month, year}
		d, msg := in.Parse("start date")
		switch {
		case msg != "" && !d.IsZero():
			t.Fatalf("both a date %v and a message %q", d, msg)
		case msg == "" && d.IsZero() && !in.Empty():
			t.Fatalf("%q: neither a date nor a message", in)
		case msg == "" && !d.IsZero():
			if d.Year() < 1000 || d.Year() > 9999 {
				t.Fatalf("accepted year %d", d.Year())
			}
			if !sameDate([]string{year, month, day}, d.Year(), int(d.Month()), d.Day()) {
				t.Fatalf("%q gave %v", in, d)
			}
		}
	})
}

// sameDate reports whether typed (year, month, day, each a whole number) names y-m-d.
func sameDate(typed []string, y, m, d int) bool {
	want := []int{y, m, d}
	for i, p := range typed {
		n, err := strconv.Atoi(p)
		if err != nil || n != want[i] {
			return false
		}
	}
	return true
}
