package models

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// User is someone who signs in: an admin, a member of staff, or a delegate of one registration.
type User struct {
	ID             uint       `json:"id" gorm:"primaryKey"`
	Email          string     `json:"email" validate:"required,email,max=254" label:"email address"`
	Name           string     `json:"name" validate:"required,max=200" label:"name"`
	Role           string     `json:"role" validate:"oneof=admin staff delegate" label:"role"`
	PasswordHash   string     `json:"-"`
	RegistrationID *uint      `json:"registration_id,omitempty"`
	DelegateID     *uint      `json:"delegate_id,omitempty"`
	FailedLogins   int        `json:"-"`
	FailedSince    *time.Time `json:"-"`
	LockedUntil    *time.Time `json:"-"`
	Disabled       bool       `json:"disabled"`
	// SessionGeneration moves on when the password changes, the account is disabled or its user signs
	// out everywhere; a session started in an older generation has ended.
	SessionGeneration int       `json:"-"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// IsStaff reports whether the user works for the agency (staff or admin).
func (u *User) IsStaff() bool { return u != nil && (u.Role == "staff" || u.Role == "admin") }

// IsAdmin reports whether the user manages accounts.
func (u *User) IsAdmin() bool { return u != nil && u.Role == "admin" }

// APIToken lets a program act as a user through the JSON API. Only the token's hash is stored.
type APIToken struct {
	ID         uint       `json:"id" gorm:"primaryKey"`
	UserID     uint       `json:"user_id"`
	Name       string     `json:"name"`
	TokenHash  string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// HashToken is how secrets handed out once (API tokens, invitation links) are stored: a SHA-256 of a
// 256-bit random value needs no salt or slow hash.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AuditEvent records who changed what, when, with the values before and after.
type AuditEvent struct {
	ID        uint      `json:"id" gorm:"primaryKey"`
	UserID    *uint     `json:"user_id"`
	Actor     string    `json:"actor"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"`
	EntityID  uint      `json:"entity_id"`
	MissionID *uint     `json:"mission_id"`
	Before    string    `json:"before"`
	After     string    `json:"after"`
	CreatedAt time.Time `json:"created_at"`
}

// Invitation is a one-time link that lets a delegate set a password. Only its hash is stored.
type Invitation struct {
	ID         uint       `json:"id" gorm:"primaryKey"`
	DelegateID uint       `json:"delegate_id"`
	TokenHash  string     `json:"-"`
	ExpiresAt  time.Time  `json:"expires_at"`
	UsedAt     *time.Time `json:"used_at"`
	CreatedBy  *uint      `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
}

// CalendarFeed is a secret subscription address for a registration's (or one delegate's) calendar.
type CalendarFeed struct {
	ID             uint       `json:"id" gorm:"primaryKey"`
	RegistrationID uint       `json:"registration_id"`
	DelegateID     *uint      `json:"delegate_id"`
	Token          string     `json:"-"`
	RevokedAt      *time.Time `json:"revoked_at"`
	CreatedAt      time.Time  `json:"created_at"`
}
