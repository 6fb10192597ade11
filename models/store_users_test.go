package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// Wrong guesses sent at the same moment are each counted, so sending them in parallel does not get
// round the limit.
func TestConcurrentFailedSignInsAllCount(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		u := models.User{Email: "sam@agency.example", Name: "Sam", Role: "staff"}
		if err := s.CreateUser(ctx, nil, &u, "correct horse battery staple"); err != nil {
			t.Fatal(err)
		}
		const guesses = models.MaxFailedLogins
		var wg sync.WaitGroup
		errs := make(chan error, guesses)
		for i := 0; i < guesses; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Authenticate(ctx, u.Email, "a wrong guess", now)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if !errors.Is(err, models.ErrBadCredentials) && !errors.Is(err, models.ErrLocked) {
				t.Fatalf("a guess answered %v", err)
			}
		}
		var got models.User
		db.First(&got, u.ID)
		if got.FailedLogins != guesses || got.LockedUntil == nil {
			t.Fatalf("after %d parallel guesses: %d counted, locked until %v", guesses, got.FailedLogins, got.LockedUntil)
		}
		if _, err := s.Authenticate(ctx, u.Email, "correct horse battery staple", now); !errors.Is(err, models.ErrLocked) {
			t.Fatalf("right password after the parallel guesses: %v, want locked", err)
		}
	})
}

func TestCreateFirstAdminOnlyOnce(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		if _, err := s.CreateFirstAdmin(ctx, models.DefaultAdminEmail, "short"); err == nil {
			t.Fatal("a short first-admin password was accepted")
		}
		created, err := s.CreateFirstAdmin(ctx, models.DefaultAdminEmail, "a long enough password")
		if err != nil || !created {
			t.Fatalf("first admin: %v %v", created, err)
		}
		if created, err := s.CreateFirstAdmin(ctx, "other@agency.example", "a long enough password"); err != nil || created {
			t.Fatalf("a second first admin: %v %v", created, err)
		}
		u, err := s.Authenticate(ctx, "admin@localhost", "a long enough password", now)
		if err != nil || !u.IsAdmin() {
			t.Fatalf("sign in as the first admin: %v", err)
		}
		trail, _ := s.AuditTrail(ctx, "user", u.ID)
		if len(trail) != 1 {
			t.Errorf("audit events for the first admin: %d, want 1", len(trail))
		}
	})
}
