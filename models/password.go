package models

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane).
const (
	argonMemoryKiB = 19 * 1024
	argonPasses    = 2
	argonLanes     = 1
	argonKeyLen    = 32
)

// HashWait is how long a password hash waits for a free slot before giving up with ErrBusy.
const HashWait = 2 * time.Second

// ErrBusy is a password hash that found no free slot within HashWait: every slot was busy hashing
// someone else's password. It is answered 503 with Retry-After.
var ErrBusy = errors.New("too many passwords being checked at once")

// hashSlots bounds how many argon2id hashes run at once, one per core: each holds 19 MiB while it
// runs, so 200 sign-ins at once cost 2 × 19 MiB, not 200 × 19 MiB, and the rest wait their turn.
var hashSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// hashQueue bounds how many wait for a slot: a hash takes 30–100 ms, so more than 16 waiters per
// slot could not be served within HashWait anyway, and are answered at once instead.
var (
	hashWaiters    atomic.Int64
	maxHashWaiters = int64(16 * cap(hashSlots))
)

// HashQueueFull reports whether a new hash would be refused at once (sign-in checks it before doing
// any other work).
func HashQueueFull() bool { return hashWaiters.Load() >= maxHashWaiters }

type hashDeadlineKey struct{}

// WithHashDeadline makes hashes under ctx give up waiting for a slot at deadline (the request's
// arrival plus HashWait) rather than HashWait after they start waiting.
func WithHashDeadline(ctx context.Context, deadline time.Time) context.Context {
	return context.WithValue(ctx, hashDeadlineKey{}, deadline)
}

// withHashSlot runs fn once a slot is free, waiting at most HashWait or until the deadline carried
// by ctx (less if ctx ends first).
func withHashSlot(ctx context.Context, fn func()) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if hashWaiters.Add(1) > maxHashWaiters {
		hashWaiters.Add(-1)
		return ErrBusy
	}
	wait := HashWait
	if d, ok := ctx.Value(hashDeadlineKey{}).(time.Time); ok {
		wait = min(wait, time.Until(d))
	}
	timer := time.NewTimer(max(wait, 0))
	defer timer.Stop()
	select {
	case hashSlots <- struct{}{}:
		hashWaiters.Add(-1)
	case <-timer.C:
		hashWaiters.Add(-1)
		return ErrBusy
	case <-ctx.Done():
		hashWaiters.Add(-1)
		return ctx.Err()
	}
	defer func() { <-hashSlots }()
	fn()
	return nil
}

// HashPassword returns an encoded argon2id hash ($argon2id$v=19$m=…,t=…,p=…$salt$key).
func HashPassword(ctx context.Context, password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	var key []byte
	if err := withHashSlot(ctx, func() {
		key = argon2.IDKey([]byte(password), salt, argonPasses, argonMemoryKiB, argonLanes, argonKeyLen)
	}); err != nil {
		return "", err
	}
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonPasses, argonLanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an encoded argon2id hash, in constant time. The
// error is ErrBusy (or the context's) when no hashing slot came free in time.
func CheckPassword(ctx context.Context, encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, nil
	}
	var mem, passes uint32
	var lanes uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &passes, &lanes); err != nil {
		return false, nil
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 || len(key) > 64 || mem > 1<<20 || passes > 10 || lanes == 0 {
		return false, nil
	}
	var got []byte
	if err := withHashSlot(ctx, func() {
		got = argon2.IDKey([]byte(password), salt, passes, mem, lanes, uint32(len(key)))
	}); err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// Password rules.
const (
	MinPasswordLength   = 12
	MaxPasswordLength   = 200
	MinPasswordStrength = 3 // zxcvbn's score, 0–4: 3 means "safely unguessable", about 10^8 guesses or more
)

// ValidatePassword applies the password rules people are told about: 12 to 200 characters, not easy
// to guess (zxcvbn score 3 or more, with the account's email and name counted as known words), and
// not containing the local part of the email address. email and name may be empty.
func ValidatePassword(password, confirmation, email, name string) FieldErrors {
	errs := FieldErrors{}
	n := len([]rune(password))
	local, _, _ := strings.Cut(NormaliseEmail(email), "@")
	switch {
	case password == "":
		errs.Add("password", "Enter a password")
	case n < MinPasswordLength:
		errs.Add("password", "Password must be 12 characters or more")
	case n > MaxPasswordLength:
		errs.Add("password", "Password must be 200 characters or fewer")
	case len(local) >= 3 && strings.Contains(strings.ToLower(password), local):
		errs.Add("password", "Password must not contain your email address")
	default:
		var known []string
		for _, w := range append([]string{local, email}, strings.Fields(name)...) {
			if w != "" {
				known = append(known, w)
			}
		}
		// zxcvbn's cost grows with length; past 100 characters a password is long enough to be strong
		// unless its start alone is weak.
		sample := password
		if n > 100 {
			sample = string([]rune(password)[:100])
		}
		if zxcvbn.PasswordStrength(sample, known).Score < MinPasswordStrength {
			errs.Add("password", "Password is too easy to guess: use three or four unrelated words, or a longer mix of words, numbers and symbols")
		}
	}
	if confirmation != password {
		errs.Add("password_confirmation", "Enter the same password twice")
	}
	return errs
}

// GeneratePassword makes a random password (20 characters, 120 bits) that meets the rules for the
// account email: the local part could, once in a very long while, turn up in random text.
func GeneratePassword(email string) string {
	for {
		pw := RandomToken(15)
		if len(ValidatePassword(pw, pw, email, "")) == 0 {
			return pw
		}
	}
}

// RandomToken returns n random bytes, URL-safe base64 encoded.
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(errors.New("random source failed: " + err.Error()))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
