package models_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

var (
	chicago, _ = time.LoadLocation("America/Chicago")
	london, _  = time.LoadLocation("Europe/London")
)

// trip is a delegate flying BHX→DUB→ORD, arriving at ORD at arrive (Chicago time), and home ORD→DUB
// departing at leave (Chicago time).
func trip(arrive, leave time.Time) []models.TravelSegment {
	return []models.TravelSegment{
		{Direction: "outbound", From: "BHX", To: "DUB", DepartsAt: arrive.Add(-12 * time.Hour), ArrivesAt: arrive.Add(-11 * time.Hour)},
		{Direction: "outbound", From: "DUB", To: "ORD", DepartsAt: arrive.Add(-9 * time.Hour), ArrivesAt: arrive},
		{Direction: "return", From: "ORD", To: "DUB", DepartsAt: leave, ArrivesAt: leave.Add(8 * time.Hour)},
	}
}

func day(y int, m time.Month, d int) models.Date { return models.DateOf(y, m, d) }

// ready is a delegate whose every check is green: arrives Wed 10 Mar 2027 15:30, leaves Wed 17 Mar
// 2027 at 18:00 (Chicago), booked the nights of 10 to 16 March.
func ready() (models.Delegate, *models.HotelBooking) {
	d := models.Delegate{
		ID: 7, RegistrationID: 3, DietaryRequirements: "none", AccessNeeds: "None",
		TravelSegments: trip(time.Date(2027, 3, 10, 15, 30, 0, 0, chicago), time.Date(2027, 3, 17, 18, 0, 0, 0, chicago)),
		TravelDocuments: models.TravelDocuments{
			PassportNationality: "British", PassportExpires: day(2030, 1, 1), PassportLast4: "123X",
			EstaStatus: models.EstaApproved, EstaExpires: day(2028, 6, 1),
			EmergencyContactName: "Pat Doe", EmergencyContactRelationship: "Partner", EmergencyContactPhone: "+44 7700 900123",
		},
	}
	return d, &models.HotelBooking{HotelID: 1, ArrivesOn: day(2027, 3, 10), DepartsOn: day(2027, 3, 17), Room: models.RoomSingle}
}

