package scheduler

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

func cloneInput(in ScheduleInput) ScheduleInput {
	out := in
	out.Requests = append([]Request(nil), in.Requests...)
	out.Context.Existing = append([]models.Booking(nil), in.Context.Existing...)
	out.Context.Programme = append([]models.ProgrammeBlock(nil), in.Context.Programme...)
	return out
}

func TestScheduleProperties(t *testing.T) {
	tests := []struct {
		name string
		in   ScheduleInput
	}{
		{"random small", genRandom(genSpec{firms: 12, contacts: 40, requests: 200, days: 3, slotsPerDay: 18, seed: 1})},
		{"random oversubscribed", genRandom(genSpec{firms: 20, contacts: 30, requests: 600, days: 2, slotsPerDay: 16, seed: 2})},
		{"random medium", genRandom(genSpec{firms: 60, contacts: 300, requests: 1200, days: 5, slotsPerDay: 18, seed: 3})},
		{"planted", genPlanted(genSpec{firms: 30, contacts: 120, requests: 600, days: 4, slotsPerDay: 18, seed: 4, fixedShare: 0.05})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := cloneInput(tt.in)
			beforeDeep := cloneInput(tt.in)
			res := Schedule(tt.in)
			if !reflect.DeepEqual(tt.in.Context.Existing, beforeDeep.Context.Existing) ||
				!reflect.DeepEqual(tt.in.Requests, beforeDeep.Requests) {
				t.Fatal("Schedule changed its input")
			}
			if got, want := len(res.Placed)+len(res.Unplaced), len(tt.in.Requests); got != want {
				t.Fatalf("placed+unplaced = %d, want %d", got, want)
			}
			existing := map[uint]bool{}
			for _, b := range tt.in.Context.Existing {
				existing[b.ID] = true
			}
			for _, p := range res.Placed {
				if existing[p.RequestID] {
					t.Fatalf("placement for existing meeting %d", p.RequestID)
				}
			}
			for _, u := range res.Unplaced {
				if u.Code == "" || u.Reason == "" {
					t.Fatalf("unplaced %d without code or reason: %+v", u.RequestID, u)
				}
			}
			if cl := clashesInResult(tt.in, res); len(cl) > 0 {
				t.Fatalf("%d clashes, first: %s", len(cl), cl[0])
			}
			again := Schedule(before)
			if !reflect.DeepEqual(res, again) {
				t.Fatal("same input gave a different result")
			}
			shuffled := cloneInput(tt.in)
			rng := rand.New(rand.NewSource(99))
			rng.Shuffle(len(shuffled.Requests), func(i, j int) {
				shuffled.Requests[i], shuffled.Requests[j] = shuffled.Requests[j], shuffled.Requests[i]
			})
			rng.Shuffle(len(shuffled.Context.Existing), func(i, j int) {
				shuffled.Context.Existing[i], shuffled.Context.Existing[j] = shuffled.Context.Existing[j], shuffled.Context.Existing[i]
			})
			if !reflect.DeepEqual(res, Schedule(shuffled)) {
				t.Fatal("shuffled requests gave a different result")
			}
			t.Logf("placed %d of %d", len(res.Placed), len(tt.in.Requests))
		})
	}
}

func TestSchedulePlanted(t *testing.T) {
	for _, seed := range []int64{7, 8, 9} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			in := genPlanted(genSpec{firms: 80, contacts: 400, requests: 2000, days: 5, slotsPerDay: 18, seed: seed, fixedShare: 0.05})
			res := Schedule(in)
			ratio := float64(len(res.Placed)) / float64(len(in.Requests))
			t.Logf("placed %d of %d (%.2f%%)", len(res.Placed), len(in.Requests), 100*ratio)
			if ratio < 0.99 {
				codes := map[string]int{}
				for _, u := range res.Unplaced {
					codes[u.Code]++
				}
				t.Fatalf("placement ratio %.4f < 0.99; unplaced by code: %v", ratio, codes)
			}
			if cl := clashesInResult(in, res); len(cl) > 0 {
				t.Fatalf("%d clashes, first: %s", len(cl), cl[0])
			}
		})
	}
}

