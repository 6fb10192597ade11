package models

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
	"gorm.io/gorm"
)

// The mission page shows how many meetings and programme items break a rule. Checking the whole
// timetable reads the whole mission (half a second at 6,000 meetings), too much for every view of a
// page that should cost a few indexed reads (issue 8). So the count is kept in the process, and worked
// out again when anything has been written to the database since (see below), when the mission's own row
// has changed, or when it is more than breachCountTTL old (for a change made outside the application,
// in psql, which moves no revision: shown within a minute, as kept pages are). The check page itself
// always checks.
//
// "Written anything" is the database's data revision (Revision), which every process's committed writes
// raise (TrackRevisions), so a change made by this process, the command line or another instance is
// counted at once; a session's touch or an API token's last-use note does not move it.

// breachCountTTL is the longest a kept count is shown without checking again.
const breachCountTTL = time.Minute

type breachCount struct {
	revision   int64
	updated    time.Time // the mission row's updated_at when counted
	at         time.Time
	n          int
	refreshing bool // a check is running in the background
}

// writeCounter keeps one database's breach counts (every Store on the same database handle shares it).
type writeCounter struct {
	mu     sync.Mutex
	counts map[uint]breachCount
	flight singleflight.Group
}

var writeCounters sync.Map // *gorm.Config → *writeCounter

// writesOf returns db's breach counts.
func writesOf(db *gorm.DB) *writeCounter {
	w, _ := writeCounters.LoadOrStore(db.Config, &writeCounter{counts: map[uint]breachCount{}})
	return w.(*writeCounter)
}

// TimetableBreachCount is how many scheduled meetings and programme items of m break a rule (see
// CheckTimetable), kept between calls as described above. When only the time limit has passed, the kept
// count is shown while one check runs in the background; after a write, callers wait for one check
// (several callers at once share it).
func (s *Store) TimetableBreachCount(ctx context.Context, m *Mission, now time.Time) (int, error) {
	w := s.writes
	rev, err := s.Revision(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: data revision: %w", err)
	}
	w.mu.Lock()
	c, ok := w.counts[m.ID]
	current := ok && c.revision == rev && c.updated.Equal(m.UpdatedAt)
	if current && now.Sub(c.at) < breachCountTTL && now.After(c.at.Add(-time.Second)) {
		w.mu.Unlock()
		return c.n, nil
	}
	if current {
		if !c.refreshing {
			c.refreshing = true
			w.counts[m.ID] = c
			mc := *m
			go func() { _, _ = s.countBreaches(context.Background(), &mc, rev) }()
		}
		w.mu.Unlock()
		return c.n, nil
	}
	w.mu.Unlock()
	return s.countBreaches(ctx, m, rev)
}

// countBreaches checks m's timetable and keeps the count, once for all callers asking at the same time.
func (s *Store) countBreaches(ctx context.Context, m *Mission, rev int64) (int, error) {
	w := s.writes
	key := fmt.Sprintf("%d/%d/%d", m.ID, rev, m.UpdatedAt.UnixNano())
	v, err, _ := w.flight.Do(key, func() (any, error) {
		book, err := s.LoadMissionBook(ctx, m)
		if err != nil {
			return 0, err
		}
		return len(book.CheckTimetable()), nil
	})
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		if c, ok := w.counts[m.ID]; ok {
			c.refreshing = false
			w.counts[m.ID] = c
		}
		return 0, err
	}
	n := v.(int)
	w.counts[m.ID] = breachCount{revision: rev, updated: m.UpdatedAt, at: time.Now(), n: n}
	return n, nil
}