func TestAssessReadiness(t *testing.T) {
	tests := []struct {
		name    string
		change  func(d *models.Delegate, b **models.HotelBooking, invited, accepted *bool)
		check   string
		level   string
		reason  string // a part of the reason
		missing []string
	}{
		{"all green", func(*models.Delegate, **models.HotelBooking, *bool, *bool) {}, models.CheckPassport, models.LevelGreen, "Valid until", nil},
		{"not invited", func(_ *models.Delegate, _ **models.HotelBooking, inv, acc *bool) { *inv, *acc = false, false },
			models.CheckInvitation, models.LevelRed, "Not invited", []string{"invitation"}},
		{"invited, not accepted", func(_ *models.Delegate, _ **models.HotelBooking, inv, acc *bool) { *acc = false },
			models.CheckInvitation, models.LevelRed, "not accepted", []string{"invitation"}},
		{"no return flight", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.TravelSegments = d.TravelSegments[:2] },
			models.CheckFlights, models.LevelRed, "No return flight", []string{"flights"}},
		{"no flights at all", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.TravelSegments = nil },
			models.CheckFlights, models.LevelRed, "No flights", []string{"flights", "hotel"}}, // mission 11–17 Mar: the night of the 10th is not needed, but then the booking still covers; see below
		{"passport expires the day before the return flight", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) {
			d.PassportExpires = day(2027, 3, 16)
		}, models.CheckPassport, models.LevelRed, "before the return flight on Wed 17 Mar 2027", []string{"passport"}},
		{"passport expires the day of the return flight: valid, amber", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) {
			d.PassportExpires = day(2027, 3, 17)
		}, models.CheckPassport, models.LevelAmber, "within six months", nil},
		{"passport expires the day before six months after", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) {
			d.PassportExpires = day(2027, 9, 16)
		}, models.CheckPassport, models.LevelAmber, "within six months", nil},
		{"passport expires six months after the return day: green", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) {
			d.PassportExpires = day(2027, 9, 17)
		}, models.CheckPassport, models.LevelGreen, "Valid until", nil},
		{"no passport expiry", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.PassportExpires = models.Date{} },
			models.CheckPassport, models.LevelRed, "not entered", []string{"passport"}},
		{"passport without nationality", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.PassportNationality = "" },
			models.CheckPassport, models.LevelRed, "Nationality", []string{"passport"}},
		{"ESTA expires the day before the return flight", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) {
			d.EstaExpires = day(2027, 3, 16)
		}, models.CheckEsta, models.LevelRed, "before the return flight", []string{"esta"}},
		{"ESTA expires the day of the return flight", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) {
			d.EstaExpires = day(2027, 3, 17)
		}, models.CheckEsta, models.LevelGreen, "Approved", nil},
		{"ESTA approved without expiry", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.EstaExpires = models.Date{} },
			models.CheckEsta, models.LevelRed, "expiry date is not entered", []string{"esta"}},
		{"ESTA applied", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.EstaStatus = models.EstaApplied },
			models.CheckEsta, models.LevelRed, "not approved", []string{"esta"}},
		{"ESTA refused", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.EstaStatus = models.EstaRefused },
			models.CheckEsta, models.LevelRed, "Refused", []string{"esta"}},
		{"ESTA not needed", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) {
			d.EstaStatus, d.EstaExpires = models.EstaNotNeeded, models.Date{}
		}, models.CheckEsta, models.LevelGreen, "Not needed", nil},
		{"ESTA status not entered", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.EstaStatus = "" },
			models.CheckEsta, models.LevelRed, "not entered", []string{"esta"}},
		{"no hotel booking", func(_ *models.Delegate, b **models.HotelBooking, _, _ *bool) { *b = nil },
			models.CheckHotel, models.LevelRed, "No hotel booking", []string{"hotel"}},
		{"a gap of one night: booked from the 11th", func(_ *models.Delegate, b **models.HotelBooking, _, _ *bool) {
			(*b).ArrivesOn = day(2027, 3, 11)
		}, models.CheckHotel, models.LevelRed, "No room for the night of Wed 10 Mar 2027", []string{"hotel"}},
		{"a gap of one night: leaves a day early", func(_ *models.Delegate, b **models.HotelBooking, _, _ *bool) {
			(*b).DepartsOn = day(2027, 3, 16)
		}, models.CheckHotel, models.LevelRed, "night of Tue 16 Mar 2027", []string{"hotel"}},
		{"arrival after midnight belongs to the previous night's booking", func(d *models.Delegate, b **models.HotelBooking, _, _ *bool) {
			d.TravelSegments = trip(time.Date(2027, 3, 11, 0, 40, 0, 0, chicago), time.Date(2027, 3, 17, 18, 0, 0, 0, chicago))
			(*b).ArrivesOn = day(2027, 3, 10)
		}, models.CheckHotel, models.LevelGreen, "7 nights", nil},
		{"arrival after midnight: a booking from the arrival day misses the night before", func(d *models.Delegate, b **models.HotelBooking, _, _ *bool) {
			d.TravelSegments = trip(time.Date(2027, 3, 11, 0, 40, 0, 0, chicago), time.Date(2027, 3, 17, 18, 0, 0, 0, chicago))
			(*b).ArrivesOn = day(2027, 3, 11)
		}, models.CheckHotel, models.LevelRed, "night of Wed 10 Mar 2027", []string{"hotel"}},
		{"arrival at 06:00 is that day's night", func(d *models.Delegate, b **models.HotelBooking, _, _ *bool) {
			d.TravelSegments = trip(time.Date(2027, 3, 11, 6, 0, 0, 0, chicago), time.Date(2027, 3, 17, 18, 0, 0, 0, chicago))
			(*b).ArrivesOn = day(2027, 3, 11)
		}, models.CheckHotel, models.LevelGreen, "6 nights", nil},
		{"no emergency contact", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.EmergencyContactName = "" },
			models.CheckEmergencyContact, models.LevelRed, "No emergency contact", []string{"emergency_contact"}},
		{"emergency contact without a phone", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.EmergencyContactPhone = "" },
			models.CheckEmergencyContact, models.LevelRed, "telephone", []string{"emergency_contact"}},
		{"needs not answered", func(d *models.Delegate, _ **models.HotelBooking, _, _ *bool) { d.AccessNeeds = "" },
			models.CheckNeeds, models.LevelRed, "access needs", []string{"needs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, b := ready()
			invited, accepted := true, true
			tt.change(&d, &b, &invited, &accepted)
			r := models.AssessReadiness(models.ReadinessInput{
				Delegate: &d, Booking: b, Invited: invited, Accepted: accepted,
				MissionStart: day(2027, 3, 11), MissionEnd: day(2027, 3, 17),
			})
			c := r.Check(tt.check)
			if c.Level != tt.level || !strings.Contains(c.Reason, tt.reason) {
				t.Errorf("%s: %s %q, want %s containing %q", tt.check, c.Level, c.Reason, tt.level, tt.reason)
			}
			want := tt.missing
			if want == nil {
				want = []string{}
			}
			if tt.name == "no flights at all" { // the mission's dates stand in: nights 11–16 are booked
				want = []string{"flights"}
			}
			if !slices.Equal(r.Missing, want) || r.Ready != (len(want) == 0) {
				t.Errorf("missing %v ready %v, want %v", r.Missing, r.Ready, want)
			}
			if r.DelegateID != 7 || r.RegistrationID != 3 || len(r.Checks) != len(models.ReadinessChecks) {
				t.Errorf("readiness %+v", r)
			}
		})
	}
}

