package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ESTA (or visa) statuses of a delegate.
const (
	EstaNotNeeded = "not_needed"
	EstaToApply   = "to_apply"
	EstaApplied   = "applied"
	EstaApproved  = "approved"
	EstaRefused   = "refused"
)

// EstaStatuses labels the ESTA statuses for people.
var EstaStatuses = []Option{
	{EstaNotNeeded, "Not needed"}, {EstaToApply, "To apply for"}, {EstaApplied, "Applied, waiting"},
	{EstaApproved, "Approved"}, {EstaRefused, "Refused"},
}

// Room types of a hotel booking.
const (
	RoomSingle = "single"
	RoomShared = "shared"
)

// RoomTypes labels the room types for people.
var RoomTypes = []Option{{RoomSingle, "Single"}, {RoomShared, "Shared"}}

// TravelDocuments are a delegate's readiness details: passport, ESTA, a mobile number that works
// abroad and an emergency contact. They are sensitive: shown to staff and the delegate only, and
// removed with the needs after the mission (privacy.Purge). Only the passport number's last 4
// characters are kept, and no date of birth.
type TravelDocuments struct {
	PassportNationality          string `json:"passport_nationality" validate:"max=100" label:"passport nationality"`
	PassportExpires              Date   `json:"passport_expires" label:"passport expiry date"`
	PassportLast4                string `json:"passport_last4" gorm:"column:passport_last4" validate:"omitempty,alphanum,len=4" msg:"alphanum=Enter the last 4 letters or digits of the passport number|len=Enter only the last 4 characters of the passport number, never the whole number"`
	EstaStatus                   string `json:"esta_status" validate:"omitempty,oneof=not_needed to_apply applied approved refused" msg:"oneof=Select the ESTA status"`
	EstaExpires                  Date   `json:"esta_expires" label:"ESTA expiry date"`
	MobileAbroad                 string `json:"mobile_abroad" validate:"phone" label:"mobile number abroad"`
	EmergencyContactName         string `json:"emergency_contact_name" validate:"max=200" label:"emergency contact's name"`
	EmergencyContactRelationship string `json:"emergency_contact_relationship" validate:"max=100" label:"relationship"`
	EmergencyContactPhone        string `json:"emergency_contact_phone" validate:"phone" label:"emergency contact's telephone number"`
}

// Normalise trims the fields and writes the passport digits in capitals.
func (t *TravelDocuments) Normalise() {
	for _, p := range []*string{&t.PassportNationality, &t.EstaStatus, &t.MobileAbroad, &t.EmergencyContactName, &t.EmergencyContactRelationship, &t.EmergencyContactPhone} {
		*p = strings.TrimSpace(*p)
	}
	t.PassportLast4 = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(t.PassportLast4), " ", ""))
}

// Validate checks the fields; an expiry date of an ESTA is only taken with a status.
func (t *TravelDocuments) Validate() FieldErrors {
	errs := Validate(t)
	if !t.EstaExpires.IsZero() && (t.EstaStatus == "" || t.EstaStatus == EstaNotNeeded) {
		errs.Add("esta_expires", "Select the ESTA status, or leave its expiry date empty")
	}
	return errs
}

// Masked is a copy for the audit log: the passport's last 4 characters are not kept there.
func (t TravelDocuments) Masked() TravelDocuments {
	if t.PassportLast4 != "" {
		t.PassportLast4 = "****"
	}
	return t
}

