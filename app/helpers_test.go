package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/models"
)

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func httptestRequest(method, path string) *http.Request {
	return httptest.NewRequest(method, path, nil)
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustConfig(t *testing.T) app.Config {
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines to write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// dataDirEnv is an empty data directory for the command line and the environment it runs in:
// DATA_DIR names the directory, extra adds more pairs ("USER", "jo"), anything else is unset.
func dataDirEnv(t *testing.T, extra ...string) (dir string, getenv func(string) string) {
	dir = t.TempDir()
	return dir, func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		for i := 0; i+1 < len(extra); i += 2 {
			if extra[i] == k {
				return extra[i+1]
			}
		}
		return ""
	}
}

// openMigrated runs `missionplanner migrate` in the data directory getenv names and opens its
// database as the application does.
func openMigrated(t *testing.T, ctx context.Context, dir string, getenv func(string) string) *gorm.DB {
	t.Helper()
	var stderr bytes.Buffer
	if err := app.Run(ctx, []string{"migrate"}, getenv, io.Discard, &stderr); err != nil {
		t.Fatalf("migrate: %v\n%s", err, stderr.String())
	}
	db, err := app.OpenDatabase("", dir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// loadDemo loads the demo mission into db.
func loadDemo(t *testing.T, ctx context.Context, db *gorm.DB) *models.Store {
	t.Helper()
	store := models.NewStore(db)
	if err := app.LoadDemo(ctx, store, discardLog()); err != nil {
		t.Fatal(err)
	}
	return store
}
