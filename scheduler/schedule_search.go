package scheduler

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