// Hotel is a hotel of a mission, with its room block. It owns a location of the mission (LocationID)
// holding the same name, address and city, so that travel time to and from it follows the mission's
// rules.
type Hotel struct {
	ID            uint      `json:"id" gorm:"primaryKey"`
	MissionID     uint      `json:"mission_id"`
	LocationID    uint      `json:"location_id"`
	Name          string    `json:"name" validate:"required,max=200" label:"name"`
	Address       string    `json:"address" validate:"max=500" label:"address"`
	City          string    `json:"city" validate:"required,max=100" label:"city"`
	CheckIn       string    `json:"check_in" validate:"hhmm" msg:"hhmm=Enter the check-in time as HH:MM, like 15:00"`
	CheckOut      string    `json:"check_out" validate:"hhmm" msg:"hhmm=Enter the check-out time as HH:MM, like 11:00"`
	BlockStartsOn Date      `json:"block_starts_on" label:"first night of the block"`
	BlockEndsOn   Date      `json:"block_ends_on" label:"check-out day of the block"`
	Rooms         int       `json:"rooms" validate:"min=0,max=10000" label:"number of rooms"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Normalise trims the hotel's text.
func (h *Hotel) Normalise() {
	for _, p := range []*string{&h.Name, &h.Address, &h.City, &h.CheckIn, &h.CheckOut} {
		*p = strings.TrimSpace(*p)
	}
	if h.CheckIn == "" {
		h.CheckIn = "15:00"
	}
	if h.CheckOut == "" {
		h.CheckOut = "11:00"
	}
}

// Validate checks the hotel; a block has both of its days, the check-out day after the first night.
func (h *Hotel) Validate() FieldErrors {
	errs := Validate(h)
	switch {
	case h.BlockStartsOn.IsZero() != h.BlockEndsOn.IsZero():
		errs.Add("block_ends_on", "Enter both the first night and the check-out day of the room block, or neither")
	case !h.BlockStartsOn.IsZero() && !h.BlockEndsOn.After(h.BlockStartsOn.Time):
		errs.Add("block_ends_on", "The block's check-out day must be after its first night")
	}
	return errs
}

// BlockNights is the number of nights of the room block.
func (h *Hotel) BlockNights() int { return nightsBetween(h.BlockStartsOn, h.BlockEndsOn) }

// HotelBooking is a delegate's room: the nights from ArrivesOn up to the night before DepartsOn.
// Delegates sharing a room have bookings with the same hotel, dates and confirmation.
type HotelBooking struct {
	ID           uint      `json:"-" gorm:"primaryKey"`
	DelegateID   uint      `json:"-"`
	HotelID      uint      `json:"hotel_id" validate:"required" msg:"required=Select the hotel"`
	ArrivesOn    Date      `json:"arrives_on" validate:"required" label:"arrival date" msg:"required=Enter the arrival date"`
	DepartsOn    Date      `json:"departs_on" validate:"required" label:"departure date" msg:"required=Enter the departure date"`
	Room         string    `json:"room" validate:"oneof=single shared" msg:"oneof=Select a single or a shared room"`
	Confirmation string    `json:"confirmation" validate:"max=100" label:"confirmation number"`
	CreatedAt    time.Time `json:"-"`
	UpdatedAt    time.Time `json:"-"`
}

// Validate checks the booking (the hotel's mission is checked by the store).
func (b *HotelBooking) Validate() FieldErrors {
	b.Room, b.Confirmation = strings.TrimSpace(b.Room), strings.TrimSpace(b.Confirmation)
	errs := Validate(b)
	if _, ok := errs["departs_on"]; !ok && !b.ArrivesOn.IsZero() && !b.DepartsOn.After(b.ArrivesOn.Time) {
		errs.Add("departs_on", "The departure date must be after the arrival date")
	}
	return errs
}

// Nights is the number of nights booked.
func (b *HotelBooking) Nights() int { return nightsBetween(b.ArrivesOn, b.DepartsOn) }

// Covers reports whether the booking includes the night that begins on day.
func (b *HotelBooking) Covers(night Date) bool {
	return !night.Before(b.ArrivesOn.Time) && night.Before(b.DepartsOn.Time)
}

func nightsBetween(from, to Date) int {
	if from.IsZero() || to.IsZero() {
		return 0
	}
	return int(to.Sub(from.Time).Hours()/24 + 0.5)
}

// Readiness check codes, in the order the board shows them (and the API's missing codes).
const (
	CheckInvitation       = "invitation"
	CheckFlights          = "flights"
	CheckPassport         = "passport"
	CheckEsta             = "esta"
	CheckHotel            = "hotel"
	CheckEmergencyContact = "emergency_contact"
	CheckNeeds            = "needs"
)

// ReadinessChecks labels the checks for people, in order.
var ReadinessChecks = []Option{
	{CheckInvitation, "Invitation"}, {CheckFlights, "Flights"}, {CheckPassport, "Passport"}, {CheckEsta, "ESTA"},
	{CheckHotel, "Hotel"}, {CheckEmergencyContact, "Emergency contact"}, {CheckNeeds, "Dietary and access needs"},
}

// Levels of a check: met, met with a warning, not met.
const (
	LevelGreen = "green"
	LevelAmber = "amber"
	LevelRed   = "red"
)

// ReadinessLevels labels the levels for people.
var ReadinessLevels = []Option{{LevelGreen, "Done"}, {LevelAmber, "Warning"}, {LevelRed, "Missing"}}

// EarlyArrivalHour: a flight landing before this local hour belongs to the previous night's booking
// (the room must be ready when the delegate arrives at 00:40, so it is the night that began the day
// before).
const EarlyArrivalHour = 6

// ReadinessInput is what the readiness of one delegate is judged on.
type ReadinessInput struct {
	Delegate     *Delegate     // with its TravelSegments
	Booking      *HotelBooking // nil when none
	Invited      bool          // an invitation was sent
	Accepted     bool          // the delegate has signed in with one
	MissionStart Date          // used when the flights are not entered yet
	MissionEnd   Date
}

// ReadinessCheck is one check of a delegate's readiness.
type ReadinessCheck struct {
	Code   string `json:"code"`
	Level  string `json:"level"`
	Reason string `json:"reason"`
}

// Label is the check's name for people.
func (c ReadinessCheck) Label() string { return Label(ReadinessChecks, c.Code) }

// DelegateReadiness is the readiness of one delegate: every check, and the codes of those not met.
// Amber (a warning) is not missing.
type DelegateReadiness struct {
	DelegateID     uint             `json:"delegate_id"`
	RegistrationID uint             `json:"registration_id"`
	Ready          bool             `json:"ready"`
	Missing        []string         `json:"missing"`
	Checks         []ReadinessCheck `json:"checks"`
}

// Check returns the check with code.
func (r *DelegateReadiness) Check(code string) ReadinessCheck {
	for _, c := range r.Checks {
		if c.Code == code {
			return c
		}
	}
	return ReadinessCheck{Code: code}
}

// Trip is the part of a delegate's journey the checks measure against: the first night at the
// destination and the day of the return flight, both local dates, and whether they come from flights
// (otherwise from the mission's dates).
type Trip struct {
	FirstNight  Date
	ReturnDay   Date
	FromFlights bool // both come from entered flights
	HasOutbound bool
	HasReturn   bool
}

// TripOf finds the first night (the local date of the last outbound arrival, or the day before when it
// lands before EarlyArrivalHour) and the return day (the local date of the first return departure).
// Without flights, the mission's first and last days stand in.
func TripOf(segs []TravelSegment, missionStart, missionEnd Date) Trip {
	t := Trip{FirstNight: missionStart, ReturnDay: missionEnd}
	var arrival, departure time.Time
	var arrivalAt, departureAt string
	for _, s := range segs {
		switch s.Direction {
		case "outbound":
			if !t.HasOutbound || s.ArrivesAt.After(arrival) {
				arrival, arrivalAt, t.HasOutbound = s.ArrivesAt, s.To, true
			}
		case "return":
			if !t.HasReturn || s.DepartsAt.Before(departure) {
				departure, departureAt, t.HasReturn = s.DepartsAt, s.From, true
			}
		}
	}
	if t.HasOutbound {
		local := arrival.In(airportZoneOr(arrivalAt))
		night := DateOf(local.Year(), local.Month(), local.Day())
		if local.Hour() < EarlyArrivalHour {
			night = night.AddDays(-1)
		}
		t.FirstNight = night
	}
	if t.HasReturn {
		local := departure.In(airportZoneOr(departureAt))
		t.ReturnDay = DateOf(local.Year(), local.Month(), local.Day())
	}
	t.FromFlights = t.HasOutbound && t.HasReturn
	return t
}

func airportZoneOr(code string) *time.Location {
	if loc, ok := AirportZone(code); ok {
		return loc
	}
	return time.UTC
}

// AssessReadiness judges a delegate's readiness: every check, green, amber or red with its reason.
func AssessReadiness(in ReadinessInput) DelegateReadiness {
	d := in.Delegate
	trip := TripOf(d.TravelSegments, in.MissionStart, in.MissionEnd)
	out := DelegateReadiness{DelegateID: d.ID, RegistrationID: d.RegistrationID, Missing: []string{}}
	out.Checks = []ReadinessCheck{
		invitationCheck(in.Invited, in.Accepted),
		flightsCheck(trip),
		passportCheck(&d.TravelDocuments, trip),
		estaCheck(&d.TravelDocuments, trip),
		hotelCheck(in.Booking, trip),
		emergencyContactCheck(&d.TravelDocuments),
		needsCheck(d),
	}
	for _, c := range out.Checks {
		if c.Level == LevelRed {
			out.Missing = append(out.Missing, c.Code)
		}
	}
	out.Ready = len(out.Missing) == 0
	return out
}

func green(code, reason string) ReadinessCheck { return ReadinessCheck{code, LevelGreen, reason} }
func amber(code, reason string) ReadinessCheck { return ReadinessCheck{code, LevelAmber, reason} }
func red(code, reason string) ReadinessCheck   { return ReadinessCheck{code, LevelRed, reason} }

func invitationCheck(invited, accepted bool) ReadinessCheck {
	switch {
	case accepted:
		return green(CheckInvitation, "Accepted")
	case invited:
		return red(CheckInvitation, "Invited, not accepted yet")
	}
	return red(CheckInvitation, "Not invited yet")
}

func flightsCheck(t Trip) ReadinessCheck {
	switch {
	case t.HasOutbound && t.HasReturn:
		return green(CheckFlights, fmt.Sprintf("Arrives for the night of %s, returns %s", t.FirstNight.Label(), t.ReturnDay.Label()))
	case t.HasOutbound:
		return red(CheckFlights, "No return flight")
	case t.HasReturn:
		return red(CheckFlights, "No outbound flight")
	}
	return red(CheckFlights, "No flights entered")
}

// returnDayWords names the day documents must be valid on.
func returnDayWords(t Trip) string {
	if t.HasReturn {
		return "the return flight on " + t.ReturnDay.Label()
	}
	return "the mission's last day, " + t.ReturnDay.Label() + " (no return flight yet)"
}

func passportCheck(doc *TravelDocuments, t Trip) ReadinessCheck {
	switch {
	case doc.PassportExpires.IsZero():
		return red(CheckPassport, "Passport expiry date not entered")
	case doc.PassportExpires.Before(t.ReturnDay.Time):
		return red(CheckPassport, fmt.Sprintf("Expires %s, before %s", doc.PassportExpires.Label(), returnDayWords(t)))
	case doc.PassportNationality == "":
		return red(CheckPassport, "Nationality not entered")
	case doc.PassportExpires.Before(t.ReturnDay.AddDate(0, 6, 0)):
		return amber(CheckPassport, fmt.Sprintf("Valid, but expires %s, within six months after %s", doc.PassportExpires.Label(), returnDayWords(t)))
	}
	return green(CheckPassport, "Valid until "+doc.PassportExpires.Label())
}

func estaCheck(doc *TravelDocuments, t Trip) ReadinessCheck {
	switch doc.EstaStatus {
	case "":
		return red(CheckEsta, "ESTA status not entered")
	case EstaNotNeeded:
		return green(CheckEsta, "Not needed")
	case EstaToApply:
		return red(CheckEsta, "Not applied for yet")
	case EstaApplied:
		return red(CheckEsta, "Applied, not approved yet")
	case EstaRefused:
		return red(CheckEsta, "Refused: a visa is needed")
	}
	switch {
	case doc.EstaExpires.IsZero():
		return red(CheckEsta, "Approved, but its expiry date is not entered")
	case doc.EstaExpires.Before(t.ReturnDay.Time):
		return red(CheckEsta, fmt.Sprintf("Approved, but expires %s, before %s", doc.EstaExpires.Label(), returnDayWords(t)))
	}
	return green(CheckEsta, "Approved, valid until "+doc.EstaExpires.Label())
}

// MissingNights lists the nights from the trip's first night up to the night before the return day
// that the booking does not cover.
func MissingNights(b *HotelBooking, t Trip) []Date {
	var out []Date
	for n := t.FirstNight; n.Before(t.ReturnDay.Time); n = n.AddDays(1) {
		if b == nil || !b.Covers(n) {
			out = append(out, n)
		}
		if len(out) > 400 { // a typing slip in a year: enough to say so
			break
		}
	}
	return out
}

func hotelCheck(b *HotelBooking, t Trip) ReadinessCheck {
	if b == nil {
		return red(CheckHotel, "No hotel booking")
	}
	missing := MissingNights(b, t)
	if len(missing) == 0 {
		return green(CheckHotel, fmt.Sprintf("%d nights from %s", b.Nights(), b.ArrivesOn.Label()))
	}
	labels := make([]string, 0, 3)
	for _, n := range missing[:min(3, len(missing))] {
		labels = append(labels, n.Label())
	}
	more := ""
	if len(missing) > 3 {
		more = fmt.Sprintf(" and %d more", len(missing)-3)
	}
	word := "night"
	if len(missing) > 1 {
		word = "nights"
	}
	suffix := ""
	if !t.FromFlights {
		suffix = " (measured on the mission's dates: flights not entered)"
	}
	return red(CheckHotel, fmt.Sprintf("No room for the %s of %s%s%s", word, strings.Join(labels, ", "), more, suffix))
}

func emergencyContactCheck(doc *TravelDocuments) ReadinessCheck {
	switch {
	case doc.EmergencyContactName == "":
		return red(CheckEmergencyContact, "No emergency contact")
	case doc.EmergencyContactPhone == "":
		return red(CheckEmergencyContact, "Emergency contact's telephone number not entered")
	}
	return green(CheckEmergencyContact, "Entered")
}

func needsCheck(d *Delegate) ReadinessCheck {
	var missing []string
	if d.DietaryRequirements == "" {
		missing = append(missing, "dietary requirements")
	}
	if d.AccessNeeds == "" {
		missing = append(missing, "access needs")
	}
	if len(missing) > 0 {
		return red(CheckNeeds, "Not answered: "+strings.Join(missing, " and ")+` (even "none")`)
	}
	return green(CheckNeeds, "Answered")
}

// ReadinessCounts counts a board's delegates: ready or not, and per check how many are at each level.
type ReadinessCounts struct {
	Delegates int
	Ready     int
	ByCheck   map[string]map[string]int // code → level → count
}

// CountReadiness counts the delegates' readiness.
func CountReadiness(rs []DelegateReadiness) ReadinessCounts {
	c := ReadinessCounts{Delegates: len(rs), ByCheck: map[string]map[string]int{}}
	for _, o := range ReadinessChecks {
		c.ByCheck[o.Code] = map[string]int{}
	}
	for _, r := range rs {
		if r.Ready {
			c.Ready++
		}
		for _, ch := range r.Checks {
			c.ByCheck[ch.Code][ch.Level]++
		}
	}
	return c
}

// ReadinessFilter picks delegates on the board: by check and level, or ready/not ready.
type ReadinessFilter struct {
	Check string // a check code, or "" for any
	Level string // a level, or "" for any not green when Check is set
	Ready string // "yes", "no" or ""
}

// Match reports whether r passes the filter.
func (f ReadinessFilter) Match(r DelegateReadiness) bool {
	switch f.Ready {
	case "yes":
		if !r.Ready {
			return false
		}
	case "no":
		if r.Ready {
			return false
		}
	}
	if f.Check == "" {
		return true
	}
	lvl := r.Check(f.Check).Level
	if f.Level == "" {
		return lvl != LevelGreen
	}
	return lvl == f.Level
}

// Valid reports whether the filter names known codes.
func (f ReadinessFilter) Valid() bool {
	return (f.Check == "" || InList(ReadinessChecks, f.Check)) && (f.Level == "" || InList(ReadinessLevels, f.Level)) &&
		slices.Contains([]string{"", "yes", "no"}, f.Ready)
}