// The return day is the local date of the return departure at its airport: a flight leaving London at
// 00:30 on the 18th (a home-bound connection) does not count; the first return segment does.
func TestTripOf(t *testing.T) {
	segs := trip(time.Date(2027, 3, 10, 23, 59, 0, 0, chicago), time.Date(2027, 3, 17, 23, 30, 0, 0, chicago))
	segs = append(segs, models.TravelSegment{Direction: "return", From: "LHR", To: "BHX",
		DepartsAt: time.Date(2027, 3, 18, 12, 0, 0, 0, london), ArrivesAt: time.Date(2027, 3, 18, 13, 0, 0, 0, london)})
	tr := models.TripOf(segs, day(2027, 3, 11), day(2027, 3, 17))
	if tr.FirstNight != day(2027, 3, 10) || tr.ReturnDay != day(2027, 3, 17) || !tr.FromFlights {
		t.Errorf("trip %+v", tr)
	}
	tr = models.TripOf(nil, day(2027, 3, 11), day(2027, 3, 17))
	if tr.FirstNight != day(2027, 3, 11) || tr.ReturnDay != day(2027, 3, 17) || tr.FromFlights {
		t.Errorf("trip without flights %+v", tr)
	}
}

func TestTravelDocumentsValidate(t *testing.T) {
	tests := []struct {
		name  string
		doc   models.TravelDocuments
		field string // "" for valid
	}{
		{"empty is valid", models.TravelDocuments{}, ""},
		{"last 4", models.TravelDocuments{PassportLast4: "12 3x"}, ""},
		{"the whole number", models.TravelDocuments{PassportLast4: "123456789"}, "passport_last4"},
		{"three characters", models.TravelDocuments{PassportLast4: "123"}, "passport_last4"},
		{"unknown ESTA status", models.TravelDocuments{EstaStatus: "maybe"}, "esta_status"},
		{"ESTA expiry without status", models.TravelDocuments{EstaExpires: day(2028, 1, 1)}, "esta_expires"},
		{"bad phone", models.TravelDocuments{EmergencyContactPhone: "call me"}, "emergency_contact_phone"},
		{"passport in year 9999", models.TravelDocuments{PassportExpires: day(9999, 1, 1)}, "passport_expires"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.doc.Normalise()
			errs := tt.doc.Validate()
			if tt.field == "" && len(errs) > 0 || tt.field != "" && errs[tt.field] == "" {
				t.Errorf("errors %v, want one on %q", errs, tt.field)
			}
		})
	}
}

func TestReadinessFilterAndCounts(t *testing.T) {
	d, b := ready()
	good := models.AssessReadiness(models.ReadinessInput{Delegate: &d, Booking: b, Invited: true, Accepted: true})
	d.PassportExpires = day(2027, 3, 17)
	warn := models.AssessReadiness(models.ReadinessInput{Delegate: &d, Booking: nil, Invited: true, Accepted: true})
	c := models.CountReadiness([]models.DelegateReadiness{good, warn})
	if c.Delegates != 2 || c.Ready != 1 || c.ByCheck["passport"]["amber"] != 1 || c.ByCheck["hotel"]["red"] != 1 {
		t.Errorf("counts %+v", c)
	}
	for _, tt := range []struct {
		f          models.ReadinessFilter
		good, warn bool
	}{
		{models.ReadinessFilter{}, true, true},
		{models.ReadinessFilter{Ready: "no"}, false, true},
		{models.ReadinessFilter{Check: "passport"}, false, true},
		{models.ReadinessFilter{Check: "passport", Level: "green"}, true, false},
		{models.ReadinessFilter{Check: "hotel", Level: "red"}, false, true},
	} {
		if tt.f.Match(good) != tt.good || tt.f.Match(warn) != tt.warn || !tt.f.Valid() {
			t.Errorf("filter %+v", tt.f)
		}
	}
	if (models.ReadinessFilter{Check: "x"}).Valid() {
		t.Errorf("unknown check accepted")
	}
}
