package models

import "sort"

// journalOp records one change to the placements, so that a repair that fails can be rolled back.
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
	p.placed[r] = -1
}

// best picks the candidate for r on the firm's least busy day, earliest first; -1 if none fits.
func (p *planner) best(r int) int32 {
	counts := p.firmDay[p.firm[r]]
	floor := int32(1 << 30)
	for _, c := range counts {
		floor = min(floor, c)
	}
	bestCI, bestCount := int32(-1), int32(0)
	for ci, c := range p.cands[r] {
		cnt := counts[c.day]
		if bestCI >= 0 && cnt >= bestCount {
			continue
		}
		if p.fitsAll(r, c) {
			bestCI, bestCount = int32(ci), cnt
			if cnt == floor {
				break
			}
		}
	}
	return bestCI
}

// order lists schedulable requests: priority first, then fewest feasible starts, then id.
func (p *planner) order() []int {
	var idx []int
	room := make([]int, len(p.reqs))
	for i := range p.reqs {
		if p.status[i] != "" {
			continue
		}
		idx = append(idx, i)
		for _, c := range p.cands[i] {
			if p.fitsAll(i, c) {
				room[i]++
			}
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := p.reqs[idx[a]], p.reqs[idx[b]]
		if ra.Priority != rb.Priority {
			return ra.Priority > rb.Priority
		}
		if room[idx[a]] != room[idx[b]] {
			return room[idx[a]] < room[idx[b]]
		}
		return idx[a] < idx[b]
	})
	return idx
}

func (p *planner) greedy() {
	p.ord = p.order()
	for _, r := range p.ord {
		if ci := p.best(r); ci >= 0 {
			p.put(r, ci)
		}
	}
}

// repairAll tries, for each request left out, to move placed requests out of the way
// (only those of no higher priority unless moveHigher). It reports whether anything more was placed.
func (p *planner) repairAll() bool {
	improved := false
	for _, r := range p.ord {
		if p.placed[r] < 0 && p.repair(r, 1) {
			improved = true
		}
	}
	return improved
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

// maxBlockers is how many placed requests one repair may move at once.
const maxBlockers = 3

// blockersAt lists the distinct placed requests in r's way at c, or ok=false when something
// fixed is in the way, a blocker is more important than r or is part of the move under way.
func (p *planner) blockersAt(r int, c slotCand, buf []int) ([]int, bool) {
	buf = buf[:0]
	for _, cf := range p.conflictsAt(r, c) {
		b := int(cf.owner)
		if cf.owner < 0 || p.locked[b] || !p.moveHigher && p.reqs[b].Priority > p.reqs[r].Priority {
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
	return buf, len(buf) > 0
}

// repair places r by moving the requests in its way to other times; with depth > 0 a moved
// request may in turn move one more. Every change is journalled and rolled back on failure.
func (p *planner) repair(r int, depth int) bool {
	p.locked[r] = true
	defer func() { p.locked[r] = false }()
	var buf [maxBlockers]int
	for ci, c := range p.cands[r] {
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
		p.put(r, int32(ci))
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
			if depth > 0 && p.effort > 0 {
				p.effort--
				if p.repair(b, depth-1) {
					p.locked[b] = true
					continue
				}
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
		if len(dropped) == 0 {
			return
		}
		for _, r := range dropped {
			if ci := p.best(r); ci >= 0 {
				p.put(r, ci)
			}
		}
	}
}