// BenchmarkSchedule is the 6,000-request mission: 300 firms, 1,500 contacts, five days.
func BenchmarkSchedule(b *testing.B) {
	benchSchedule(b, genRandom(genSpec{firms: 300, contacts: 1500, requests: 6000, days: 5, slotsPerDay: 18, seed: 11}))
}

func BenchmarkSchedulePlanted(b *testing.B) {
	benchSchedule(b, genPlanted(genSpec{firms: 300, contacts: 1500, requests: 6000, days: 5, slotsPerDay: 18, seed: 12, fixedShare: 0.05}))
}

func TestScheduleReasons(t *testing.T) {
	loc := chicago()
	day := time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)
	working := models.WorkingWindows(loc, day, day, "09:00", "11:00") // 15:00–17:00 UTC... four 30-minute slots
	at := func(hhmm string) time.Time {
		t, err := models.LocalInstant(loc, "2027-03-15", hhmm)
		if err != nil {
			panic(err)
		}
		return t
	}
	chi := models.Place{LocationID: 1, Name: "Willis Tower", City: "Chicago"}
	rock := models.Place{LocationID: 9, Name: "EIGERlab", City: "Rockford"}
	base := models.BookingContext{Zone: loc, Working: working, Travel: genTravel}
	tests := []struct {
		name string
		bc   func(models.BookingContext) models.BookingContext
		req  Request
		code string
	}{
		{"invalid minutes", nil, Request{ID: 1, RegistrationID: 1, ContactID: 1, Minutes: 0}, UnplacedInvalid},
		{"too long for the day", nil, Request{ID: 1, RegistrationID: 1, ContactID: 1, Minutes: 180}, UnplacedOutsideHours},
		{"contact away", func(c models.BookingContext) models.BookingContext {
			c.ContactAvailability = map[uint][]models.Interval{1: {{Start: at("13:00"), End: at("15:00")}}}
			return c
		}, Request{ID: 1, RegistrationID: 1, ContactID: 1, Minutes: 30}, UnplacedNoCommonAvailability},
		{"contact booked", func(c models.BookingContext) models.BookingContext {
			c.Existing = []models.Booking{{ID: 50, RegistrationID: 2, ContactID: 1, Span: models.Interval{Start: at("09:00"), End: at("11:00")}, Place: chi}}
			return c
		}, Request{ID: 1, RegistrationID: 1, ContactID: 1, Minutes: 30, Place: chi}, UnplacedContactFullyBooked},
		{"firm at programme", func(c models.BookingContext) models.BookingContext {
			c.Programme = []models.ProgrammeBlock{{ID: 5, Title: "Briefing", Span: models.Interval{Start: at("09:00"), End: at("11:00")}}}
			return c
		}, Request{ID: 1, RegistrationID: 1, ContactID: 1, Minutes: 30, Place: chi}, UnplacedFirmFullyBooked},
		{"free at different times", func(c models.BookingContext) models.BookingContext {
			c.Existing = []models.Booking{
				{ID: 50, RegistrationID: 2, ContactID: 1, Span: models.Interval{Start: at("09:00"), End: at("10:00")}, Place: chi},
				{ID: 51, RegistrationID: 1, ContactID: 3, Span: models.Interval{Start: at("10:00"), End: at("11:00")}, Place: chi},
			}
			return c
		}, Request{ID: 1, RegistrationID: 1, ContactID: 1, Minutes: 30, Place: chi}, UnplacedNoCommonFreeSlot},
		{"travel", func(c models.BookingContext) models.BookingContext {
			c.Existing = []models.Booking{{ID: 50, RegistrationID: 1, ContactID: 3, Span: models.Interval{Start: at("09:00"), End: at("09:30")}, Place: chi}}
			return c
		}, Request{ID: 1, RegistrationID: 1, ContactID: 1, Minutes: 30, Place: rock}, UnplacedTravelImpossible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bc := base
			if tt.bc != nil {
				bc = tt.bc(bc)
			}
			res := Schedule(ScheduleInput{Context: bc, Requests: []Request{tt.req}, SlotMinutes: 30})
			if len(res.Unplaced) != 1 || res.Unplaced[0].Code != tt.code {
				t.Fatalf("got %+v, want code %s", res, tt.code)
			}
			t.Log(res.Unplaced[0].Reason)
		})
	}
}
