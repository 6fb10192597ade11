package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Store is the application's access to the database. Its methods are the only place SQL is written.
type Store struct {
	db     *gorm.DB
	writes *writeCounter // the database's write count and the counts kept against it
	hook   ChangeHook    // told about changes people must hear of; nil for a plain store
}

// NewStore wraps an open database.
func NewStore(db *gorm.DB) *Store { return &Store{db: db, writes: writesOf(db)} }

// ErrNotFound is returned when a record asked for by id does not exist (or is not the caller's to see).
var ErrNotFound = errors.New("not found")

// ConflictError is a request that cannot be done in the current state (a clash, a full mission); it is
// answered 409 with its field messages.
type ConflictError struct {
	Errors FieldErrors
	// Clashes names what a refused booking clashes with (pages show it beside the message).
	Clashes []ClashDetail
}

func (e *ConflictError) Error() string { return "conflict: " + e.Errors.Error() }

// Conflict returns a ConflictError with one message on field.
func Conflict(field, msg string) error { return &ConflictError{Errors: FieldErrors{field: msg}} }

// DB returns the database handle bound to ctx.
func (s *Store) DB(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// Dialect names the database: "postgres" or "sqlite".
func (s *Store) Dialect() string { return s.db.Dialector.Name() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// WithTx runs fn in one transaction: everything fn does through the Store it is given commits together
// or not at all. On SQLite the transaction is IMMEDIATE (see the DSN), which serialises writers.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&Store{db: tx, writes: s.writes, hook: s.hook})
	})
}

// notFound turns gorm's not-found into ErrNotFound, wrapping other errors with what was being done.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

// Page is one page of a list: which page (from 1) and how many per page (default 50, at most 500).
type Page struct{ Page, PerPage int }

// Normalise applies the defaults and limits.
func (p Page) Normalise() Page {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PerPage < 1 {
		p.PerPage = 50
	}
	if p.PerPage > 500 {
		p.PerPage = 500
	}
	return p
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Page - 1) * p.PerPage }

// Pages is the number of pages needed for total rows.
func (p Page) Pages(total int64) int {
	if total == 0 {
		return 1
	}
	return int((total + int64(p.PerPage) - 1) / int64(p.PerPage))
}

// Audit writes an audit event: who did action to entity id, with the values before and after (as JSON).
func (s *Store) Audit(ctx context.Context, actor *User, action, entity string, id uint, missionID *uint, before, after any) error {
	ev := AuditEvent{Action: action, Entity: entity, EntityID: id, MissionID: missionID, Before: toJSON(before), After: toJSON(after), CreatedAt: time.Now().UTC()}
	switch op, ok := operatorOf(ctx); {
	case actor != nil:
		ev.UserID = &actor.ID
		ev.Actor = actor.Email
	case ok: // the command line, run by someone
		ev.UserID, ev.Actor = op.UserID, op.Label
	default:
		ev.Actor = "system"
	}
	if err := s.DB(ctx).Create(&ev).Error; err != nil {
		return fmt.Errorf("store: audit %s %s %d: %w", action, entity, id, err)
	}
	return nil
}

// AuditTrail lists events for one entity, oldest first.
func (s *Store) AuditTrail(ctx context.Context, entity string, id uint) ([]AuditEvent, error) {
	var out []AuditEvent
	err := s.DB(ctx).Where("entity = ? AND entity_id = ?", entity, id).Order("created_at, id").Find(&out).Error
	return out, notFound(err, "audit trail")
}

// AuditLog lists the newest events first, a page at a time.
func (s *Store) AuditLog(ctx context.Context, p Page) ([]AuditEvent, int64, error) {
	return s.AuditEvents(ctx, AuditFilter{}, p)
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// CreateAll inserts rows (a slice of one model) in batches of 500 rows a statement, filling their ids;
// associations are left alone. It is for bulk loads such as the seed command.
func (s *Store) CreateAll(ctx context.Context, rows any) error {
	if err := s.DB(ctx).Omit(clause.Associations).CreateInBatches(rows, 500).Error; err != nil {
		return fmt.Errorf("store: insert in batches: %w", err)
	}
	return nil
}

// Analyze refreshes PostgreSQL's statistics of the tables a bulk load fills (SQLite plans without them).
func (s *Store) Analyze(ctx context.Context) error {
	if s.Dialect() != "postgres" {
		return nil
	}
	if err := s.DB(ctx).Exec("ANALYZE firms, registrations, delegates, travel_segments, contacts, contact_availabilities, locations, programme_items, programme_attendees, meetings, meeting_delegates").Error; err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}
