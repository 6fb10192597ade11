package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// Both imports (firms registered for a mission, contacts for the directory) go the same way, one
// store call per step the person sees: Preview<Kind>Import plans the upload (pure), checks it
// against the database and keeps it as an ImportBatch; Import<Kind> claims the kept batch, plans
// and checks it again and saves its rows, or returns ErrImportChanged with the fresh preview.

// ErrImportChanged is returned when the directory changed between the preview and the confirmation,
// so the rows that would be imported are no longer the rows previewed. Nothing is imported.
var ErrImportChanged = errors.New("the directory changed since the preview")

// SaveImportBatch keeps an uploaded table until it is confirmed, and clears batches past their
// lifetime. missionID is the mission of a registrations batch and 0 for a contacts batch.
func (s *Store) SaveImportBatch(ctx context.Context, kind ImportKind, missionID uint, user *User, filename string, rows [][]string, now time.Time) (*ImportBatch, error) {
	if (kind == ImportKindRegistrations) != (missionID != 0) || (kind != ImportKindRegistrations && kind != ImportKindContacts) {
		return nil, fmt.Errorf("store: save import batch: kind %q with mission %d", kind, missionID)
	}
	cells, err := json.Marshal(rows)
	if err != nil {
		return nil, fmt.Errorf("store: encode import batch: %w", err)
	}
	b := &ImportBatch{Kind: kind, Filename: filename, Cells: string(cells), CreatedAt: now.UTC()}
	if missionID != 0 {
		b.MissionID = &missionID
	}
	if user != nil {
		b.UserID = &user.ID
	}
	err = s.WithTx(ctx, func(tx *Store) error {
		if err := tx.DB(ctx).Where("created_at < ?", now.Add(-ImportBatchLifetime).UTC()).Delete(&ImportBatch{}).Error; err != nil {
			return fmt.Errorf("store: clear old import batches: %w", err)
		}
		if err := tx.DB(ctx).Create(b).Error; err != nil {
			return fmt.Errorf("store: save import batch: %w", err)
		}
		return nil
	})
	return b, err
}

// claimImportBatch locks a kept upload inside a transaction for its confirmation: it must pass
// isFor's checks (a live batch of this kind and mission, uploaded by this user; else ErrNotFound) and not have been imported yet (else a conflict).
// The caller marks it imported with markImportBatch in the same transaction.
func (s *Store) claimImportBatch(ctx context.Context, kind ImportKind, missionID, id uint, user *User, now time.Time) (*ImportBatch, [][]string, error) {
	var b ImportBatch
	if err := s.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&b, id).Error; err != nil {
		return nil, nil, notFound(err, "lock import batch")
	}
	if !b.isFor(kind, missionID, user, now) {
		return nil, nil, ErrNotFound
	}
	if b.ImportedAt != nil {
		return nil, nil, Conflict("file", "This file has already been imported")
	}
	rows, err := b.rows()
	return &b, rows, err
}

// markImportBatch records that a claimed batch has been imported, so it is never imported again.
func (s *Store) markImportBatch(ctx context.Context, b *ImportBatch, now time.Time) error {
	if err := s.DB(ctx).Model(&ImportBatch{ID: b.ID}).Update("imported_at", now.UTC()).Error; err != nil {
		return fmt.Errorf("store: mark import batch %d: %w", b.ID, err)
	}
	return nil
}
