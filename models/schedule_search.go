package models

import (
	"container/heap"
	"sort"
)

// journalOp records one change to the placements, so that a move that fails can be rolled back.
type journalOp struct {
	r   int
	ci  int32
	put bool
}

func (p *planner) put(r int, ci int32) {
	p.journal = append(p.journal, journalOp{r: r, ci: ci, put: true})
	p.doPut(r, ci)
}

func (p *planner) take(r int) {
	p.journal = append(p.journal, journalOp{r: r, ci: p.placed[r]})
	p.unput(r)
}

func (p *planner) doPut(r int, ci int32) {
	c := p.cands[r][ci]
	it := tlItem{s: c.s, e: c.e, place: p.place[r], owner: int32(r)}
	p.firms[p.firm[r]].insert(it)
	p.contacts[p.contact[r]].insert(it)
	for _, d := range p.dels[r] {
		p.delegates[d].insert(it)
	}
	p.firmDay[p.firm[r]][c.day]++
	p.have[p.firm[r]]++
	p.firmPlaced[p.firm[r]]++
	p.contactPlaced[p.contact[r]]++
	p.placed[r] = ci
}

func (p *planner) unput(r int) {
	ci := p.placed[r]
	c := p.cands[r][ci]
	p.firms[p.firm[r]].remove(int32(r), c.s)
	p.contacts[p.contact[r]].remove(int32(r), c.s)
	for _, d := range p.dels[r] {
		p.delegates[d].remove(int32(r), c.s)
	}
	p.firmDay[p.firm[r]][c.day]--
	p.have[p.firm[r]]--
	p.firmPlaced[p.firm[r]]--
	p.contactPlaced[p.contact[r]]--
	p.placed[r] = -1
}

// atCap reports whether firm f may take no more placements.
func (p *planner) atCap(f int32) bool {
	if p.capLeft[f] < 0 {
		return false
	}
	return p.firmPlaced[f] >= p.capLeft[f]
}

// best picks the candidate for r on the firm's least busy day, earliest first; -1 if none fits.
func (p *planner) best(r int) int32 {
	counts := p.firmDay[p.firm[r]]
	floor := int32(1 << 30)
	for _, c := range counts {
		floor = min(floor, c)
	}
	bestCI, bestCount := int32(-1), int32(0)
	for _, ci := range p.open[r] {
		c := p.cands[r][ci]
		cnt := counts[c.day]
		if bestCI >= 0 && cnt >= bestCount {
			continue
		}
		if p.fitsAll(r, c) {
			bestCI, bestCount = ci, cnt
			if cnt == floor {
				break
			}
		}
	}
	return bestCI
}

// firmTurn is a firm waiting for its next meeting in the fair rounds.
type firmTurn struct {
	f        int32
	have     int
	priority int
}

type turnQueue []firmTurn

