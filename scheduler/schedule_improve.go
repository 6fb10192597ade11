package scheduler

import "sort"

// maxChain is how many single moves one attempt to place a request may make, and saturatedChain
// how many when the firm's or the contact's free time is already full.
const (
	maxChain       = 120
	saturatedChain = 24
)

// improve tries, for each request left out, a chain of moves that places it: put it at the
// start with the fewest placed requests in the way, move those out, find them new starts the same
// way, and so on. The chain succeeds when nothing is left out, or when what is left out is a
// request of a firm that keeps at least one meeting more than the firm gaining one (or a less
// important request of the same firm). Otherwise it is rolled back, and a single hand-over is
// tried (see handOver). Firms with the fewest meetings are served first; it stops when a pass
// gains nothing or the effort is spent, and ends with an exhaustive repair (see repairAll).
func (p *planner) improve() {
	// Repairs only add placements, so each round makes progress; a placement added by a repair
	// can make a hand-over worthwhile again, so the chains run again after one.
	for p.effort > 0 {
		p.improveChains()
		if !p.repairAll() {
			break
		}
	}
	p.journal = p.journal[:0]
}

// improveChains runs chains and hand-overs over the requests left out until a pass gains nothing.
func (p *planner) improveChains() {
	for p.effort > 0 {
		todo := p.todo()
		improved := false
		// A few requests left out may each take a long chain; many share the effort.
		limit := max(maxChain, p.effort/(2*len(todo)+1))
		for _, r := range todo {
			if p.effort <= 0 {
				break
			}
			if p.placed[r] >= 0 || p.atCap(p.firm[r]) {
				continue
			}
			n := limit
			if p.firmPlaced[p.firm[r]] >= p.firmRoom[p.firm[r]] || p.contactPlaced[p.contact[r]] >= p.contactRoom[p.contact[r]] {
				// The firm's or the contact's free time is full: only handing a place over can help.
				n = saturatedChain
			}
			if p.chain(r, n) || p.handOver(r) {
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	p.journal = p.journal[:0]
}

// todo lists the requests left out that could go somewhere: those of the firms with the fewest
// meetings first, then the most important.
func (p *planner) todo() []int {
	var todo []int
	for r := range p.reqs {
		if p.status[r] == "" && p.placed[r] < 0 && len(p.open[r]) > 0 {
			todo = append(todo, r)
		}
	}
	sort.SliceStable(todo, func(a, b int) bool {
		ra, rb := todo[a], todo[b]
		if ha, hb := p.have[p.firm[ra]], p.have[p.firm[rb]]; ha != hb {
			return ha < hb
		}
		if p.reqs[ra].Priority != p.reqs[rb].Priority {
			return p.reqs[ra].Priority > p.reqs[rb].Priority
		}
		return ra < rb
	})
	return todo
}

func (p *planner) random() uint64 {
	p.rng ^= p.rng << 13
	p.rng ^= p.rng >> 7
	p.rng ^= p.rng << 17
	return p.rng
}

// maxBlockers is how many placed requests one move may push out.
const maxBlockers = 3

// blockersAt lists the distinct placed requests in r's way at c, or ok=false when something
// fixed is in the way, a blocker is tabu, or there are too many.
func (p *planner) blockersAt(r int, c slotCand, buf []int) ([]int, bool) {
	buf = buf[:0]
	for _, cf := range p.conflictsAt(r, c) {
		b := int(cf.owner)
		if cf.owner < 0 || p.locked[b] {
			return buf, false
		}
		dup := false
		for _, x := range buf {
			dup = dup || x == b
		}
		if !dup {
			if len(buf) == maxBlockers {
				return buf, false
			}
			buf = append(buf, b)
		}
	}
	return buf, true
}

func (p *planner) conflictsAt(r int, c slotCand) []conflict {
	out := p.scratch[:0]
	pl := p.place[r]
	p.firms[p.firm[r]].fits(c.s, c.e, pl, p.travel, &out)
	p.contacts[p.contact[r]].fits(c.s, c.e, pl, p.travel, &out)
	for _, d := range p.dels[r] {
		p.delegates[d].fits(c.s, c.e, pl, p.travel, &out)
	}
	p.scratch = out
	return out
}

// droppable reports whether leaving out y, so that r (of firm f, which had base meetings) is
// placed, makes the timetable fairer: y's firm keeps at least one meeting more than f now has,
// or y is a less important request of f itself.
func (p *planner) droppable(y, r int, base int) bool {
	g := p.firm[y]
	if g == p.firm[r] {
		return p.reqs[y].Priority < p.reqs[r].Priority
	}
	return p.have[g] >= base+1 // have[g] already counts y as out
}

// chain tries to place r by a chain of moves; see improve.
func (p *planner) chain(r int, limit int) bool {
	mark := len(p.journal)
	base := p.have[p.firm[r]]
	pending := []int{r}
	fallback := -1
	last := -1 // the request that pushed the current one out: it may not be pushed back at once
	for step := 0; step < limit && p.effort > 0; step++ {
		p.effort--
		x := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		if last >= 0 {
			p.locked[last] = true // x may not push straight back the request that pushed it out
		}
		var bestBlockers [maxBlockers]int
		bestCI, bestN := p.pick(x, bestBlockers[:])
		if last >= 0 {
			p.locked[last] = false
		}
		if bestCI < 0 {
			pending = append(pending, x)
			break
		}
		for _, b := range bestBlockers[:bestN] {
			p.take(b)
			pending = append(pending, b)
		}
		if !p.fitsAll(x, p.cands[x][bestCI]) {
			// Moving a neighbour out exposed another one too close: give up on this chain.
			pending = append(pending, x)
			break
		}
		p.put(x, bestCI)
		last = x
		if len(pending) == 0 {
			return true
		}
		if len(pending) == 1 && fallback < 0 && p.droppable(pending[0], r, base) {
			fallback = len(p.journal)
		}
	}
	if fallback >= 0 {
		p.rollback(fallback)
		return true
	}
	p.rollback(mark)
	return false
}

// pick chooses a start for x among those with at most maxBlockers movable requests in the way:
// the one with the fewest, ties broken at random. It copies the requests in the way into blockers
// and returns the candidate index and their number (-1 when there is no such start).
func (p *planner) pick(x int, blockers []int) (int32, int) {
	var buf [maxBlockers]int
	bestCI, bestN, bestKey := int32(-1), maxBlockers+1, uint64(0)
	for _, ci := range p.open[x] {
		bl, ok := p.blockersAt(x, p.cands[x][ci], buf[:0])
		if !ok || len(bl) > bestN {
			continue
		}
		key := p.random()
		if len(bl) < bestN || key < bestKey {
			bestCI, bestN, bestKey = ci, len(bl), key
			copy(blockers, bl)
			if bestN == 0 {
				break
			}
		}
	}
	if bestCI < 0 {
		return -1, 0
	}
	return bestCI, bestN
}

// repairAll is the improvement's last, exhaustive step, for what the chains left out: for each
// request still out, try every start, moving the requests in its way to their best other
// starts, each of which may in turn move the requests in its own way (a search two levels
// deep). Nothing is left out that was placed, so every firm keeps its count.
func (p *planner) repairAll() bool {
	placed := false
	for round := 0; round < 3 && p.effort > 0; round++ {
		improved := false
		for _, r := range p.todo() {
			if p.effort <= 0 {
				break
			}
			if p.placed[r] < 0 && !p.atCap(p.firm[r]) && p.repair(r, 1) {
				improved, placed = true, true
			}
		}
		if !improved {
			break
		}
	}
	p.journal = p.journal[:0]
	return placed
}

// repair places r by moving the requests in its way to other times; with depth > 0 a moved
// request may in turn move those in its way. Every change is journalled and rolled back on
// failure.
func (p *planner) repair(r int, depth int) bool {
	p.locked[r] = true
	defer func() { p.locked[r] = false }()
	var buf [maxBlockers]int
	for _, ci := range p.open[r] {
		p.effort--
		c := p.cands[r][ci]
		blockers, ok := p.blockersAt(r, c, buf[:0])
		if !ok {
			continue
		}
		blockers = append([]int(nil), blockers...)
		mark := len(p.journal)
		for _, b := range blockers {
			p.take(b)
		}
		if !p.fitsAll(r, c) {
			p.rollback(mark)
			continue
		}
		p.put(r, ci)
		for _, b := range blockers {
			p.locked[b] = true
		}
		done := true
		for _, b := range blockers {
			if nb := p.best(b); nb >= 0 {
				p.put(b, nb)
				continue
			}
			p.locked[b] = false
			if depth > 0 && p.effort > 0 && p.repair(b, depth-1) {
				p.locked[b] = true
				continue
			}
			done = false
			break
		}
		for _, b := range blockers {
			p.locked[b] = false
		}
		if done {
			return true
		}
		p.rollback(mark)
	}
	return false
}

// handOver places r at a start where the only placed request in the way is one whose leaving
// out makes the timetable fairer (see droppable), then tries to place that one elsewhere. It is
// the one-step case the chains may miss by wandering off.
func (p *planner) handOver(r int) bool {
	base := p.have[p.firm[r]]
	var buf [maxBlockers]int
	for _, ci := range p.open[r] {
		p.effort--
		c := p.cands[r][ci]
		bl, ok := p.blockersAt(r, c, buf[:0])
		if !ok || len(bl) != 1 {
			continue
		}
		y := bl[0]
		mark := len(p.journal)
		p.take(y)
		if !p.droppable(y, r, base) || !p.fitsAll(r, c) {
			p.rollback(mark)
			continue
		}
		p.put(r, ci)
		if nb := p.best(y); nb >= 0 {
			p.put(y, nb)
		}
		return true
	}
	return false
}
