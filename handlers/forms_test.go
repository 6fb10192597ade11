package handlers

import (
	"strconv"
	"strings"
	"testing"

	"github.com/missionplanner/missionplanner/models"
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

// Each form struct lists its fields in the order the error summary used before forms were structs,
// and its dates are the fields whose summary link points at the day input.
func TestFormSpecs(t *testing.T) {
	tests := []struct {
		name  string
		spec  *formSpec
		order []string
		dates []string
	}{
		{"mission", missionFields, []string{"name", "destination_city", "destination_country", "timezone", "home_timezone", "start_date", "end_date", "registration_closes", "max_firms", "max_delegates_per_firm", "sectors", "description", "status", "meeting_minutes", "day_starts", "day_ends", "same_city_buffer_minutes", "default_travel_minutes", "min_meetings_per_firm", "max_meetings_per_firm", "personal_data_retention_months", "needs_retention_days", "follow_up_months"},
			[]string{"start_date", "end_date", "registration_closes"}},
		{"meeting", meetingFields, []string{"registration_id", "contact_id", "date", "start_time", "start_time_fold", "minutes", "location_id", "delegate_ids", "notes", "staff_notes"}, []string{"date"}},
		{"programme", programmeFields, []string{"title", "kind", "date", "start_time", "start_time_fold", "end_time", "end_time_fold", "location_id", "description", "all_registrations", "registration_ids"}, []string{"date"}},
		{"registration", registrationFields, append(append([]string{"firm_id"}, firmFieldNames...), "objectives", "target_sectors", "wants_to_meet"), nil},
		{"firm", firmFields, firmFieldNames, nil},
		{"travel", travelFields, []string{"direction", "carrier", "number", "from", "to", "departs_date", "departs_time", "departs_time_fold", "arrives_date", "arrives_time", "arrives_time_fold"}, []string{"departs_date", "arrives_date"}},
		{"hotel", hotelFields, []string{"name", "address", "city", "check_in", "check_out", "block_starts_on", "block_ends_on", "rooms"}, []string{"block_starts_on", "block_ends_on"}},
		{"documents", documentsFields, []string{"passport_nationality", "passport_expires", "passport_last4", "esta_status", "esta_expires",
			"mobile_abroad", "emergency_contact_name", "emergency_contact_relationship", "emergency_contact_phone",
			"hotel_id", "arrives_on", "departs_on", "room", "confirmation"}, []string{"passport_expires", "esta_expires", "arrives_on", "departs_on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(tt.spec.Names(), " "); got != strings.Join(tt.order, " ") {
				t.Errorf("order\n got %s\nwant %s", got, strings.Join(tt.order, " "))
			}
			var dates []string
			for _, f := range tt.spec.Fields {
				if f.Date {
					dates = append(dates, f.Name)
				}
			}
			if strings.Join(dates, " ") != strings.Join(tt.dates, " ") {
				t.Errorf("dates %v, want %v", dates, tt.dates)
			}
		})
	}
	if got := strings.Join(firmFieldNames, " "); got != strings.Join(models.FirmFields(), " ") {
		t.Errorf("firm form %s, want the model's %s", got, strings.Join(models.FirmFields(), " "))
	}
}

var firmFieldNames = []string{"company_name", "companies_house_number", "website", "address", "city", "postcode", "sector", "employees", "export_experience", "us_presence", "description", "contact_name", "contact_email", "contact_phone"}

// The error summary follows the form's order, links a date to its day input, and puts errors of
// fields the form does not list (the store's) after, by name.
func TestErrorSummaryFromSpec(t *testing.T) {
	errs := models.FieldErrors{"zzz": "store", "end_date": "end", "name": "name", "max_firms": "firms"}
	var got []string
	for _, it := range errorSummary(errs, missionFields) {
		got = append(got, it.Href+" "+it.Message)
	}
	want := []string{"#name name", "#end_date-day end", "#max_firms firms", "#zzz store"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	got = nil
	for _, it := range errorSummary(models.FieldErrors{"b": "b", "a": "a", "end_date": "e"}, []string{"b"}) {
		got = append(got, it.Href)
	}
	if want := "#b #a #end_date"; strings.Join(got, " ") != want {
		t.Errorf("names only: got %q, want %q", got, want)
	}
}

// The reader finds a field from a pointer to it: a number's message names it by its label.
func TestFieldReader(t *testing.T) {
	f := missionForm{MaxFirms: "lots", MeetingMinutes: "", StartDate: DateInput{"31", "2", "2027"}}
	errs := models.FieldErrors{}
	r := readerOf(missionFields, &f, errs)
	if n := r.int(&f.MaxFirms, 7); n != 7 || errs["max_firms"] != "Maximum number of firms must be a whole number, like 25" {
		t.Errorf("int: %d %q", n, errs["max_firms"])
	}
	if n := r.int(&f.MeetingMinutes, 45); n != 45 {
		t.Errorf("empty int: %d, want the default", n)
	}
	if d := r.date(&f.StartDate); !d.IsZero() || errs["start_date"] != "Start date must be a real date" {
		t.Errorf("date: %v %q", d, errs["start_date"])
	}
	rf := registrationForm{Firm: firmForm{City: "Leeds"}}
	if got := readerOf(registrationFields, &rf, errs).name(&rf.Firm.City); got != "city" {
		t.Errorf("inline field: %q, want city", got)
	}
}
