package models

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func validMission() Mission {
	m := NewMission()
	m.Name, m.DestinationCity = "Chicago 2027", "Chicago"
	m.StartDate, m.EndDate, m.RegistrationCloses = DateOf(2027, 3, 11), DateOf(2027, 3, 17), DateOf(2027, 2, 12)
	m.Sectors = NewStringList("agri_food")
	return m
}

func TestMissionValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Mission)
		field  string
		msg    string
	}{
		{"valid", func(m *Mission) {}, "", ""},
		{"no name", func(m *Mission) { m.Name = "" }, "name", "Enter a mission name"},
		{"long name", func(m *Mission) { m.Name = strings.Repeat("x", 201) }, "name", "Mission name must be 200 characters or fewer"},
		{"no start", func(m *Mission) { m.StartDate = Date{} }, "start_date", "Enter the start date"},
		{"end before start", func(m *Mission) { m.EndDate = DateOf(2027, 3, 10) }, "end_date", "Enter an end date that is on or after the start date"},
		{"one-day mission", func(m *Mission) { m.EndDate = m.StartDate }, "", ""},
		{"too long", func(m *Mission) { m.EndDate = DateOf(2027, 6, 1) }, "end_date", "A mission can last at most 60 days"},
		{"closes after end", func(m *Mission) { m.RegistrationCloses = DateOf(2027, 3, 18) }, "registration_closes", "Enter a registration closing date that is on or before the start date"},
		{"closes after start", func(m *Mission) { m.RegistrationCloses = DateOf(2027, 3, 12) }, "registration_closes", "Enter a registration closing date that is on or before the start date"},
		{"closes in year 0", func(m *Mission) { m.RegistrationCloses = DateOf(0, 1, 1) }, "registration_closes", "Enter a date between 2000 and 2100"},
		{"ends after 2100", func(m *Mission) { m.StartDate, m.EndDate = DateOf(2101, 3, 1), DateOf(2101, 3, 5) }, "start_date", "Enter a date between 2000 and 2100"},
		{"unknown zone", func(m *Mission) { m.Timezone = "America/Chicagoo" }, "timezone", "Enter the destination's time zone name, like America/Chicago"},
		{"Local is not a zone", func(m *Mission) { m.HomeTimezone = "Local" }, "home_timezone", "Enter the home time zone name, like Europe/London"},
		{"zero firms", func(m *Mission) { m.MaxFirms = 0 }, "max_firms", "Enter how many firms can go, 1 or more"},
		{"zero delegates", func(m *Mission) { m.MaxDelegatesPerFirm = 0 }, "max_delegates_per_firm", "Enter how many delegates each firm can send, 1 or more"},
		{"unknown sector", func(m *Mission) { m.Sectors = StringList{"mining"} }, "sectors", "Select a sector from the list"},
		{"bad status", func(m *Mission) { m.Status = "archived" }, "status", "Select a status from the list"},
		{"short meetings", func(m *Mission) { m.MeetingMinutes = 2 }, "meeting_minutes", "Meeting length must be at least 5 minutes"},
		{"bad clock", func(m *Mission) { m.DayStarts = "9:00" }, "day_starts", "Start of the working day must be a time of day in the form HH:MM, like 09:00"},
		{"25:00", func(m *Mission) { m.DayEnds = "25:00" }, "day_ends", "End of the working day must be a time of day in the form HH:MM, like 09:00"},
		{"day ends before it starts", func(m *Mission) { m.DayStarts, m.DayEnds = "17:00", "09:00" }, "day_ends", "Enter an end of the working day that is after its start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMission()
			tt.change(&m)
			errs := m.Validate()
			if tt.field == "" {
				if len(errs) > 0 {
					t.Fatalf("want valid, got %v", errs)
				}
				return
			}
			if errs[tt.field] != tt.msg {
				t.Fatalf("errors %v; want %s: %q", errs, tt.field, tt.msg)
			}
		})
	}
}

func TestMissionDaysAndRegistrationOpen(t *testing.T) {
	m := validMission()
	days := m.Days()
	if len(days) != 7 || days[0].String() != "2027-03-11" || days[6].String() != "2027-03-17" {
		t.Fatalf("days %v", days)
	}
	m.Status = "open"
	// Registration closes at the end of 12 Feb in the UK.
	if !m.RegistrationOpen(time.Date(2027, 2, 12, 23, 30, 0, 0, time.UTC)) {
		t.Error("closed before the end of the closing day")
	}
	if m.RegistrationOpen(time.Date(2027, 2, 13, 0, 30, 0, 0, time.UTC)) {
		t.Error("open after the closing day")
	}
	m.Status = "draft"
	if m.RegistrationOpen(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("a draft mission takes registrations")
	}
}

