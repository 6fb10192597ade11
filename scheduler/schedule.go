// Package scheduler places a mission's meeting requests in time, applying the booking rules of models
// (travel, the programme, availability, the hotel at each end of the day), and proposes and publishes
// the result. It sits above models: models never imports it.
package scheduler

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// Request is a meeting a firm wants with a contact, waiting for a time.
type Request struct {
	ID             uint
	RegistrationID uint
	ContactID      uint
	DelegateIDs    []uint
	Priority       int // higher is more important
	Minutes        int
	Place          models.Place
	Label          string // "Acme Ltd with Jane Doe (Boeing)", for messages
}

// ScheduleInput is what the scheduler works from; Context.Existing meetings never move.
type ScheduleInput struct {
	Context     models.BookingContext
	Requests    []Request
	SlotMinutes int // grid step for start times, e.g. 30 (30 when zero or less)
	// MaxPerFirm caps a firm's meetings, its existing ones included (0: no maximum).
	MaxPerFirm int
	// MinPerFirm is how many meetings the scheduler tries to give every firm first (0: none); the
	// result names the firms left below it.
	MinPerFirm int
	// Effort is how many improvement steps the scheduler may take after its first timetable
	// (0: DefaultScheduleEffort). Steps, not seconds, so the same input always gives the same result.
	Effort int
}

// DefaultScheduleEffort is the improvement budget for n requests: enough to pack a tight day
// fully, small enough that 6,000 requests stay well under two seconds.
func DefaultScheduleEffort(n int) int { return min(60*n+20000, 400000) }

// Placement is a time found for a request.
type Placement struct {
	RequestID uint
	Span      models.Interval
}

// Codes of Unplaced, saying why no time was found.
const (
	UnplacedInvalid              = "invalid"
	UnplacedOutsideHours         = "outside_hours"
	UnplacedNoCommonAvailability = "no_common_availability"
	UnplacedContactFullyBooked   = "contact_fully_booked"
	UnplacedFirmFullyBooked      = "firm_fully_booked"
	UnplacedNoCommonFreeSlot     = "no_common_free_slot"
	UnplacedTravelImpossible     = "travel_impossible"
	UnplacedFirmAtMaximum        = "firm_at_maximum"
)

// Unplaced is a request the scheduler could not place, with the reason in a code and in words.
type Unplaced struct {
	RequestID uint
	Code      string
	Reason    string
}

// FirmShare is what one firm asked for and what it gets.
type FirmShare struct {
	RegistrationID uint
	Requested      int // requests given to the scheduler
	Scheduled      int // meetings it already has, which never move
	Placed         int // requests placed by this run
}

// Meetings is how many meetings the firm would have: those it has and those placed.
func (f FirmShare) Meetings() int { return f.Scheduled + f.Placed }

// ScheduleResult lists placements and failures, each sorted by request id, and says how good the
// timetable is.
type ScheduleResult struct {
	Placed   []Placement
	Unplaced []Unplaced
	// Firms has one line per firm with requests, by registration id.
	Firms []FirmShare
	// Fewest, Median and Most are the spread of meetings per firm (FirmShare.Meetings).
	Fewest, Median, Most int
	// Bound is an upper bound on how many of the requests any timetable could place, from the
	// contacts' and firms' free time and the maximum per firm.
	Bound int
	// BelowMinimum lists the firms (registration ids) left with fewer meetings than MinPerFirm.
	BelowMinimum []uint
}

// Schedule finds times for requests without moving existing meetings. Firms take turns in
// rounds (max-min fairness): no firm gets its (k+1)-th meeting while another that asked for more
// could still get its k-th; within a firm, priority decides. An improvement phase then moves
// placed requests (never existing meetings) to make room for those left out, and may hand a
// place from a firm with two or more meetings more to one with fewer. Each firm's meetings are
// spread across the days (the day with fewest meetings, then the earliest time). The result
// depends only on the input's content, not on the order of Requests or Existing, nor on time.
func Schedule(in ScheduleInput) ScheduleResult {
	p := newPlanner(in)
	bound := p.bound()
	p.fairGreedy()
	p.improve()
	p.journal = nil
	p.verify()
	res := p.result()
	res.Bound = bound
	return res
}

