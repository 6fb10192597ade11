package scheduler

import (
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// UnplacedHotelTravel is the code of a request whose every possible time is too soon after the day
// starts to come from the delegates' hotel, or too late to get back to it before the day ends.
const UnplacedHotelTravel = "hotel_travel"

// keepHotelHours drops the candidate starts of each request that would break the hotel rule
// (clash_hotel.go) if the meeting were the firm's first or last engagement of its day, judged against
// what never moves (scheduled meetings, the programme). A candidate that something fixed comes before
// (or after) is never first (or last), and keeps its place. Placed requests are not looked at: a
// meeting placed before another takes over as first and has passed the same test, so the rule holds
// for whatever the search makes of the day. It is a little stricter than the rule itself only when a
// placed meeting would come first and the travel times break the triangle inequality.
func (p *planner) keepHotelHours() {
	bc := p.in.Context
	if len(bc.Stays) == 0 {
		return
	}
	type bounds struct {
		first, last int64
		set         bool
	}
	fixed := map[uint]map[int]bounds{} // registration → day → its fixed engagements' first start and last end
	note := func(reg uint, iv models.Interval) {
		if !iv.End.After(iv.Start) {
			return
		}
		k := dayKey(iv.Start, bc.Zone)
		days := fixed[reg]
		if days == nil {
			days = map[int]bounds{}
			fixed[reg] = days
		}
		b := days[k]
		s, e := iv.Start.UnixNano(), iv.End.UnixNano()
		if !b.set || s < b.first {
			b.first = s
		}
		if !b.set || e > b.last {
			b.last = e
		}
		b.set = true
		days[k] = b
	}
	for _, b := range bc.Existing {
		if len(bc.Stays[b.RegistrationID]) > 0 {
			note(b.RegistrationID, b.Span)
		}
	}
	for _, pb := range bc.Programme {
		for reg := range bc.Stays {
			if pb.AttendedBy(reg) {
				note(reg, pb.Span)
			}
		}
	}
	type dayRule struct {
		done, ok     bool
		start, end   int64 // the working day
		needS, needE int64 // travel from the hotel, and back to it
		fixed        bounds
	}
	for i, r := range p.reqs {
		stays := bc.Stays[r.RegistrationID]
		if p.status[i] != "" || len(stays) == 0 || r.Place.IsZero() {
			continue
		}
		days := make([]dayRule, p.nDays)
		kept := make([]slotCand, 0, len(p.cands[i]))
		for _, c := range p.cands[i] {
			dr := &days[c.day]
			if !dr.done {
				dr.done = true
				span := models.Interval{Start: time.Unix(0, c.s).UTC(), End: time.Unix(0, c.e).UTC()}
				if w, ok := models.WorkingDay(bc, span); ok {
					d := models.DateIn(span.Start, bc.Zone)
					needS, _, _ := models.HotelNeed(bc.Travel, stays, r.DelegateIDs, d.AddDays(-1), r.Place, true)
					needE, _, _ := models.HotelNeed(bc.Travel, stays, r.DelegateIDs, d, r.Place, false)
					*dr = dayRule{done: true, ok: true, start: w.Start.UnixNano(), end: w.End.UnixNano(), needS: int64(needS), needE: int64(needE),
						fixed: fixed[r.RegistrationID][dayKey(span.Start, bc.Zone)]}
				}
			}
			if dr.ok {
				if (!dr.fixed.set || c.s <= dr.fixed.first) && c.s-dr.start < dr.needS {
					continue
				}
				if (!dr.fixed.set || c.e >= dr.fixed.last) && dr.end-c.e < dr.needE {
					continue
				}
			}
			kept = append(kept, c)
		}
		if len(kept) == 0 && len(p.cands[i]) > 0 {
			p.status[i] = UnplacedHotelTravel
		}
		p.cands[i] = kept
	}
}
