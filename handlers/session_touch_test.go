package handlers

import (
	"testing"
	"time"
)

// TestTouchClaimedOncePerMinute: of the requests of one session that find its last-seen time stale
// together, one writes it; the next minute, one again.
func TestTouchClaimedOncePerMinute(t *testing.T) {
	var tc touches
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	if !tc.claim("a", now) {
		t.Fatal("the first request of a minute does not write the visit")
	}
	for _, d := range []time.Duration{0, time.Second, 59 * time.Second} {
		if tc.claim("a", now.Add(d)) {
			t.Errorf("a request %v later writes the visit again", d)
		}
	}
	if !tc.claim("b", now) {
		t.Error("another session's request was refused")
	}
	if !tc.claim("a", now.Add(time.Minute)) {
		t.Error("a minute later the visit is not written")
	}
}
