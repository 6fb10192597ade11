package scheduler

import (
	"sort"

	"github.com/missionplanner/missionplanner/models"
)

// bound is an upper bound on how many requests any timetable could place. Each firm and each
// contact can hold at most as many meetings as fit, end to end at their shortest requested
// length, into their free time (working hours and availability, less what is fixed: existing
// meetings, the programme); a firm also no more than the maximum allows. The bound is the
// maximum flow from firms through their requests to contacts under those capacities. It ignores
// travel and delegates, so it may be above what is possible, never below. It must run before
// anything is placed, while the timelines hold only fixed items.
func (p *planner) bound() int {
	nf, nc := len(p.firms), len(p.contacts)
	minFirm := make([]int64, nf)
	minContact := make([]int64, nc)
	pairs := map[[2]int32]int{}
	for r := range p.reqs {
		if p.status[r] != "" || len(p.open[r]) == 0 {
			continue
		}
		f, c := p.firm[r], p.contact[r]
		if p.capLeft[f] == 0 {
			continue
		}
		length := p.cands[r][0].e - p.cands[r][0].s
		if minFirm[f] == 0 || length < minFirm[f] {
			minFirm[f] = length
		}
		if minContact[c] == 0 || length < minContact[c] {
			minContact[c] = length
		}
		pairs[[2]int32{f, c}]++
	}
	p.firmRoom = make([]int, nf)
	p.contactRoom = make([]int, nc)
	if len(pairs) == 0 {
		return 0
	}
	working := toSpans(models.MergeIntervals(p.in.Context.Working))
	contactIDs := make([]uint, nc)
	for r := range p.reqs {
		if p.status[r] == "" {
			contactIDs[p.contact[r]] = p.reqs[r].ContactID
		}
	}
	// Nodes: 0 source, 1 sink, then firms, then contacts.
	g := newFlowGraph(2 + nf + nc)
	for f := 0; f < nf; f++ {
		if minFirm[f] == 0 {
			continue
		}
		capacity := fitCount(working, p.firms[f].items, minFirm[f])
		p.firmRoom[f] = capacity
		if p.capLeft[f] >= 0 {
			capacity = min(capacity, p.capLeft[f])
		}
		g.add(0, 2+f, capacity)
	}
	for c := 0; c < nc; c++ {
		if minContact[c] == 0 {
			continue
		}
		free := working
		if avail, ok := p.in.Context.ContactAvailability[contactIDs[c]]; ok {
			free = intersectSpans(working, toSpans(models.MergeIntervals(avail)))
		}
		p.contactRoom[c] = fitCount(free, p.contacts[c].items, minContact[c])
		g.add(2+nf+c, 1, p.contactRoom[c])
	}
	keys := make([][2]int32, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		g.add(2+int(k[0]), 2+nf+int(k[1]), pairs[k])
	}
	return g.maxFlow(0, 1)
}

type span struct{ s, e int64 }

func toSpans(in []models.Interval) []span {
	out := make([]span, len(in))
	for i, iv := range in {
		out[i] = span{iv.Start.UnixNano(), iv.End.UnixNano()}
	}
	return out
}

// intersectSpans intersects two sorted lists of disjoint spans.
func intersectSpans(a, b []span) []span {
	var out []span
	for i, j := 0, 0; i < len(a) && j < len(b); {
		s, e := max(a[i].s, b[j].s), min(a[i].e, b[j].e)
		if s < e {
			out = append(out, span{s, e})
		}
		if a[i].e < b[j].e {
			i++
		} else {
			j++
		}
	}
	return out
}

// fitCount is how many meetings of length fit end to end into free, less the busy items
// (sorted by start).
func fitCount(free []span, busy []tlItem, length int64) int {
	n := 0
	j := 0
	for _, w := range free {
		cur := w.s
		for j < len(busy) && busy[j].e <= w.s {
			j++
		}
		for k := j; k < len(busy) && busy[k].s < w.e; k++ {
			if busy[k].s > cur {
				n += int((busy[k].s - cur) / length)
			}
			cur = max(cur, busy[k].e)
		}
		if w.e > cur {
			n += int((w.e - cur) / length)
		}
	}
	return n
}

// flowGraph is a small Dinic maximum-flow solver.
type flowGraph struct {
	head          []int
	to, next, cap []int
	level, iter   []int
}

func newFlowGraph(n int) *flowGraph {
	g := &flowGraph{head: make([]int, n), level: make([]int, n), iter: make([]int, n)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

func (g *flowGraph) add(u, v, c int) {
	if c <= 0 {
		return
	}
	g.to, g.cap, g.next = append(g.to, v), append(g.cap, c), append(g.next, g.head[u])
	g.head[u] = len(g.to) - 1
	g.to, g.cap, g.next = append(g.to, u), append(g.cap, 0), append(g.next, g.head[v])
	g.head[v] = len(g.to) - 1
}

func (g *flowGraph) bfs(s, t int) bool {
	for i := range g.level {
		g.level[i] = -1
	}
	g.level[s] = 0
	q := []int{s}
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		for e := g.head[u]; e >= 0; e = g.next[e] {
			if g.cap[e] > 0 && g.level[g.to[e]] < 0 {
				g.level[g.to[e]] = g.level[u] + 1
				q = append(q, g.to[e])
			}
		}
	}
	return g.level[t] >= 0
}

func (g *flowGraph) dfs(u, t, f int) int {
	if u == t {
		return f
	}
	for ; g.iter[u] >= 0; g.iter[u] = g.next[g.iter[u]] {
		e := g.iter[u]
		v := g.to[e]
		if g.cap[e] > 0 && g.level[v] == g.level[u]+1 {
			if d := g.dfs(v, t, min(f, g.cap[e])); d > 0 {
				g.cap[e] -= d
				g.cap[e^1] += d
				return d
			}
		}
	}
	return 0
}

func (g *flowGraph) maxFlow(s, t int) int {
	total := 0
	for g.bfs(s, t) {
		copy(g.iter, g.head)
		for {
			f := g.dfs(s, t, 1<<30)
			if f == 0 {
				break
			}
			total += f
		}
	}
	return total
}
