package scheduler

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

func (p *planner) result() ScheduleResult {
	var res ScheduleResult
	shares := make([]FirmShare, len(p.firms))
	for f := range shares {
		shares[f] = FirmShare{RegistrationID: p.firmIDs[f], Scheduled: p.have[f]}
	}
	for r := range p.reqs {
		if p.status[r] != UnplacedInvalid {
			if fi, ok := p.firmOf(r); ok {
				shares[fi].Requested++
				if p.placed[r] >= 0 {
					shares[fi].Placed++
					shares[fi].Scheduled--
				}
			}
		}
	}
	res.Firms = shares
	if len(shares) > 0 {
		counts := make([]int, len(shares))
		for i, s := range shares {
			counts[i] = s.Meetings()
		}
		sort.Ints(counts)
		res.Fewest, res.Most = counts[0], counts[len(counts)-1]
		res.Median = counts[len(counts)/2]
		if len(counts)%2 == 0 {
			res.Median = (counts[len(counts)/2-1] + counts[len(counts)/2]) / 2
		}
		if p.in.MinPerFirm > 0 {
			for _, s := range shares {
				if s.Meetings() < p.in.MinPerFirm {
					res.BelowMinimum = append(res.BelowMinimum, s.RegistrationID)
				}
			}
		}
	}
	for r, req := range p.reqs {
		if ci := p.placed[r]; ci >= 0 {
			c := p.cands[r][ci]
			res.Placed = append(res.Placed, Placement{RequestID: req.ID,
				Span: models.Interval{Start: time.Unix(0, c.s).UTC(), End: time.Unix(0, c.e).UTC()}})
			continue
		}
		code := p.status[r]
		if code == "" && p.atCap(p.firm[r]) {
			code = UnplacedFirmAtMaximum
		}
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

// firmOf is the firm index of request r, when r names a firm the scheduler knows.
func (p *planner) firmOf(r int) (int32, bool) {
	if p.reqs[r].RegistrationID == 0 || len(p.firmIDs) == 0 {
		return 0, false
	}
	i := sort.Search(len(p.firmIDs), func(i int) bool { return p.firmIDs[i] >= p.reqs[r].RegistrationID })
	if i < len(p.firmIDs) && p.firmIDs[i] == p.reqs[r].RegistrationID {
		return int32(i), true
	}
	return 0, false
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
		return fmt.Sprintf("%s: a %s meeting does not fit within the mission's working hours", label, models.FormatMinutes(time.Duration(req.Minutes)*time.Minute))
	case UnplacedNoCommonAvailability:
		return fmt.Sprintf("%s: the contact's availability leaves no %s gap within the mission's working hours", label, models.FormatMinutes(time.Duration(req.Minutes)*time.Minute))
	case UnplacedContactFullyBooked:
		return label + ": the contact's day is full: they are booked at every time they are available"
	case UnplacedFirmFullyBooked:
		return label + ": the firm's day is full: it is busy with meetings or the programme at every time the contact is available"
	case UnplacedNoCommonFreeSlot:
		return label + ": no common free time: whenever the contact is free the firm is busy, and the other way round"
	case UnplacedTravelImpossible:
		return label + ": no common free time once travel is counted: whenever both are free there is too little time to travel from or to their other meetings"
	case UnplacedHotelTravel:
		return label + ": the day starts and ends at the hotel: at every time the contact is available the meeting would be the firm's first (or last) of the day with too little time to travel from (or back to) the delegates' hotel within the working day"
	case UnplacedFirmAtMaximum:
		return fmt.Sprintf("%s: the firm already has the mission's maximum of %d meetings", label, p.in.MaxPerFirm)
	}
	return label + ": no time found"
}
