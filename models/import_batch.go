package models

import (
	"encoding/json"
	"fmt"
	"time"
)

// ImportBatch is an uploaded table kept between the preview and the confirmation, so the rows
// imported are exactly the rows previewed. A registrations batch belongs to a mission; a contacts
// batch has none.
type ImportBatch struct {
	ID         uint       `gorm:"primaryKey"`
	Kind       ImportKind `gorm:"column:kind"`
	MissionID  *uint      `gorm:"column:mission_id"`
	UserID     *uint      `gorm:"column:user_id"`
	Filename   string     `gorm:"column:filename"`
	Cells      string     `gorm:"column:cells"` // the table as JSON
	ImportedAt *time.Time `gorm:"column:imported_at"`
	CreatedAt  time.Time  `gorm:"column:created_at"`
}

// ImportBatchLifetime is how long an uploaded file waits for its confirmation.
const ImportBatchLifetime = 24 * time.Hour

// ImportKind says what an uploaded batch imports; a batch of one kind is never loaded as the other.
type ImportKind string

// The kinds of import batch.
const (
	ImportKindRegistrations ImportKind = "registrations" // firms registered for one mission
	ImportKindContacts      ImportKind = "contacts"      // contacts for the shared directory
)

// isFor tells whether b is a live batch of this kind and mission (0: none) uploaded by user.
func (b *ImportBatch) isFor(kind ImportKind, missionID uint, user *User, now time.Time) bool {
	var mission uint
	if b.MissionID != nil {
		mission = *b.MissionID
	}
	// A batch whose uploader has since been removed belongs to nobody: only a user-less caller
	// (the command line, benchmarks) may load it.
	otherUser := user != nil && (b.UserID == nil || *b.UserID != user.ID)
	return b.Kind == kind && mission == missionID && !otherUser && now.Sub(b.CreatedAt) <= ImportBatchLifetime
}

func (b *ImportBatch) rows() ([][]string, error) {
	var rows [][]string
	if err := json.Unmarshal([]byte(b.Cells), &rows); err != nil {
		return nil, fmt.Errorf("store: decode import batch %d: %w", b.ID, err)
	}
	return rows, nil
}