func TestDateAndStringListRoundTrip(t *testing.T) {
	if _, err := ParseDate("2027-02-29"); err == nil {
		t.Error("29 Feb 2027 accepted")
	}
	var d Date
	if err := d.Scan("2027-03-11 00:00:00+00:00"); err != nil || d.String() != "2027-03-11" {
		t.Errorf("scan text: %v %v", d, err)
	}
	if err := d.Scan(time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC)); err != nil || d.String() != "2027-03-12" {
		t.Errorf("scan time: %v %v", d, err)
	}
	b, _ := d.MarshalJSON()
	if string(b) != `"2027-03-12"` {
		t.Errorf("json %s", b)
	}
	var l StringList
	if err := l.Scan("b, a,,a"); err != nil || len(l) != 2 || l[0] != "a" {
		t.Errorf("list %v", l)
	}
	if b, _ := (StringList(nil)).MarshalJSON(); string(b) != "[]" {
		t.Errorf("nil list json %s", b)
	}
}

func TestPasswords(t *testing.T) {
	ctx := context.Background()
	h, err := HashPassword(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	check := func(hash, pw string) bool {
		ok, err := CheckPassword(ctx, hash, pw)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !check(h, "correct horse battery staple") || check(h, "correct horse battery stapler") {
		t.Fatal("CheckPassword wrong")
	}
	if h2, _ := HashPassword(ctx, "correct horse battery staple"); h2 == h {
		t.Error("no salt: two hashes are equal")
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; h[:len(want)] != want {
		t.Errorf("parameters %s, want at least 19 MiB and 2 passes", h)
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=x", "$bcrypt$", "$argon2id$v=19$m=19456,t=2,p=0$c2FsdA$a2V5"} {
		if check(bad, "x") {
			t.Errorf("accepted hash %q", bad)
		}
	}
}

// Passwords need 12 characters, a zxcvbn score of 3 or more, and must not contain the email's local
// part; the finding was "aaaaaaaaaaaa" accepted.
func TestValidatePassword(t *testing.T) {
	tests := []struct{ pw, confirm, email, field, want string }{
		{"", "", "", "password", "Enter a password"},
		{"short", "short", "", "password", "12 characters"},
		{"aaaaaaaaaaaa", "aaaaaaaaaaaa", "", "password", "too easy to guess"},
		{"password1234", "password1234", "", "password", "too easy to guess"},
		{"qwertyuiop123", "qwertyuiop123", "", "password", "too easy to guess"},
		{"samantha.jones river lamp", "samantha.jones river lamp", "samantha.jones@agency.example", "password", "must not contain your email"},
		{"long enough password", "different", "", "password_confirmation", "same password"},
		{"long enough password", "long enough password", "sam@agency.example", "", ""},
		{"correct horse battery staple", "correct horse battery staple", "admin@localhost", "", ""},
	}
	for _, tt := range tests {
		errs := ValidatePassword(tt.pw, tt.confirm, tt.email, "")
		if tt.field == "" {
			if len(errs) > 0 {
				t.Errorf("ValidatePassword(%q) = %v, want none", tt.pw, errs)
			}
			continue
		}
		if !strings.Contains(errs[tt.field], tt.want) {
			t.Errorf("ValidatePassword(%q, %q): %s = %q, want %q", tt.pw, tt.email, tt.field, errs[tt.field], tt.want)
		}
	}
}

// Hashes run in a pool as wide as the cores: with every slot taken, a hash waits HashWait and then
// gives up with ErrBusy instead of adding another 19 MiB.
func TestHashPoolBusy(t *testing.T) {
	release := make(chan struct{})
	var held sync.WaitGroup
	for range cap(hashSlots) {
		held.Add(1)
		go func() { _ = withHashSlot(context.Background(), func() { held.Done(); <-release }) }()
	}
	held.Wait()
	start := time.Now()
	_, err := HashPassword(context.Background(), "correct horse battery staple")
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("hash with every slot busy: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < HashWait-100*time.Millisecond || waited > HashWait+time.Second {
		t.Errorf("waited %v, want about %v", waited, HashWait)
	}
	close(release)
	if _, err := HashPassword(context.Background(), "correct horse battery staple"); err != nil {
		t.Fatalf("hash once slots are free: %v", err)
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{"b11bb": "B1 1BB", " sw1a 2aa ": "SW1A 2AA", "B33 8TH": "B33 8TH"} {
		if got := NormalisePostcode(in); got != want {
			t.Errorf("NormalisePostcode(%q) = %q, want %q", in, got, want)
		}
	}
}
