package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// ErrBadCredentials is a wrong email or password; which of the two is never said.
var ErrBadCredentials = errors.New("wrong email address or password")

// dummyHash evens out the time taken for unknown email addresses.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(context.Background(), "not a real password, only for timing")
	if err != nil {
		panic(err)
	}
	return h
})

// Authenticate checks an email and password typed at addr (the client's address). The throttle is
// consulted first, so a refused sign-in costs no hash; unknown emails are hashed against a dummy and
// counted like known ones. The hash waits for a slot (ErrBusy when none comes free) and runs outside
// any transaction.
func (s *Store) Authenticate(ctx context.Context, email, password, addr string, now time.Time) (*User, error) {
	if HashQueueFull() {
		return nil, ErrBusy // answered before any other work: the queue is already as long as can be served
	}
	email = NormaliseEmail(email)
	keys := keysFor(email, addr)
	wait, err := s.signInRefusal(ctx, keys, now)
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		return nil, &ThrottledError{RetryAfter: wait}
	}
	var u User
	found := false
	if TextProblem(email, false) == "" { // text PostgreSQL cannot hold matches no account
		err := s.DB(ctx).Where("email = ?", email).First(&u).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("store: find user: %w", err)
		}
		found = err == nil
	}
	hash := dummyHash()
	usable := found && !u.Disabled && u.PasswordHash != ""
	if usable {
		hash = u.PasswordHash
	}
	ok, err := CheckPassword(ctx, hash, password)
	if err != nil {
		return nil, err
	}
	if !ok || !usable {
		if err := s.recordSignInFailure(ctx, keys, now); err != nil {
			return nil, err
		}
		return nil, ErrBadCredentials
	}
	if err := s.recordSignInSuccess(ctx, keys, now); err != nil {
		return nil, err
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
		for k, v := range ValidatePassword(password, password, u.Email, u.Name) {
			errs.Add(k, v)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if password != "" {
		h, err := HashPassword(ctx, password)
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
	if errs := ValidatePassword(password, password, email, ""); len(errs) > 0 {
		return false, errs
	}
	hash, err := HashPassword(ctx, password)
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

// SetPassword replaces a user's password after checking it against the password rules, lifts the
// sign-in limits on the account, and ends every session the user has: the caller signs the user in
// again when they changed their own password from a session they keep.
func (s *Store) SetPassword(ctx context.Context, actor *User, id uint, password string) error {
	u, err := s.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if errs := ValidatePassword(password, password, u.Email, u.Name); len(errs) > 0 {
		return errs
	}
	h, err := HashPassword(ctx, password)
	if err != nil {
		return err
	}
	return s.WithTx(ctx, func(tx *Store) error {
		res := tx.DB(ctx).Model(&User{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"password_hash": h, "failed_logins": 0, "failed_since": nil, "locked_until": nil,
			"session_generation": gorm.Expr("session_generation + 1"), "updated_at": time.Now().UTC(),
		})
		if res.Error != nil {
			return fmt.Errorf("store: set password: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := tx.clearSignInLimits(ctx, u.Email); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "set_password", "user", id, nil, nil, nil)
	})
}

// ChangeOwnPassword lets a signed-in user replace their password: the current one must be right (a
// wrong one counts against the sign-in limits from addr, as a wrong sign-in does) and the new one must
// meet the rules. Every session of the user ends; the caller starts a new one for the user's own.
func (s *Store) ChangeOwnPassword(ctx context.Context, u *User, current, password, confirmation, addr string, now time.Time) error {
	errs := FieldErrors{}
	if current == "" {
		errs.Add("current_password", "Enter your current password")
	}
	for k, v := range ValidatePassword(password, confirmation, u.Email, u.Name) {
		errs.Add(k, v)
	}
	if len(errs) > 0 {
		return errs
	}
	keys := keysFor(NormaliseEmail(u.Email), addr)
	wait, err := s.signInRefusal(ctx, keys, now)
	if err != nil {
		return err
	}
	if wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	ok, err := CheckPassword(ctx, u.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		if err := s.recordSignInFailure(ctx, keys, now); err != nil {
			return err
		}
		return FieldErrors{"current_password": "Your current password is not right"}
	}
	return s.SetPassword(ctx, u, u.ID, password)
}

// EndSessions ends every session of a user at its next request (sign out everywhere).
func (s *Store) EndSessions(ctx context.Context, actor *User, id uint) error {
	return s.changeAccount(ctx, actor, id, "end_sessions", map[string]any{"session_generation": gorm.Expr("session_generation + 1")})
}

// SetDisabled disables an account (its sessions end and its API tokens stop working) or enables it
// again. An admin cannot disable their own account.
func (s *Store) SetDisabled(ctx context.Context, actor *User, id uint, disabled bool) error {
	if disabled && actor != nil && actor.ID == id {
		return Conflict("account", "You cannot disable your own account: ask another admin")
	}
	if disabled {
		return s.changeAccount(ctx, actor, id, "disable", map[string]any{"disabled": true, "session_generation": gorm.Expr("session_generation + 1")})
	}
	return s.changeAccount(ctx, actor, id, "enable", map[string]any{"disabled": false})
}

func (s *Store) changeAccount(ctx context.Context, actor *User, id uint, action string, changes map[string]any) error {
	changes["updated_at"] = time.Now().UTC()
	return s.WithTx(ctx, func(tx *Store) error {
		res := tx.DB(ctx).Model(&User{}).Where("id = ?", id).UpdateColumns(changes)
		if res.Error != nil {
			return fmt.Errorf("store: %s user %d: %w", action, id, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return tx.Audit(ctx, actor, action, "user", id, nil, nil, nil)
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
