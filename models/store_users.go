package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Sign-in throttling: after MaxFailedLogins wrong passwords within FailedLoginWindow, the account refuses
// every attempt, even a right one, for LockoutPeriod.
const (
	MaxFailedLogins   = 10
	FailedLoginWindow = 5 * time.Minute
	LockoutPeriod     = 15 * time.Minute
)

var (
	// ErrBadCredentials is a wrong email or password; which of the two is never said.
	ErrBadCredentials = errors.New("wrong email address or password")
	// ErrLocked is an account refusing sign-in after too many failures.
	ErrLocked = errors.New("too many failed sign-in attempts")
)

// dummyHash evens out the time taken for unknown email addresses.
var dummyHash, _ = HashPassword("not a real password, only for timing")

// Authenticate checks an email and password, counting failures and locking the account past the limit.
// The slow hash runs before the transaction, so a sign-in never holds a write lock while it hashes; the
// count is then updated on the locked row, so guesses sent at once are all counted.
func (s *Store) Authenticate(ctx context.Context, email, password string, now time.Time) (*User, error) {
	email = NormaliseEmail(email)
	var u User
	err := s.DB(ctx).Where("email = ?", email).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		CheckPassword(dummyHash, password)
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, fmt.Errorf("store: find user: %w", err)
	}
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		return nil, ErrLocked
	}
	ok := !u.Disabled && u.PasswordHash != "" && CheckPassword(u.PasswordHash, password)
	err = s.WithTx(ctx, func(tx *Store) error {
		if err := tx.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&u, u.ID).Error; err != nil {
			return notFound(err, "lock user")
		}
		if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
			ok = false
			return ErrLocked
		}
		if ok {
			if u.FailedLogins == 0 && u.LockedUntil == nil {
				return nil
			}
			return tx.DB(ctx).Model(&u).UpdateColumns(map[string]any{"failed_logins": 0, "failed_since": nil, "locked_until": nil}).Error
		}
		if u.FailedSince == nil || now.Sub(*u.FailedSince) > FailedLoginWindow {
			u.FailedSince, u.FailedLogins = &now, 0
		}
		u.FailedLogins++
		updates := map[string]any{"failed_logins": u.FailedLogins, "failed_since": u.FailedSince}
		if u.FailedLogins >= MaxFailedLogins {
			updates["locked_until"] = now.Add(LockoutPeriod)
		}
		return tx.DB(ctx).Model(&u).UpdateColumns(updates).Error // committed, then refused below
	})
	switch {
	case err != nil && !errors.Is(err, ErrLocked):
		return nil, fmt.Errorf("store: record sign-in: %w", err)
	case err != nil:
		return nil, err
	case !ok:
		return nil, ErrBadCredentials
	}
	return &u, nil
}

// CreateUser adds an account with the given password (empty for delegates who are yet to accept an
// invitation). A duplicate email is a field error.
func (s *Store) CreateUser(ctx context.Context, actor *User, u *User, password string) error {
	u.Email = NormaliseEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	errs := Validate(u)
	if password != "" {
		for k, v := range ValidatePassword(password, password) {
			errs.Add(k, v)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if password != "" {
		h, err := HashPassword(password)
		if err != nil {
			return err
		}
		u.PasswordHash = h
	}
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.DB(ctx).Create(u).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return FieldErrors{"email": "There is already an account with this email address"}
			}
			return fmt.Errorf("store: create user: %w", err)
		}
		return tx.Audit(ctx, actor, "create", "user", u.ID, nil, nil, map[string]any{"email": u.Email, "name": u.Name, "role": u.Role})
	})
}

// DefaultAdminEmail is the first admin's address when ADMIN_EMAIL is not set.
const DefaultAdminEmail = "admin@localhost"

// CreateFirstAdmin creates the first admin account when there are no users at all, and reports whether
// it did. It is the one account whose address may be a bare host such as admin@localhost, which the
// email rule for everyone else refuses.
func (s *Store) CreateFirstAdmin(ctx context.Context, email, password string) (bool, error) {
	email = NormaliseEmail(email)
	if local, host, ok := strings.Cut(email, "@"); !ok || local == "" || host == "" {
		return false, FieldErrors{"email": "The first admin's email address must contain an @"}
	}
	if errs := ValidatePassword(password, password); len(errs) > 0 {
		return false, errs
	}
	hash, err := HashPassword(password)
	if err != nil {
		return false, err
	}
	created := false
	err = s.WithTx(ctx, func(tx *Store) error {
		n, err := tx.CountUsers(ctx)
		if err != nil || n > 0 {
			return err
		}
		u := User{Email: email, Name: "Administrator", Role: "admin", PasswordHash: hash}
		if err := tx.DB(ctx).Create(&u).Error; err != nil {
			return fmt.Errorf("store: create first admin: %w", err)
		}
		created = true
		return tx.Audit(ctx, nil, "create", "user", u.ID, nil, nil, map[string]any{"email": u.Email, "name": u.Name, "role": u.Role})
	})
	return created, err
}

// SetPassword replaces a user's password and clears any lockout.
func (s *Store) SetPassword(ctx context.Context, actor *User, id uint, password string) error {
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.WithTx(ctx, func(tx *Store) error {
		res := tx.DB(ctx).Model(&User{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"password_hash": h, "failed_logins": 0, "failed_since": nil, "locked_until": nil, "updated_at": time.Now().UTC(),
		})
		if res.Error != nil {
			return fmt.Errorf("store: set password: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return tx.Audit(ctx, actor, "set_password", "user", id, nil, nil, nil)
	})
}

// UserByID loads one user.
func (s *Store) UserByID(ctx context.Context, id uint) (*User, error) {
	var u User
	err := s.DB(ctx).First(&u, id).Error
	return &u, notFound(err, "load user")
}

// UserByEmail loads one user by email address.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.DB(ctx).Where("email = ?", NormaliseEmail(email)).First(&u).Error
	return &u, notFound(err, "load user by email")
}

// CountUsers counts every account, to know whether this is the first start.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB(ctx).Model(&User{}).Count(&n).Error
	return n, notFound(err, "count users")
}

// StaffUsers lists admins and staff by name.
func (s *Store) StaffUsers(ctx context.Context) ([]User, error) {
	var out []User
	err := s.DB(ctx).Where("role IN ?", []string{"admin", "staff"}).Order("name, id").Find(&out).Error
	return out, notFound(err, "list staff")
}

// CreateAPIToken makes a new token for a user and returns it; only its hash is kept.
func (s *Store) CreateAPIToken(ctx context.Context, userID uint, name string) (string, error) {
	token := "mp_" + RandomToken(32)
	t := APIToken{UserID: userID, Name: name, TokenHash: HashToken(token), CreatedAt: time.Now().UTC()}
	if err := s.DB(ctx).Create(&t).Error; err != nil {
		return "", fmt.Errorf("store: create API token: %w", err)
	}
	return token, nil
}

// UserByAPIToken finds the enabled user a token belongs to.
func (s *Store) UserByAPIToken(ctx context.Context, token string, now time.Time) (*User, error) {
	var t APIToken
	if err := s.DB(ctx).Where("token_hash = ?", HashToken(token)).First(&t).Error; err != nil {
		return nil, notFound(err, "find API token")
	}
	u, err := s.UserByID(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, ErrNotFound
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		// Conditional, so that requests arriving together with one token write it once.
		s.DB(ctx).Model(&APIToken{}).Where("id = ? AND (last_used_at IS NULL OR last_used_at < ?)", t.ID, now.Add(-time.Minute)).UpdateColumn("last_used_at", now)
	}
	return u, nil
}
