package scheduler

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// genTight plants a day in which every firm and every contact is busy in every step: firms ×
// contacts (equal numbers), steps one-hour steps a day over days days, 30-minute meetings at the
// contacts' offices, which are 30 minutes apart (the same-city buffer). Firm f meets, at step s
// of day d, the contact of a random perfect matching drawn for that step, no pair met twice.
func genTight(n, steps, days int, seed int64) ScheduleInput {
	return genTightVariant(n, steps, days, seed, false, false)
}

func genTightVariant(n, steps, days int, seed int64, venues, noSlack bool) ScheduleInput {
	rng := rand.New(rand.NewSource(seed))
	loc := chicago()
	first := time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)
	end := fmt.Sprintf("%02d:00", 9+steps)
	if noSlack {
		end = fmt.Sprintf("%02d:30", 8+steps)
	}
	bc := models.BookingContext{Zone: loc, Working: models.WorkingWindows(loc, first, first.AddDate(0, 0, days-1), "09:00", end),
		Travel: models.TravelRules{SameCityBuffer: 30 * time.Minute}}
	// One random perfect matching of firms to contacts per step, with no pair met twice.
	used := map[[2]int]bool{}
	matchings := make([][]int, steps*days)
	for k := range matchings {
		perm := rng.Perm(n)
		for again := true; again; {
			again = false
			for f := 0; f < n; f++ {
				if used[[2]int{f, perm[f]}] {
					g := rng.Intn(n)
					perm[f], perm[g] = perm[g], perm[f]
					again = true
				}
			}
		}
		for f, c := range perm {
			used[[2]int{f, c}] = true
		}
		matchings[k] = perm
	}
	var in ScheduleInput
	in.Context, in.SlotMinutes = bc, 15
	id := uint(0)
	for d := 0; d < days; d++ {
		for s := 0; s < steps; s++ {
			for f := 0; f < n; f++ {
				c := matchings[d*steps+s][f]
				id++
				place := models.Place{LocationID: uint(c + 1), Name: fmt.Sprintf("Office %d", c+1), City: "Chicago"}
				if venues {
					place = models.Place{LocationID: 10000 + id, Name: fmt.Sprintf("Venue %d", id), City: "Chicago"}
				}
				in.Requests = append(in.Requests, Request{ID: id, RegistrationID: uint(f + 1), ContactID: uint(c + 1),
					DelegateIDs: []uint{uint(f + 1)}, Minutes: 30,
					Place: place,
					Label: fmt.Sprintf("Firm %d with Contact %d", f+1, c+1)})
			}
		}
	}
	// Ids in a random order, so that ties broken by id do not replay the planted timetable.
	rng.Shuffle(len(in.Requests), func(i, j int) { in.Requests[i], in.Requests[j] = in.Requests[j], in.Requests[i] })
	for i := range in.Requests {
		in.Requests[i].ID = uint(i + 1)
	}
	return in
}

// genOversubscribed is firms firms each asking the same contacts contacts for a 30-minute meeting
// on one day, 09:00–16:30, at the contacts' offices: 15 places per contact for firms requests each.
func genOversubscribed(firms, contacts int) ScheduleInput {
	loc := chicago()
	day := time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)
	in := ScheduleInput{SlotMinutes: 15, Context: models.BookingContext{Zone: loc, Working: models.WorkingWindows(loc, day, day, "09:00", "16:30"),
		Travel: models.TravelRules{SameCityBuffer: 30 * time.Minute}}}
	id := uint(0)
	for f := 1; f <= firms; f++ {
		for c := 1; c <= contacts; c++ {
			id++
			in.Requests = append(in.Requests, Request{ID: id, RegistrationID: uint(f), ContactID: uint(c), DelegateIDs: []uint{uint(f)},
				Minutes: 30, Place: models.Place{LocationID: uint(c), Name: fmt.Sprintf("Office %d", c), City: "Chicago"},
				Label: fmt.Sprintf("Firm %d with Contact %d", f, c)})
		}
	}
	return in
}
