package app

import (
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// sessionRow is a row of the sessions table.
type sessionRow struct {
	Key       string `gorm:"primaryKey"`
	Data      []byte
	ExpiresAt *time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// dbStorage is a fiber.Storage on the application database, so that sessions (and the CSRF tokens kept in
// them) survive restarts and are shared by every instance behind a load balancer.
type dbStorage struct{ db *gorm.DB }

func (s *dbStorage) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	var row sessionRow
	err := s.db.Where("key = ?", key).First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if row.ExpiresAt != nil && time.Now().After(*row.ExpiresAt) {
		return nil, nil
	}
	return row.Data, nil
}

func (s *dbStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	row := sessionRow{Key: key, Data: val}
	if exp > 0 {
		t := time.Now().UTC().Add(exp)
		row.ExpiresAt = &t
	}
	return s.db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"data", "expires_at"})}).Create(&row).Error
}

func (s *dbStorage) Delete(key string) error {
	if key == "" {
		return nil
	}
	return s.db.Where("key = ?", key).Delete(&sessionRow{}).Error
}

func (s *dbStorage) Reset() error { return s.db.Where("1 = 1").Delete(&sessionRow{}).Error }

func (s *dbStorage) Close() error { return nil }

// purgeExpired removes expired sessions; run now and then.
func (s *dbStorage) purgeExpired() error {
	return s.db.Where("expires_at < ?", time.Now().UTC()).Delete(&sessionRow{}).Error
}
