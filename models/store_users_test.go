package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

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
		const guesses = models.PairMaxFailures
		var wg sync.WaitGroup
		errs := make(chan error, guesses)
		for i := 0; i < guesses; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Authenticate(ctx, u.Email, "a wrong guess", attacker, now)
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
		if _, err := s.Authenticate(ctx, u.Email, "correct horse battery staple", attacker, now); !errors.Is(err, models.ErrLocked) {
			t.Fatalf("right password from the guessing address after the parallel guesses: %v, want locked", err)
		}
	})
}

const (
	attacker = "203.0.113.7"
	owner    = "198.51.100.20"
)

// signInAnswers is the sequence of answers an address gets for n tries at email with password.
func signInAnswers(s *models.Store, email, password, addr string, n int, at time.Time) []string {
	var out []string
	for i := 0; i < n; i++ {
		_, err := s.Authenticate(context.Background(), email, password, addr, at)
		switch {
		case err == nil:
			out = append(out, "ok")
		case errors.Is(err, models.ErrLocked):
			out = append(out, "locked")
		case errors.Is(err, models.ErrBadCredentials):
			out = append(out, "wrong")
		default:
			out = append(out, err.Error())
		}
	}
	return out
}

// The finding: only known accounts got 429, even with the right password, which told an outsider
// which accounts exist. Now an unknown email and a known one answer the same, in the same order, and
// the block falls on the guessing address, not on the account's owner.
func TestThrottleRevealsNoAccount(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		u := models.User{Email: "sam@agency.example", Name: "Sam", Role: "admin"}
		if err := s.CreateUser(ctx, nil, &u, "correct horse battery staple"); err != nil {
			t.Fatal(err)
		}
		n := models.PairMaxFailures + 2
		known := signInAnswers(s, "sam@agency.example", "a wrong guess", attacker, n, now)
		unknown := signInAnswers(s, "nobody@agency.example", "a wrong guess", attacker, n, now)
		if strings.Join(known, ",") != strings.Join(unknown, ",") {
			t.Fatalf("known account answered %v\nunknown answered %v", known, unknown)
		}
		if known[models.PairMaxFailures-1] != "wrong" || known[models.PairMaxFailures] != "locked" {
			t.Fatalf("answers %v: want %d wrong, then locked", known, models.PairMaxFailures)
		}
		// Even the right password is refused from the guessing address while it is blocked…
		if got := signInAnswers(s, u.Email, "correct horse battery staple", attacker, 1, now); got[0] != "locked" {
			t.Errorf("right password from the blocked address: %v", got)
		}
		// …but the owner, elsewhere, signs in.
		if got := signInAnswers(s, u.Email, "correct horse battery staple", owner, 1, now); got[0] != "ok" {
			t.Errorf("the owner from their own address: %v", got)
		}
		// The block ends after SignInBlock.
		later := now.Add(models.SignInBlock + time.Second)
		if got := signInAnswers(s, u.Email, "correct horse battery staple", attacker, 1, later); got[0] != "ok" {
			t.Errorf("right password after the block: %v", got)
		}
	})
}

// Guesses at one account from many addresses block the account, but not for an address it signed in
// from lately: an outsider cannot keep its owner out. One address guessing many accounts is blocked.
func TestThrottlePerAccountAndPerAddress(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		u := models.User{Email: "sam@agency.example", Name: "Sam", Role: "staff"}
		if err := s.CreateUser(ctx, nil, &u, "correct horse battery staple"); err != nil {
			t.Fatal(err)
		}
		if got := signInAnswers(s, u.Email, "correct horse battery staple", owner, 1, now); got[0] != "ok" {
			t.Fatalf("owner's first sign-in: %v", got)
		}
		for i := 0; i < models.AccountMaxFailures; i++ {
			signInAnswers(s, u.Email, "a wrong guess", fmt.Sprintf("203.0.113.%d", i), 1, now)
		}
		if got := signInAnswers(s, u.Email, "correct horse battery staple", "192.0.2.99", 1, now); got[0] != "locked" {
			t.Errorf("a new address after %d guesses from many: %v, want locked", models.AccountMaxFailures, got)
		}
		if got := signInAnswers(s, u.Email, "correct horse battery staple", owner, 1, now); got[0] != "ok" {
			t.Errorf("the owner's usual address while the account is under attack: %v, want ok", got)
		}
		if got := signInAnswers(s, "nobody@agency.example", "x", "192.0.2.99", 1, now); got[0] != "wrong" {
			t.Errorf("another account from the new address: %v, want wrong", got)
		}
		// An admin's reset lifts the account's block.
		if err := s.SetPassword(ctx, nil, u.ID, "a brand new river password"); err != nil {
			t.Fatal(err)
		}
		if got := signInAnswers(s, u.Email, "a brand new river password", "192.0.2.99", 1, now); got[0] != "ok" {
			t.Errorf("new address after the reset: %v, want ok", got)
		}
		// One address trying many accounts.
		for i := 0; i < models.AddressMaxFailures; i++ {
			signInAnswers(s, fmt.Sprintf("user%d@agency.example", i), "a wrong guess", attacker, 1, now)
		}
		if got := signInAnswers(s, u.Email, "a brand new river password", attacker, 1, now); got[0] != "locked" {
			t.Errorf("the spraying address: %v, want locked", got)
		}
		if err := s.PurgeSignInLimits(ctx, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
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
		u, err := s.Authenticate(ctx, "admin@localhost", "a long enough password", "192.0.2.1", now)
		if err != nil || !u.IsAdmin() {
			t.Fatalf("sign in as the first admin: %v", err)
		}
		trail, _ := s.AuditTrail(ctx, "user", u.ID)
		if len(trail) != 1 {
			t.Errorf("audit events for the first admin: %d, want 1", len(trail))
		}
	})
}
