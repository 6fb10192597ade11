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

// SessionData is what a browser session remembers between requests. It is stored as JSON in the
// sessions table, keyed by the random id the browser holds in its cookie.
type SessionData struct {
	UserID   uint   `json:"uid,omitempty"`
	Created  int64  `json:"created,omitempty"` // Unix seconds the sign-in happened (the absolute timeout)
	LastSeen int64  `json:"seen,omitempty"`    // Unix seconds of the last touch (the idle timeout)
	CSRF     string `json:"csrf,omitempty"`    // the token every form of this session must send back
	Flash    string `json:"flash,omitempty"`   // a one-line message for the next page
	// Gen is the user's session generation at sign-in: once the user's moves on (a new password, the
	// account disabled, "sign out everywhere"), this session has ended.
	Gen int `json:"gen,omitempty"`
}

// sessionRow is a row of the sessions table.
type sessionRow struct {
	Key       string `gorm:"primaryKey"`
	Data      []byte
	ExpiresAt *time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// Session reads the session key at now: nil (and no error) when there is none, it has expired, or it
// cannot be read (a row written by an older version is treated as no session).
func (s *Store) Session(ctx context.Context, key string, now time.Time) (*SessionData, error) {
	if key == "" {
		return nil, nil
	}
	var row sessionRow
	err := s.DB(ctx).Where("key = ?", key).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read session: %w", err)
	}
	if row.ExpiresAt != nil && now.After(*row.ExpiresAt) {
		return nil, nil
	}
	var d SessionData
	if json.Unmarshal(row.Data, &d) != nil {
		return nil, nil
	}
	return &d, nil
}

// SaveSession writes the session key, to expire at expires.
func (s *Store) SaveSession(ctx context.Context, key string, d SessionData, expires time.Time) error {
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("store: encode session: %w", err)
	}
	exp := expires.UTC()
	row := sessionRow{Key: key, Data: data, ExpiresAt: &exp}
	err = s.DB(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"data", "expires_at"})}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("store: save session: %w", err)
	}
	return nil
}

// DeleteSession removes the session key.
func (s *Store) DeleteSession(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	if err := s.DB(ctx).Where("key = ?", key).Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// PurgeSessions removes sessions expired before now; run now and then.
func (s *Store) PurgeSessions(ctx context.Context, now time.Time) error {
	if err := s.DB(ctx).Where("expires_at < ?", now.UTC()).Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("store: purge sessions: %w", err)
	}
	return nil
}
