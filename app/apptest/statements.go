package apptest

import (
	"strings"
	"sync"

	"gorm.io/gorm"
)

// Statements counts the SQL statements sent to one database through GORM, telling reads from writes.
// It is how tests prove that a page reads a bounded number of rows and writes nothing.
type Statements struct {
	mu     sync.Mutex
	on     bool
	reads  int
	writes int
	sql    []string
}

// CountStatements registers counting callbacks on db (once per database handle) and returns the
// counter, switched off until Start.
func CountStatements(db *gorm.DB) *Statements {
	s := &Statements{}
	count := func(tx *gorm.DB) {
		if tx.DryRun || tx.Statement == nil { // subqueries are built in dry runs: not statements sent
			return
		}
		s.record(tx.Statement.SQL.String())
	}
	cb := db.Callback()
	_ = cb.Query().After("gorm:query").Register("apptest:count_query", count)
	_ = cb.Row().After("gorm:row").Register("apptest:count_row", count)
	_ = cb.Raw().After("gorm:raw").Register("apptest:count_raw", count)
	_ = cb.Create().After("gorm:create").Register("apptest:count_create", count)
	_ = cb.Update().After("gorm:update").Register("apptest:count_update", count)
	_ = cb.Delete().After("gorm:delete").Register("apptest:count_delete", count)
	return s
}

func (s *Statements) record(sql string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.on {
		return
	}
	if isRead(sql) {
		s.reads++
	} else {
		s.writes++
	}
	s.sql = append(s.sql, sql)
}

// isRead reports whether a statement only reads: a SELECT (or a WITH … SELECT) without FOR UPDATE.
func isRead(sql string) bool {
	q := strings.ToUpper(strings.TrimSpace(sql))
	if strings.Contains(q, " FOR UPDATE") {
		return false
	}
	return strings.HasPrefix(q, "SELECT") || (strings.HasPrefix(q, "WITH") && !strings.Contains(q, "INSERT") && !strings.Contains(q, "UPDATE ") && !strings.Contains(q, "DELETE"))
}

// Start clears the counts and starts counting.
func (s *Statements) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on, s.reads, s.writes, s.sql = true, 0, 0, nil
}

// Stop stops counting and returns the reads and writes since Start.
func (s *Statements) Stop() (reads, writes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.reads, s.writes
}

// SQL is the statements counted since Start, one a line.
func (s *Statements) SQL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.sql, "\n")
}
