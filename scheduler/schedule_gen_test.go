package scheduler

import (
	"fmt"
	"math/rand"
	"sort"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// genSpec describes a generated mission for scheduler tests and benchmarks.
type genSpec struct {
	firms, contacts, requests int
	days, slotsPerDay         int
	seed                      int64
	fixedShare                float64 // share of planted meetings turned into Existing
}

var (
	genPlaces = []models.Place{
		{LocationID: 1, Name: "Consulate", City: "Chicago"},
		{LocationID: 2, Name: "Willis Tower", City: "Chicago"},
		{LocationID: 3, Name: "Merchandise Mart", City: "Chicago"},
		{LocationID: 4, Name: "1871 Hub", City: "Chicago"},
		{LocationID: 5, Name: "Fulton Market", City: "Chicago"},
		{LocationID: 6, Name: "West Loop", City: "Chicago"},
		{LocationID: 7, Name: "Woodfield", City: "Schaumburg"},
		{LocationID: 8, Name: "Zurich Campus", City: "Schaumburg"},
		{LocationID: 9, Name: "EIGERlab", City: "Rockford"},
	}
	genTravel = models.TravelRules{Between: map[string]time.Duration{
		models.CityPairKey("Chicago", "Rockford"):   90 * time.Minute,
		models.CityPairKey("Chicago", "Schaumburg"): 45 * time.Minute,
	}}
)

func chicago() *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic(err)
	}
	return loc
}

// genContext builds the mission frame: working days from Mon 15 Mar 2027, a programme, travel.
func genContext(rng *rand.Rand, spec genSpec) models.BookingContext {
	loc := chicago()
	first := time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)
	end := fmt.Sprintf("%02d:%02d", 9+spec.slotsPerDay/2, (spec.slotsPerDay%2)*30)
	bc := models.BookingContext{
		Zone:    loc,
		Working: models.WorkingWindows(loc, first, first.AddDate(0, 0, spec.days-1), "09:00", end),
		Travel:  genTravel,
	}
	at := func(day, slot, slots int) models.Interval {
		s := bc.Working[day].Start.Add(time.Duration(slot*30) * time.Minute)
		return models.Interval{Start: s, End: s.Add(time.Duration(slots*30) * time.Minute)}
	}
	bc.Programme = append(bc.Programme, models.ProgrammeBlock{ID: 1, Title: "Welcome briefing", Span: at(0, 0, 2), Place: genPlaces[0]})
	if spec.days > 2 {
		bc.Programme = append(bc.Programme, models.ProgrammeBlock{ID: 2, Title: "Networking reception", Span: at(2, spec.slotsPerDay-2, 2), Place: genPlaces[1]})
	}
	if spec.days > 1 {
		var regs []uint
		for f := 1; f <= spec.firms; f++ {
			if rng.Intn(5) == 0 {
				regs = append(regs, uint(f))
			}
		}
		bc.Programme = append(bc.Programme, models.ProgrammeBlock{ID: 3, Title: "Site visit", Span: at(1, 8, 4), Place: genPlaces[6], RegistrationIDs: regs})
	}
	return bc
}

func genContactPlace(rng *rand.Rand) models.Place {
	switch x := rng.Intn(10); {
	case x < 7:
		return genPlaces[rng.Intn(6)]
	case x < 9:
		return genPlaces[6+rng.Intn(2)]
	}
	return genPlaces[8]
}

func genDelegates(f int, rng *rand.Rand) []uint {
	if rng.Intn(2) == 0 {
		return []uint{uint(f*10 + 1)}
	}
	return []uint{uint(f*10 + 1), uint(f*10 + 2)}
}

// genPlanted plants a clash-free timetable first (checked with CheckBooking), then derives
// the requests from it, so every request is known to fit.
func genPlanted(spec genSpec) ScheduleInput {
	rng := rand.New(rand.NewSource(spec.seed))
	bc := genContext(rng, spec)
	contactPlace := make([]models.Place, spec.contacts+1)
	for c := 1; c <= spec.contacts; c++ {
		contactPlace[c] = genContactPlace(rng)
	}
	byFirm := map[uint][]models.Booking{}
	byContact := map[uint][]models.Booking{}
	var planted []models.Booking
	probe := bc
	for id := 1; len(planted) < spec.requests && id < spec.requests*20; id++ {
		f, c := uint(1+rng.Intn(spec.firms)), uint(1+rng.Intn(spec.contacts))
		slots := 1
		if rng.Intn(5) == 0 {
			slots = 2
		}
		day, slot := rng.Intn(spec.days), rng.Intn(spec.slotsPerDay-slots+1)
		s := bc.Working[day].Start.Add(time.Duration(slot*30) * time.Minute)
		b := models.Booking{ID: uint(id), RegistrationID: f, ContactID: c, DelegateIDs: genDelegates(int(f), rng),
			Span: models.Interval{Start: s, End: s.Add(time.Duration(slots*30) * time.Minute)}, Place: contactPlace[c],
			Label: fmt.Sprintf("Firm %d with Contact %d", f, c)}
		probe.Existing = append(append([]models.Booking(nil), byFirm[f]...), byContact[c]...)
		if len(models.CheckBooking(probe, b)) > 0 {
			continue
		}
		byFirm[f] = append(byFirm[f], b)
		byContact[c] = append(byContact[c], b)
		planted = append(planted, b)
	}
	// Availability: most contacts get windows around their planted meetings, some tight.
	bc.ContactAvailability = map[uint][]models.Interval{}
	for c := 1; c <= spec.contacts; c++ {
		if rng.Intn(10) < 3 {
			continue
		}
		var av []models.Interval
		for _, b := range byContact[uint(c)] {
			pad := time.Duration(rng.Intn(4)*30) * time.Minute
			av = append(av, models.Interval{Start: b.Span.Start.Add(-pad), End: b.Span.End.Add(time.Duration(rng.Intn(4)*30) * time.Minute)})
		}
		if len(av) == 0 {
			day := rng.Intn(spec.days)
			av = append(av, models.Interval{Start: bc.Working[day].Start, End: bc.Working[day].Start.Add(3 * time.Hour)})
		}
		bc.ContactAvailability[uint(c)] = av
	}
	in := ScheduleInput{Context: bc, SlotMinutes: 30}
	for _, b := range planted {
		if rng.Float64() < spec.fixedShare {
			in.Context.Existing = append(in.Context.Existing, b)
			continue
		}
		in.Requests = append(in.Requests, Request{ID: b.ID, RegistrationID: b.RegistrationID, ContactID: b.ContactID,
			DelegateIDs: b.DelegateIDs, Priority: rng.Intn(3), Minutes: int(b.Span.Duration() / time.Minute),
			Place: b.Place, Label: b.Label})
	}
	rng.Shuffle(len(in.Requests), func(i, j int) { in.Requests[i], in.Requests[j] = in.Requests[j], in.Requests[i] })
	return in
}

