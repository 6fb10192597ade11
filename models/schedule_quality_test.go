package models

import (
	"testing"
	"time"
)

func TestScheduleTightPlanted(t *testing.T) {
	tests := []struct {
		name           string
		n, steps, days int
	}{
		{"480 requests", 60, 8, 1},
		{"2400 requests", 60, 8, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := genTight(tt.n, tt.steps, tt.days, 5)
			start := time.Now()
			res := Schedule(in)
			t.Logf("placed %d of %d, bound %d, fewest %d, in %v", len(res.Placed), len(in.Requests), res.Bound, res.Fewest, time.Since(start))
			if len(res.Placed) != len(in.Requests) {
				t.Errorf("placed %d of %d", len(res.Placed), len(in.Requests))
			}
			if cl := clashesInResult(in, res); len(cl) > 0 {
				t.Fatalf("%d clashes, first: %s", len(cl), cl[0])
			}
		})
	}
}

func TestScheduleOversubscribedIsFair(t *testing.T) {
	in := genOversubscribed(20, 5)
	res := Schedule(in)
	t.Logf("placed %d, bound %d, fewest %d, median %d, most %d", len(res.Placed), res.Bound, res.Fewest, res.Median, res.Most)
	if len(res.Placed) < 72 {
		t.Errorf("placed %d of 75 places, want at least 72", len(res.Placed))
	}
	for _, f := range res.Firms {
		if f.Placed < 3 || f.Placed > 4 {
			t.Errorf("firm %d got %d meetings, want 3 or 4", f.RegistrationID, f.Placed)
		}
	}
	if res.Bound != 75 {
		t.Errorf("bound %d, want 75", res.Bound)
	}
	if cl := clashesInResult(in, res); len(cl) > 0 {
		t.Fatalf("%d clashes, first: %s", len(cl), cl[0])
	}
}
