package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/missionplanner/missionplanner/models"
)

// OpenDatabase opens PostgreSQL when databaseURL is set, else the embedded SQLite database in dataDir.
// Every instant is stored in UTC on both (see stack notes: SQLite compares times as text).
func OpenDatabase(databaseURL, dataDir string) (*gorm.DB, error) {
	cfg := &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return time.Now().UTC() },
		Logger:         logger.Discard,
	}
	var (
		db  *gorm.DB
		err error
	)
	if databaseURL != "" {
		db, err = gorm.Open(postgres.Open(postgresDSN(databaseURL)), cfg)
	} else {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory %s: %w", dataDir, err)
		}
		db, err = gorm.Open(sqlite.Open(SQLiteDSN(filepath.Join(dataDir, "missionplanner.db"))), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	models.TrackRevisions(db)
	if err := models.RegisterTextChecks(db); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	// Pool sizes (docs/decisions.md, issue 8): as many idle connections as open ones, so a burst never
	// closes and reopens connections (a PostgreSQL process each); a maximum lifetime so connections are
	// renewed now and then (a restarted or failed-over server, memory held by a long-lived backend).
	if databaseURL == "" {
		// One writer at a time is SQLite's rule; immediate transactions queue behind busy_timeout.
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
	} else {
		n := postgresPoolSize()
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		sqlDB.SetConnMaxIdleTime(10 * time.Minute)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("reach database: %w", err)
	}
	models.EnableRevisions(db.WithContext(ctx)) // a migrated database; else Migrate turns it on
	return db, nil
}

// postgresPoolSize is the number of PostgreSQL connections: four per CPU this process may use, at least
// 8 and at most 32. A page spends most of its time waiting on the database, so a few connections per
// core keep both busy; more would only queue inside PostgreSQL.
func postgresPoolSize() int {
	return min(max(4*runtime.GOMAXPROCS(0), 8), 32)
}

// SQLiteDSN is the connection string that makes concurrent writes safe on the embedded database.
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

// postgresDSN makes the session time zone UTC whatever the server's default.
func postgresDSN(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	if q.Get("TimeZone") == "" && q.Get("timezone") == "" {
		q.Set("TimeZone", "UTC")
	}
	u.RawQuery = q.Encode()
	return u.String()
}
