package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Sign-in throttling (docs/decisions.md, "Sign-in throttling"). Failures are counted per client
// address, per account and address together, and per account across every address. Accounts are
// counted by the email typed, whether or not an account has it, so unknown and known addresses get the
// same answers in the same order. The per-account count does not stop an address the account signed
// in from lately, so an outsider cannot keep a real user out.
const (
	PairMaxFailures    = 10               // one address guessing one account
	AddressMaxFailures = 50               // one address guessing any accounts
	AccountMaxFailures = 50               // every address guessing one account
	SignInWindow       = 15 * time.Minute // failures older than this are forgotten
	SignInBlock        = 15 * time.Minute // how long a limit, once reached, refuses sign-ins
	KnownAddressPeriod = 30 * 24 * time.Hour
)

// ErrLocked is a sign-in refused by the throttle, before the password is checked.
var ErrLocked = errors.New("too many failed sign-in attempts")

// ThrottledError is a sign-in refused by the throttle; RetryAfter says when to try again. It is ErrLocked.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string        { return ErrLocked.Error() }
func (e *ThrottledError) Is(target error) bool { return target == ErrLocked }

// signInLimit is a row of sign_in_limits. Key and Account are hashes: the emails typed by strangers
// and their addresses are not kept in clear.
type signInLimit struct {
	Key          string `gorm:"primaryKey"`
	Kind         string
	Account      string
	Failures     int
	WindowStart  time.Time
	BlockedUntil *time.Time
	UpdatedAt    time.Time
}

func (signInLimit) TableName() string { return "sign_in_limits" }

type signInKeys struct{ account, address, pair, total, known string }

func limitHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func keysFor(email, addr string) signInKeys {
	acct := limitHash("account", email)
	return signInKeys{
		account: acct,
		address: limitHash("address", addr),
		pair:    limitHash("pair", email, addr),
		total:   limitHash("account-total", email),
		known:   limitHash("known", email, addr),
	}
}

// signInRefusal reports whether a sign-in for these keys is refused now, and for how long.
func (s *Store) signInRefusal(ctx context.Context, k signInKeys, now time.Time) (time.Duration, error) {
	var rows []signInLimit
	if err := s.DB(ctx).Where("key IN ?", []string{k.address, k.pair, k.total, k.known}).Find(&rows).Error; err != nil {
		return 0, fmt.Errorf("store: read sign-in limits: %w", err)
	}
	known := false
	for _, r := range rows {
		if r.Key == k.known && now.Sub(r.WindowStart) < KnownAddressPeriod {
			known = true
		}
	}
	var wait time.Duration
	for _, r := range rows {
		if r.BlockedUntil == nil || !now.Before(*r.BlockedUntil) || r.Key == k.known || (r.Key == k.total && known) {
			continue
		}
		wait = max(wait, r.BlockedUntil.Sub(now))
	}
	return wait, nil
}

// recordSignInFailure counts a failure against the address, the pair and the account, and starts a
// block on any count that reaches its limit. Each count is one atomic upsert, so failures sent at the
// same moment are all counted.
func (s *Store) recordSignInFailure(ctx context.Context, k signInKeys, now time.Time) error {
	now = now.UTC()
	windowStart := now.Add(-SignInWindow)
	return s.WithTx(ctx, func(tx *Store) error {
		for _, l := range []struct {
			key, kind string
			max       int
		}{{k.address, "address", AddressMaxFailures}, {k.pair, "pair", PairMaxFailures}, {k.total, "account", AccountMaxFailures}} {
			err := tx.DB(ctx).Exec(`INSERT INTO sign_in_limits (key, kind, account, failures, window_start, updated_at) VALUES (?, ?, ?, 1, ?, ?)
ON CONFLICT (key) DO UPDATE SET
	failures = CASE WHEN sign_in_limits.window_start < ? THEN 1 ELSE sign_in_limits.failures + 1 END,
	window_start = CASE WHEN sign_in_limits.window_start < ? THEN excluded.window_start ELSE sign_in_limits.window_start END,
	updated_at = excluded.updated_at`, l.key, l.kind, accountOf(l.kind, k), now, now, windowStart, windowStart).Error
			if err != nil {
				return fmt.Errorf("store: count sign-in failure: %w", err)
			}
			err = tx.DB(ctx).Exec(`UPDATE sign_in_limits SET blocked_until = ? WHERE key = ? AND failures >= ? AND (blocked_until IS NULL OR blocked_until < ?)`,
				now.Add(SignInBlock), l.key, l.max, now).Error
			if err != nil {
				return fmt.Errorf("store: block sign-in: %w", err)
			}
		}
		return nil
	})
}

func accountOf(kind string, k signInKeys) string {
	if kind == "address" {
		return ""
	}
	return k.account
}

// recordSignInSuccess forgets the pair's failures and remembers the address as one the account signs
// in from, which the per-account limit then lets through.
func (s *Store) recordSignInSuccess(ctx context.Context, k signInKeys, now time.Time) error {
	now = now.UTC()
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.DB(ctx).Where("key = ?", k.pair).Delete(&signInLimit{}).Error; err != nil {
			return fmt.Errorf("store: clear sign-in failures: %w", err)
		}
		err := tx.DB(ctx).Exec(`INSERT INTO sign_in_limits (key, kind, account, failures, window_start, updated_at) VALUES (?, 'known', ?, 0, ?, ?)
ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, updated_at = excluded.updated_at`, k.known, k.account, now, now).Error
		if err != nil {
			return fmt.Errorf("store: remember sign-in address: %w", err)
		}
		return nil
	})
}

// clearSignInLimits lifts every per-account block and count of an email address (an admin's
// password reset does this).
func (s *Store) clearSignInLimits(ctx context.Context, email string) error {
	err := s.DB(ctx).Where("account = ? AND kind IN ?", limitHash("account", NormaliseEmail(email)), []string{"pair", "account"}).Delete(&signInLimit{}).Error
	if err != nil {
		return fmt.Errorf("store: clear sign-in limits: %w", err)
	}
	return nil
}

// PurgeSignInLimits forgets counts and blocks that no longer matter.
func (s *Store) PurgeSignInLimits(ctx context.Context, now time.Time) error {
	now = now.UTC()
	err := s.DB(ctx).Where("(kind <> 'known' AND updated_at < ? AND (blocked_until IS NULL OR blocked_until < ?)) OR (kind = 'known' AND updated_at < ?)",
		now.Add(-SignInWindow-SignInBlock), now, now.Add(-KnownAddressPeriod)).Delete(&signInLimit{}).Error
	if err != nil {
		return fmt.Errorf("store: purge sign-in limits: %w", err)
	}
	return nil
}
