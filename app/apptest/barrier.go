package apptest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"
)

// Barrier forces a race: it holds each statement that match accepts until n of them have arrived
// or wait has passed since the first did, so concurrent transactions reach the same point together
// unless something (a locked row, SQLite's single writer) keeps them apart. When a lock keeps
// them apart the first waits out wait and the others pass straight through, so a round costs at
// most wait. Call Next before each round.
type Barrier struct {
	db   *gorm.DB
	op   string
	name string
	n    int
	wait time.Duration

	mu       sync.Mutex
	arrived  int
	release  chan struct{}
	deadline time.Time
	met      int
}

// barrierSeq names each barrier's callback uniquely.
var barrierSeq atomic.Int64

// NewBarrier installs a barrier on db's query or create callbacks (op is "query" or "create"),
// before the statement runs; match sees the statement with its table and destination known.
func NewBarrier(t testing.TB, db *gorm.DB, op string, n int, wait time.Duration, match func(*gorm.Statement) bool) *Barrier {
	t.Helper()
	name := fmt.Sprintf("apptest:barrier:%d", barrierSeq.Add(1))
	b := &Barrier{db: db, op: op, name: name, n: n, wait: wait}
	fn := func(tx *gorm.DB) {
		if tx.Error == nil && match(tx.Statement) {
			b.arrive()
		}
	}
	var err error
	switch op {
	case "query":
		err = db.Callback().Query().Before("gorm:query").Register(name, fn)
	case "create":
		err = db.Callback().Create().Before("gorm:create").Register(name, fn)
	default:
		t.Fatalf("NewBarrier: unknown operation %q", op)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Remove)
	return b
}

// Remove takes the barrier out of db's callbacks; statements run freely again.
func (b *Barrier) Remove() {
	if b.op == "query" {
		b.db.Callback().Query().Remove(b.name)
	} else {
		b.db.Callback().Create().Remove(b.name)
	}
}

// Next starts a new round.
func (b *Barrier) Next() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.arrived, b.release = 0, nil
}

// Met is how many rounds saw all n arrive together.
func (b *Barrier) Met() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.met
}

func (b *Barrier) arrive() {
	b.mu.Lock()
	if b.release == nil {
		b.release, b.deadline = make(chan struct{}), time.Now().Add(b.wait)
	}
	b.arrived++
	ch, left := b.release, time.Until(b.deadline)
	switch {
	case b.arrived == b.n:
		b.met++
		close(ch)
		b.mu.Unlock()
		return
	case b.arrived > b.n:
		b.mu.Unlock()
		return
	}
	b.mu.Unlock()
	if left <= 0 {
		return
	}
	timer := time.NewTimer(left)
	defer timer.Stop()
	select {
	case <-ch:
	case <-timer.C:
	}
}
