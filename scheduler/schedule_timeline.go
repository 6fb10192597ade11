package scheduler

import (
	"math"
	"sort"
)

// tlItem is one busy span on a person's or firm's timeline, in Unix nanoseconds.
type tlItem struct {
	s, e  int64
	place int32
	owner int32 // index of the placed request, or -1 for something fixed (meeting, programme)
}

// timeline keeps one entity's busy spans sorted by start, so a candidate is checked by a
// binary search and a look at its neighbours instead of a scan of every booking.
type timeline struct {
	items  []tlItem
	maxDur int64
}

func itemLess(a, b tlItem) bool {
	if a.s != b.s {
		return a.s < b.s
	}
	if a.e != b.e {
		return a.e < b.e
	}
	return a.owner < b.owner
}

func (t *timeline) insert(it tlItem) {
	i := sort.Search(len(t.items), func(i int) bool { return !itemLess(t.items[i], it) })
	t.items = append(t.items, tlItem{})
	copy(t.items[i+1:], t.items[i:])
	t.items[i] = it
	if d := it.e - it.s; d > t.maxDur {
		t.maxDur = d
	}
}

func (t *timeline) remove(owner int32, s int64) {
	i := sort.Search(len(t.items), func(i int) bool { return t.items[i].s >= s })
	for ; i < len(t.items) && t.items[i].s == s; i++ {
		if t.items[i].owner == owner {
			t.items = append(t.items[:i], t.items[i+1:]...)
			return
		}
	}
	panic("schedule: removing an item that is not on the timeline")
}

// conflict is something in the way of a candidate: its owner (-1 when fixed) and whether
// the problem is only the travel time.
type conflict struct {
	owner  int32
	travel bool
}

// travelFunc gives the least gap in nanoseconds between two interned places.
type travelFunc func(from, to int32) int64

// fits reports whether [s,e) at place can go on the timeline: no overlap, and enough travel
// time after the item(s) ending last before s and before the item(s) starting first after e
// (the same neighbours CheckBooking looks at). With out non-nil it records every conflict
// instead of stopping at the first.
func (t *timeline) fits(s, e int64, place int32, travel travelFunc, out *[]conflict) bool {
	items := t.items
	idx := sort.Search(len(items), func(i int) bool { return items[i].s >= e })
	ok := true
	if idx < len(items) {
		ns := items[idx].s
		for j := idx; j < len(items) && items[j].s == ns; j++ {
			if ns-e < travel(place, items[j].place) {
				if out == nil {
					return false
				}
				ok = false
				*out = append(*out, conflict{owner: items[j].owner, travel: true})
			}
		}
	}
	prevEnd := int64(math.MinInt64)
	stop := 0
	for i := idx - 1; i >= 0; i-- {
		it := items[i]
		if it.e > s {
			if out == nil {
				return false
			}
			ok = false
			*out = append(*out, conflict{owner: it.owner})
			continue
		}
		if it.e > prevEnd {
			prevEnd = it.e
		}
		if it.s+t.maxDur < prevEnd {
			stop = i
			break
		}
	}
	if prevEnd == math.MinInt64 {
		return ok
	}
	for i := idx - 1; i >= stop; i-- {
		it := items[i]
		if it.e == prevEnd && s-prevEnd < travel(it.place, place) {
			if out == nil {
				return false
			}
			ok = false
			*out = append(*out, conflict{owner: it.owner, travel: true})
		}
	}
	return ok
}