func (q turnQueue) Len() int { return len(q) }
func (q turnQueue) Less(i, j int) bool {
	a, b := q[i], q[j]
	if a.have != b.have {
		return a.have < b.have
	}
	if a.priority != b.priority {
		return a.priority > b.priority
	}
	return a.f < b.f
}
func (q turnQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *turnQueue) Push(x any)   { *q = append(*q, x.(firmTurn)) }
func (q *turnQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// sortFirmRequests orders each firm's schedulable requests: priority first, then the fewest
// possible starts (the hardest to place), then id.
func (p *planner) sortFirmRequests() {
	p.byFirm = make([][]int, len(p.firms))
	for r := range p.reqs {
		if p.status[r] == "" {
			p.byFirm[p.firm[r]] = append(p.byFirm[p.firm[r]], r)
		}
	}
	for _, rs := range p.byFirm {
		sort.SliceStable(rs, func(a, b int) bool {
			ra, rb := rs[a], rs[b]
			if p.reqs[ra].Priority != p.reqs[rb].Priority {
				return p.reqs[ra].Priority > p.reqs[rb].Priority
			}
			if len(p.open[ra]) != len(p.open[rb]) {
				return len(p.open[ra]) < len(p.open[rb])
			}
			return ra < rb
		})
	}
}

// fairGreedy gives firms their meetings in rounds: the firm with the fewest meetings goes next
// (the one whose next request is most important, then the lowest id, among equals) and takes its
// most important request that still fits. A request that does not fit now never fits later in
// this phase, so each is tried once.
func (p *planner) fairGreedy() {
	p.sortFirmRequests()
	next := make([]int, len(p.firms))
	q := &turnQueue{}
	for f := range p.firms {
		if len(p.byFirm[f]) > 0 && p.capLeft[f] != 0 {
			*q = append(*q, firmTurn{f: int32(f), have: p.have[f], priority: p.reqs[p.byFirm[f][0]].Priority})
		}
	}
	heap.Init(q)
	taken := make([]int, len(p.firms))
	for q.Len() > 0 {
		t := heap.Pop(q).(firmTurn)
		f := t.f
		rs := p.byFirm[f]
		for next[f] < len(rs) {
			r := rs[next[f]]
			next[f]++
			if ci := p.best(r); ci >= 0 {
				p.put(r, ci)
				taken[f]++
				if next[f] < len(rs) && (p.capLeft[f] < 0 || taken[f] < p.capLeft[f]) {
					heap.Push(q, firmTurn{f: f, have: p.have[f], priority: p.reqs[rs[next[f]]].Priority})
				}
				break
			}
		}
	}
	p.journal = p.journal[:0]
}

// maxChain is how many single moves one attempt to place a request may make, and saturatedChain
// how many when the firm's or the contact's free time is already full.
const (
	maxChain       = 400
	saturatedChain = 24
)

// improve tries, for each request left out, a chain of moves that places it: put it at the
// start with the fewest placed requests in the way, move those out, find them new starts the same
// way, and so on. The chain succeeds when nothing is left out, or when what is left out is a
// request of a firm that keeps at least one meeting more than the firm gaining one (or a less
// important request of the same firm). Otherwise it is rolled back. Firms with the fewest
// meetings are served first; it stops when a pass gains nothing or the effort is spent.
func (p *planner) improve() {
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
			if p.chain(r, n) {
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	p.journal = p.journal[:0]
	p.repairAll()
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
func (p *planner) repairAll() {
	for round := 0; round < 3 && p.effort > 0; round++ {
		improved := false
		for _, r := range p.todo() {
			if p.effort <= 0 {
				break
			}
			if p.placed[r] < 0 && !p.atCap(p.firm[r]) && p.repair(r, 1) {
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	p.journal = p.journal[:0]
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

// rollback undoes journalled puts and takes back to mark.
func (p *planner) rollback(mark int) {
	for i := len(p.journal) - 1; i >= mark; i-- {
		op := p.journal[i]
		if op.put {
			p.unput(op.r)
		} else {
			p.doPut(op.r, op.ci)
		}
	}
	p.journal = p.journal[:mark]
}

// verify re-checks every placement against everything else and drops any that no longer
// fits (possible only when moving a request left two others adjacent with too little travel
// time, i.e. travel times that break the triangle inequality), then tries those again.
func (p *planner) verify() {
	for round := 0; round < 5; round++ {
		var dropped []int
		for r := range p.reqs {
			if p.placed[r] < 0 {
				continue
			}
			ci := p.placed[r]
			p.take(r)
			if p.fitsAll(r, p.cands[r][ci]) {
				p.put(r, ci)
			} else {
				dropped = append(dropped, r)
			}
		}
		p.journal = p.journal[:0]
		if len(dropped) == 0 {
			return
		}
		for _, r := range dropped {
			if ci := p.best(r); ci >= 0 && !p.atCap(p.firm[r]) {
				p.put(r, ci)
			}
		}
	}
}