// slotCand is one possible start on the grid for a given length.
type slotCand struct {
	s, e int64
	day  int32
}

// planner holds the dense, index-based state the scheduler works on.
type planner struct {
	in      ScheduleInput
	reqs    []Request // sorted by ID
	status  []string  // "" while schedulable, else an Unplaced code fixed before search
	firm    []int32
	contact []int32
	dels    [][]int32
	place   []int32
	cands   [][]slotCand // per request: grid starts inside hours and the contact's availability
	placed  []int32      // per request: index into cands, or -1

	firms, contacts, delegates []timeline
	firmDay                    [][]int32 // meetings per firm per day
	firmIDs                    []uint    // registration id per firm index
	have                       []int     // meetings per firm: existing and placed
	capLeft                    []int     // placements a firm may still take under MaxPerFirm (-1: no cap)
	open                       [][]int32 // per request: candidates clear of every fixed item
	firmRoom, contactRoom      []int     // most placements that fit in each one's free time (see bound)
	firmPlaced, contactPlaced  []int     // placements per firm and per contact
	rng                        uint64    // xorshift state for tie-breaks, seeded the same every run
	nDays                      int
	slotsForLength             map[int]int // grid starts for a length before availability

	places   []models.Place
	placeIdx map[string]int32
	matrix   []int64
	pairs    map[[2]int32]int64
	scratch  []conflict
	byFirm   [][]int     // per firm: its schedulable requests, most important first
	locked   []bool      // requests taking part in the move under way
	journal  []journalOp // puts and takes since the move began, for rollback
	effort   int         // improvement steps left, so the search stays bounded
}

func placeKey(p models.Place) string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d\x00%s\x00%s", p.LocationID, models.NormalizeCity(p.Name), models.NormalizeCity(p.City))
}

func (p *planner) intern(pl models.Place) int32 {
	k := placeKey(pl)
	if i, ok := p.placeIdx[k]; ok {
		return i
	}
	i := int32(len(p.places))
	p.places = append(p.places, pl)
	p.placeIdx[k] = i
	return i
}

// travel is TravelRules.Travel on interned places, memoised.
func (p *planner) travel(a, b int32) int64 {
	if a == b {
		return 0
	}
	n := int32(len(p.places))
	if p.matrix != nil {
		return p.matrix[a*n+b]
	}
	k := [2]int32{a, b}
	if d, ok := p.pairs[k]; ok {
		return d
	}
	d := int64(p.in.Context.Travel.Travel(p.places[a], p.places[b]))
	p.pairs[k] = d
	return d
}

func (p *planner) buildTravel() {
	n := len(p.places)
	if n > 512 {
		p.pairs = map[[2]int32]int64{}
		return
	}
	p.matrix = make([]int64, n*n)
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if a != b {
				p.matrix[a*n+b] = int64(p.in.Context.Travel.Travel(p.places[a], p.places[b]))
			}
		}
	}
}

