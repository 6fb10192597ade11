package models

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"sync/atomic"

	"gorm.io/gorm"
)

// The data revision (issue 8) is one number in the database (data_revisions, one row) that moves on
// every committed change, whichever process made it: pages that are costly to render keep their output
// against it (handlers' page cache) and show it again only while it has not moved.
//
// It is raised inside the writing transaction, as the transaction's last statement before COMMIT, so a
// reader that sees the new number also sees what the transaction wrote; a reader that saw the old number
// may have read older or newer data, and keeps its page under a number that is already dead. Taking the
// row's lock last, just before COMMIT, means no transaction ever waits for another lock while holding it,
// so it cannot deadlock. A write outside a transaction raises it straight after. Session rows (a
// signed-in visit noted once a minute) do not count: they are not shown on any page.
//
// The hook sits in GORM's connection pool (revisionPool), under every Store method, the command line and
// the job queue's handlers, so no write path can forget it. Writes made outside the application (psql)
// are not seen: the page cache keeps a page for the current minute at most.

// revisionSQL raises the revision; it is the only write the hook makes.
const revisionSQL = `UPDATE data_revisions SET n = n + 1 WHERE id = 1`

// Revision is the current data revision; it only ever grows.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB(ctx).Raw(`SELECT n FROM data_revisions WHERE id = 1`).Scan(&n).Error
	return n, err
}

// TrackRevisions puts the revision hook under db's connection pool. It does nothing until
// EnableRevisions says data_revisions exists (after the migrations, or at once for a migrated database).
func TrackRevisions(db *gorm.DB) {
	if _, ok := db.ConnPool.(*revisionPool); ok {
		return
	}
	raw, ok := db.ConnPool.(*sql.DB)
	if !ok {
		return
	}
	p := &revisionPool{db: raw}
	db.ConnPool = p
	db.Statement.ConnPool = p
}

// EnableRevisions starts raising the revision on db's writes, when data_revisions exists.
func EnableRevisions(db *gorm.DB) {
	if p, ok := db.ConnPool.(*revisionPool); ok && db.Migrator().HasTable("data_revisions") {
		p.on.Store(true)
	}
}

// revisionPool is a *sql.DB as GORM's connection pool, with transactions that raise the revision.
type revisionPool struct {
	db *sql.DB
	on atomic.Bool
}

var _ gorm.ConnPoolBeginner = (*revisionPool)(nil)

func (p *revisionPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

func (p *revisionPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

func (p *revisionPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := p.db.ExecContext(ctx, query, args...)
	if err == nil && p.on.Load() && writes(query) {
		_, err = p.db.ExecContext(ctx, revisionSQL)
	}
	return res, err
}

func (p *revisionPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := p.db.QueryContext(ctx, query, args...)
	if err == nil && p.on.Load() && writes(query) { // INSERT … RETURNING outside a transaction
		if _, berr := p.db.ExecContext(ctx, revisionSQL); berr != nil {
			rows.Close()
			return nil, berr
		}
	}
	return rows, err
}

func (p *revisionPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	row := p.db.QueryRowContext(ctx, query, args...)
	if p.on.Load() && writes(query) && row.Err() == nil {
		_, _ = p.db.ExecContext(ctx, revisionSQL)
	}
	return row
}

func (p *revisionPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &revisionTx{Tx: tx, pool: p, ctx: ctx}, nil
}

// revisionTx is a transaction that remembers whether it wrote, and raises the revision just before it
// commits if it did.
type revisionTx struct {
	*sql.Tx
	pool  *revisionPool
	ctx   context.Context
	wrote bool
}

// SQLTx is the transaction underneath, for code that must join it (the job queue's inserts).
func (t *revisionTx) SQLTx() *sql.Tx { return t.Tx }

func (t *revisionTx) GetDBConn() (*sql.DB, error) { return t.pool.db, nil }

func (t *revisionTx) note(query string) {
	if !t.wrote && writes(query) {
		t.wrote = true
	}
}

func (t *revisionTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.note(query)
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t *revisionTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.note(query)
	return t.Tx.QueryContext(ctx, query, args...)
}

func (t *revisionTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	t.note(query)
	return t.Tx.QueryRowContext(ctx, query, args...)
}

func (t *revisionTx) Commit() error {
	if t.wrote && t.pool.on.Load() {
		if _, err := t.Tx.ExecContext(context.WithoutCancel(t.ctx), revisionSQL); err != nil {
			_ = t.Tx.Rollback()
			return errors.Join(errors.New("raise data revision"), err)
		}
	}
	return t.Tx.Commit()
}

// Statements that change nothing a page shows: reads, locks, a session's row, a token's last use.
var (
	sessionWrite = regexp.MustCompile("^(?i)(INSERT\\s+(OR\\s+\\w+\\s+)?INTO|UPDATE|DELETE\\s+FROM)\\s+[`\"]?sessions[`\"]?[\\s(]")
	// An API token's last use, noted at most once a minute as a session's visit is.
	tokenUse  = regexp.MustCompile("^(?i)UPDATE\\s+[`\"]?api_tokens[`\"]?\\s+SET\\s+[`\"]?last_used_at[`\"]?\\s*=[^,]*$")
	readVerbs = []string{"SELECT", "SHOW", "PRAGMA", "EXPLAIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "SET", "--", "/*", "VALUES"}
)

// writes reports whether query may change data a page shows.
func writes(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	for _, v := range readVerbs {
		if len(q) >= len(v) && strings.EqualFold(q[:len(v)], v) {
			return false
		}
	}
	if len(q) >= 4 && strings.EqualFold(q[:4], "WITH") {
		u := strings.ToUpper(q)
		return strings.Contains(u, "INSERT ") || strings.Contains(u, "UPDATE ") || strings.Contains(u, "DELETE ")
	}
	return !sessionWrite.MatchString(q) && !tokenUse.MatchString(q)
}
