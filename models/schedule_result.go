package models

import (
	"fmt"
	"strings"
	"time"
)

func (p *planner) result() ScheduleResult {
	var res ScheduleResult
	for r, req := range p.reqs {
		if ci := p.placed[r]; ci >= 0 {
			c := p.cands[r][ci]
			res.Placed = append(res.Placed, Placement{RequestID: req.ID,
				Span: Interval{Start: time.Unix(0, c.s).UTC(), End: time.Unix(0, c.e).UTC()}})
			continue
		}
		code := p.status[r]
		if code == "" {
			code = p.diagnose(r)
		}
		res.Unplaced = append(res.Unplaced, Unplaced{RequestID: req.ID, Code: code, Reason: p.reason(r, code)})
	}
	return res
}

// diagnose says why a schedulable request found no time, looking at every candidate start.
func (p *planner) diagnose(r int) string {
	firmFree, contactFree, bothFree := false, false, false
	for _, c := range p.cands[r] {
		var firmBusy, contactBusy bool
		pl := p.place[r]
		var out []conflict
		if !p.firms[p.firm[r]].fits(c.s, c.e, pl, p.travel, &out) {
			firmBusy = hasOverlap(out)
		}
		for _, d := range p.dels[r] {
			out = out[:0]
			if !p.delegates[d].fits(c.s, c.e, pl, p.travel, &out) && hasOverlap(out) {
				firmBusy = true
			}
		}
		out = out[:0]
		if !p.contacts[p.contact[r]].fits(c.s, c.e, pl, p.travel, &out) {
			contactBusy = hasOverlap(out)
		}
		firmFree = firmFree || !firmBusy
		contactFree = contactFree || !contactBusy
		bothFree = bothFree || (!firmBusy && !contactBusy)
	}
	switch {
	case bothFree:
		return UnplacedTravelImpossible
	case !contactFree:
		return UnplacedContactFullyBooked
	case !firmFree:
		return UnplacedFirmFullyBooked
	}
	return UnplacedNoCommonFreeSlot
}

func hasOverlap(cs []conflict) bool {
	for _, c := range cs {
		if !c.travel {
			return true
		}
	}
	return false
}

func (p *planner) reason(r int, code string) string {
	req := p.reqs[r]
	label := strings.TrimSpace(req.Label)
	if label == "" {
		label = fmt.Sprintf("Request %d", req.ID)
	}
	switch code {
	case UnplacedInvalid:
		switch {
		case req.Minutes <= 0:
			return label + ": the meeting needs a length of more than zero minutes"
		case req.RegistrationID == 0:
			return label + ": no firm is given"
		case req.ContactID == 0:
			return label + ": no contact is given"
		}
		return fmt.Sprintf("%s: request id %d is used more than once or is already a scheduled meeting", label, req.ID)
	case UnplacedOutsideHours:
		return fmt.Sprintf("%s: a %s meeting does not fit within the mission's working hours", label, FormatMinutes(time.Duration(req.Minutes)*time.Minute))
	case UnplacedNoCommonAvailability:
		return fmt.Sprintf("%s: the contact's availability leaves no %s gap within the mission's working hours", label, FormatMinutes(time.Duration(req.Minutes)*time.Minute))
	case UnplacedContactFullyBooked:
		return label + ": the contact is already booked at every time they are available"
	case UnplacedFirmFullyBooked:
		return label + ": the firm is already busy (meetings or programme) at every time the contact is available"
	case UnplacedNoCommonFreeSlot:
		return label + ": whenever the contact is free the firm is busy, and the other way round"
	case UnplacedTravelImpossible:
		return label + ": at every time both are free there is not enough travel time from or to their other engagements"
	}
	return label + ": no time found"
}