func dayKey(t time.Time, zone *time.Location) int {
	t = models.InZone(t, zone)
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

func sortedIDs(set map[uint]bool) []uint {
	ids := make([]uint, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func indexOf(ids []uint) map[uint]int32 {
	m := make(map[uint]int32, len(ids))
	for i, id := range ids {
		m[id] = int32(i)
	}
	return m
}

func newPlanner(in ScheduleInput) *planner {
	bc := in.Context
	if in.SlotMinutes <= 0 {
		in.SlotMinutes = 30
	}
	p := &planner{in: in, placeIdx: map[string]int32{}}
	p.intern(models.Place{}) // index 0: unknown place

	p.reqs = append([]Request(nil), in.Requests...)
	sort.SliceStable(p.reqs, func(i, j int) bool { return p.reqs[i].ID < p.reqs[j].ID })
	n := len(p.reqs)
	p.status = make([]string, n)
	p.locked = make([]bool, n)
	p.effort = in.Effort
	if p.effort <= 0 {
		p.effort = DefaultScheduleEffort(n)
	}
	p.rng = 0x9E3779B97F4A7C15
	p.placed = make([]int32, n)
	p.cands = make([][]slotCand, n)
	existingIDs := map[uint]bool{}
	for _, b := range bc.Existing {
		existingIDs[b.ID] = true
	}
	firmSet, contactSet, delSet := map[uint]bool{}, map[uint]bool{}, map[uint]bool{}
	for i, r := range p.reqs {
		p.placed[i] = -1
		dup := i > 0 && p.reqs[i-1].ID == r.ID || i+1 < n && p.reqs[i+1].ID == r.ID
		if dup || r.Minutes <= 0 || r.RegistrationID == 0 || r.ContactID == 0 || existingIDs[r.ID] {
			p.status[i] = UnplacedInvalid
			continue
		}
		firmSet[r.RegistrationID] = true
		contactSet[r.ContactID] = true
		for _, d := range r.DelegateIDs {
			delSet[d] = true
		}
	}
	firmIDs, contactIDs, delIDs := sortedIDs(firmSet), sortedIDs(contactSet), sortedIDs(delSet)
	firmIx, contactIx, delIx := indexOf(firmIDs), indexOf(contactIDs), indexOf(delIDs)
	p.firmIDs = firmIDs
	p.have = make([]int, len(firmIDs))
	p.firmPlaced, p.contactPlaced = make([]int, len(firmIDs)), make([]int, len(contactIDs))
	p.firms = make([]timeline, len(firmIDs))
	p.contacts = make([]timeline, len(contactIDs))
	p.delegates = make([]timeline, len(delIDs))
	p.firm = make([]int32, n)
	p.contact = make([]int32, n)
	p.dels = make([][]int32, n)
	p.place = make([]int32, n)
	delRegs := make([]map[uint]bool, len(delIDs))
	for i, r := range p.reqs {
		p.place[i] = p.intern(r.Place)
		if p.status[i] != "" {
			continue
		}
		p.firm[i], p.contact[i] = firmIx[r.RegistrationID], contactIx[r.ContactID]
		for _, d := range r.DelegateIDs {
			di := delIx[d]
			if !slices.Contains(p.dels[i], di) {
				p.dels[i] = append(p.dels[i], di)
			}
			if delRegs[di] == nil {
				delRegs[di] = map[uint]bool{}
			}
			delRegs[di][r.RegistrationID] = true
		}
	}

	// Days and the start-time grid.
	working := models.MergeIntervals(bc.Working)
	dayIx := map[int]int32{}
	var dayKeys []int
	for _, w := range working {
		k := dayKey(w.Start, bc.Zone)
		if _, ok := dayIx[k]; !ok {
			dayIx[k] = -1
			dayKeys = append(dayKeys, k)
		}
	}
	sort.Ints(dayKeys)
	for i, k := range dayKeys {
		dayIx[k] = int32(i)
	}
	p.nDays = len(dayKeys)
	p.firmDay = make([][]int32, len(firmIDs))
	for i := range p.firmDay {
		p.firmDay[i] = make([]int32, p.nDays)
	}
	step := int64(in.SlotMinutes) * int64(time.Minute)
	grid := map[int][]slotCand{}
	p.slotsForLength = map[int]int{}
	gridFor := func(minutes int) []slotCand {
		if g, ok := grid[minutes]; ok {
			return g
		}
		var g []slotCand
		length := int64(minutes) * int64(time.Minute)
		for _, w := range working {
			day := dayIx[dayKey(w.Start, bc.Zone)]
			for s := w.Start.UnixNano(); s+length <= w.End.UnixNano(); s += step {
				g = append(g, slotCand{s: s, e: s + length, day: day})
			}
		}
		grid[minutes] = g
		p.slotsForLength[minutes] = len(g)
		return g
	}
	type availKey struct {
		contact uint
		minutes int
	}
	availCache := map[availKey][]slotCand{}
	for i, r := range p.reqs {
		if p.status[i] != "" {
			continue
		}
		g := gridFor(r.Minutes)
		if len(g) == 0 {
			p.status[i] = UnplacedOutsideHours
			continue
		}
		avail, limited := bc.ContactAvailability[r.ContactID]
		if !limited {
			p.cands[i] = g
			continue
		}
		k := availKey{r.ContactID, r.Minutes}
		c, ok := availCache[k]
		if !ok {
			c = filterAvailable(g, models.MergeIntervals(avail))
			availCache[k] = c
		}
		if len(c) == 0 {
			p.status[i] = UnplacedNoCommonAvailability
		}
		p.cands[i] = c
	}

	p.keepHotelHours() // the day starts and ends at the hotel (schedule_hotel.go)

	// Fixed items: existing meetings and programme blocks.
	existing := append([]models.Booking(nil), bc.Existing...)
	sort.SliceStable(existing, func(i, j int) bool { return existing[i].ID < existing[j].ID })
	for _, b := range existing {
		if !b.Span.End.After(b.Span.Start) {
			continue
		}
		it := tlItem{s: b.Span.Start.UnixNano(), e: b.Span.End.UnixNano(), place: p.intern(b.Place), owner: -1}
		if fi, ok := firmIx[b.RegistrationID]; ok {
			p.firms[fi].insert(it)
			p.have[fi]++
			if d, ok := dayIx[dayKey(b.Span.Start, bc.Zone)]; ok {
				p.firmDay[fi][d]++
			}
		}
		if ci, ok := contactIx[b.ContactID]; ok {
			p.contacts[ci].insert(it)
		}
		seen := map[int32]bool{}
		for _, d := range b.DelegateIDs {
			if di, ok := delIx[d]; ok && !seen[di] {
				seen[di] = true
				p.delegates[di].insert(it)
			}
		}
	}
	programme := append([]models.ProgrammeBlock(nil), bc.Programme...)
	sort.SliceStable(programme, func(i, j int) bool { return programme[i].ID < programme[j].ID })
	for _, pb := range programme {
		if !pb.Span.End.After(pb.Span.Start) {
			continue
		}
		it := tlItem{s: pb.Span.Start.UnixNano(), e: pb.Span.End.UnixNano(), place: p.intern(pb.Place), owner: -1}
		for fi, id := range firmIDs {
			if pb.AttendedBy(id) {
				p.firms[fi].insert(it)
			}
		}
		for di := range delIDs {
			for _, reg := range sortedIDs(delRegs[di]) {
				if pb.AttendedBy(reg) {
					p.delegates[di].insert(it)
					break
				}
			}
		}
	}
	p.buildTravel()
	p.capLeft = make([]int, len(firmIDs))
	for f := range p.capLeft {
		p.capLeft[f] = -1
		if in.MaxPerFirm > 0 {
			p.capLeft[f] = max(in.MaxPerFirm-p.have[f], 0)
		}
	}
	// Candidates that clash with something fixed never become usable: drop them once.
	p.open = make([][]int32, n)
	for r := range p.reqs {
		if p.status[r] != "" {
			continue
		}
		for ci, c := range p.cands[r] {
			if p.fitsAll(r, c) {
				p.open[r] = append(p.open[r], int32(ci))
			}
		}
	}
	return p
}

// filterAvailable keeps the grid starts that lie wholly inside one availability interval.
func filterAvailable(g []slotCand, avail []models.Interval) []slotCand {
	var out []slotCand
	j := 0
	for _, c := range g {
		for j < len(avail) && avail[j].End.UnixNano() < c.e {
			j++
		}
		if j < len(avail) && avail[j].Start.UnixNano() <= c.s {
			out = append(out, c)
		}
	}
	return out
}

// fitsAll checks request r at candidate c against its firm, contact and delegates.
func (p *planner) fitsAll(r int, c slotCand) bool {
	pl := p.place[r]
	if !p.firms[p.firm[r]].fits(c.s, c.e, pl, p.travel, nil) ||
		!p.contacts[p.contact[r]].fits(c.s, c.e, pl, p.travel, nil) {
		return false
	}
	for _, d := range p.dels[r] {
		if !p.delegates[d].fits(c.s, c.e, pl, p.travel, nil) {
			return false
		}
	}
	return true
}
