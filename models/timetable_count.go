package models

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
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
// "Written anything" is two counters: this process's writes (GORM's callbacks, so a Store without the
// revision hook still sees its own), and the database's data revision (models.Revision), which every
// process's committed writes raise, so a change made by the command line or another instance is counted
// at once. A session's touch or an API token's last-use note is not a change to the timetable and moves
// neither.

// breachCountTTL is the longest a kept count is shown without checking again.
const breachCountTTL = time.Minute

type breachCount struct {
	generation int64
	revision   int64
	updated    time.Time // the mission row's updated_at when counted
	at         time.Time
	n          int
	refreshing bool // a check is running in the background
}

// writeCounter counts one database's writes; the counts of every database handle are kept here.
type writeCounter struct {
	generation atomic.Int64
	mu         sync.Mutex
	counts     map[uint]breachCount
	flight     singleflight.Group
}

var writeCounters sync.Map // *gorm.Config → *writeCounter

// writesOf returns db's write counter, registering the GORM callbacks that feed it the first time.
func writesOf(db *gorm.DB) *writeCounter {
	if w, ok := writeCounters.Load(db.Config); ok {
		return w.(*writeCounter)
	}
	w := &writeCounter{counts: map[uint]breachCount{}}
	actual, loaded := writeCounters.LoadOrStore(db.Config, w)
	if loaded {
		return actual.(*writeCounter)
	}
	bump := func(tx *gorm.DB) {
		if tx.DryRun || tx.Statement == nil || tx.Statement.Table == "sessions" || tx.Statement.Table == "api_tokens" {
			return
		}
		w.generation.Add(1)
	}
	bumpRaw := func(tx *gorm.DB) {
		if tx.DryRun || tx.Statement == nil {
			return
		}
		if q := strings.ToUpper(strings.TrimSpace(tx.Statement.SQL.String())); strings.HasPrefix(q, "SELECT") {
			return
		}
		w.generation.Add(1)
	}
	cb := db.Callback()
	_ = cb.Create().After("gorm:create").Register("models:count_writes_create", bump)
	_ = cb.Update().After("gorm:update").Register("models:count_writes_update", bump)
	_ = cb.Delete().After("gorm:delete").Register("models:count_writes_delete", bump)
	_ = cb.Raw().After("gorm:raw").Register("models:count_writes_raw", bumpRaw)
	return w
}

// TimetableBreachCount is how many scheduled meetings and programme items of m break a rule (see
// CheckTimetable), kept between calls as described above. When only the time limit has passed, the kept
// count is shown while one check runs in the background; after a write, callers wait for one check
// (several callers at once share it).
func (s *Store) TimetableBreachCount(ctx context.Context, m *Mission, now time.Time) (int, error) {
	w := s.writes
	gen := w.generation.Load()
	rev, err := s.Revision(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: data revision: %w", err)
	}
	w.mu.Lock()
	c, ok := w.counts[m.ID]
	current := ok && c.generation == gen && c.revision == rev && c.updated.Equal(m.UpdatedAt)
	if current && now.Sub(c.at) < breachCountTTL && now.After(c.at.Add(-time.Second)) {
		w.mu.Unlock()
		return c.n, nil
	}
	if current {
		if !c.refreshing {
			c.refreshing = true
			w.counts[m.ID] = c
			mc := *m
			go func() { _, _ = s.countBreaches(context.Background(), &mc, gen, rev) }()
		}
		w.mu.Unlock()
		return c.n, nil
	}
	w.mu.Unlock()
	return s.countBreaches(ctx, m, gen, rev)
}

// countBreaches checks m's timetable and keeps the count, once for all callers asking at the same time.
func (s *Store) countBreaches(ctx context.Context, m *Mission, gen, rev int64) (int, error) {
	w := s.writes
	key := fmt.Sprintf("%d/%d/%d/%d", m.ID, gen, rev, m.UpdatedAt.UnixNano())
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
	w.counts[m.ID] = breachCount{generation: gen, revision: rev, updated: m.UpdatedAt, at: time.Now(), n: n}
	return n, nil
}