// genRandom makes requests with no guarantee they all fit (over-subscribed contacts, travel
// between Rockford and Chicago, tight availability), plus a few fixed meetings.
func genRandom(spec genSpec) ScheduleInput {
	in := genPlanted(genSpec{firms: spec.firms, contacts: spec.contacts, requests: spec.requests / 20,
		days: spec.days, slotsPerDay: spec.slotsPerDay, seed: spec.seed, fixedShare: 1})
	rng := rand.New(rand.NewSource(spec.seed + 1))
	contactPlace := make([]models.Place, spec.contacts+1)
	for c := 1; c <= spec.contacts; c++ {
		contactPlace[c] = genContactPlace(rng)
	}
	in.Context.ContactAvailability = map[uint][]models.Interval{}
	for c := 1; c <= spec.contacts; c++ {
		if rng.Intn(10) < 4 {
			continue
		}
		var av []models.Interval
		for k := 0; k < 1+rng.Intn(3); k++ {
			day := rng.Intn(spec.days)
			s := in.Context.Working[day].Start.Add(time.Duration(rng.Intn(spec.slotsPerDay)*30) * time.Minute)
			av = append(av, models.Interval{Start: s, End: s.Add(time.Duration(2+rng.Intn(4)) * time.Hour)})
		}
		in.Context.ContactAvailability[uint(c)] = av
	}
	base := uint(len(in.Context.Existing) * 100)
	for i := 0; i < spec.requests; i++ {
		f, c := 1+rng.Intn(spec.firms), uint(1+rng.Intn(spec.contacts))
		minutes := 30
		if rng.Intn(5) == 0 {
			minutes = 60
		}
		in.Requests = append(in.Requests, Request{ID: base + uint(i) + 1_000_000, RegistrationID: uint(f), ContactID: c,
			DelegateIDs: genDelegates(f, rng), Priority: rng.Intn(3), Minutes: minutes, Place: contactPlace[c],
			Label: fmt.Sprintf("Firm %d with Contact %d", f, c)})
	}
	return in
}

// placedBookings turns a result back into bookings, for checking with CheckBooking.
func placedBookings(in ScheduleInput, res ScheduleResult) []models.Booking {
	byID := map[uint]Request{}
	for _, r := range in.Requests {
		byID[r.ID] = r
	}
	out := make([]models.Booking, 0, len(res.Placed))
	for _, p := range res.Placed {
		r := byID[p.RequestID]
		out = append(out, models.Booking{ID: r.ID, RegistrationID: r.RegistrationID, ContactID: r.ContactID,
			DelegateIDs: r.DelegateIDs, Span: p.Span, Place: r.Place, Label: r.Label})
	}
	return out
}

// clashesInResult checks every placement with CheckBooking against the existing meetings and
// the other placements that share its firm, contact or a delegate (the only ones that matter).
func clashesInResult(in ScheduleInput, res ScheduleResult) []string {
	all := append(append([]models.Booking(nil), in.Context.Existing...), placedBookings(in, res)...)
	byFirm, byContact, byDel := map[uint][]int{}, map[uint][]int{}, map[uint][]int{}
	for i, b := range all {
		byFirm[b.RegistrationID] = append(byFirm[b.RegistrationID], i)
		byContact[b.ContactID] = append(byContact[b.ContactID], i)
		for _, d := range b.DelegateIDs {
			byDel[d] = append(byDel[d], i)
		}
	}
	var out []string
	bc := in.Context
	for _, b := range all[len(in.Context.Existing):] {
		set := map[int]bool{}
		for _, i := range byFirm[b.RegistrationID] {
			set[i] = true
		}
		for _, i := range byContact[b.ContactID] {
			set[i] = true
		}
		for _, d := range b.DelegateIDs {
			for _, i := range byDel[d] {
				set[i] = true
			}
		}
		idx := make([]int, 0, len(set))
		for i := range set {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		bc.Existing = bc.Existing[:0:0]
		for _, i := range idx {
			bc.Existing = append(bc.Existing, all[i])
		}
		for _, c := range models.CheckBooking(bc, b) {
			out = append(out, fmt.Sprintf("request %d: %s: %s", b.ID, c.Kind, c.Message))
		}
	}
	return out
}
