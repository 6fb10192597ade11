package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 14 * 24 * time.Hour

var (
	// ErrInvitationUsed is an invitation link that has already set a password.
	ErrInvitationUsed = errors.New("this invitation link has already been used")
	// ErrInvitationExpired is an invitation link older than InvitationLifetime.
	ErrInvitationExpired = errors.New("this invitation link has expired")
)

// AccessDelegate loads a delegate for the access pages (invitations, feeds). A registrationID or
// missionID of 0 skips the check that the delegate belongs to it.
func (s *Store) AccessDelegate(ctx context.Context, missionID, registrationID, delegateID uint) (*Delegate, error) {
	var d Delegate
	q := s.DB(ctx).Where("id = ?", delegateID)
	if registrationID != 0 {
		q = q.Where("registration_id = ?", registrationID)
	}
	if missionID != 0 {
		q = q.Where("mission_id = ?", missionID)
	}
	err := q.First(&d).Error
	return &d, notFound(err, "load delegate")
}

// CreateInvitation makes a one-time sign-in link for a delegate and returns its token (only the hash is
// kept) and the stored invitation. Earlier unused links for the same delegate stop working.
func (s *Store) CreateInvitation(ctx context.Context, actor *User, d *Delegate, now time.Time) (string, *Invitation, error) {
	token := RandomToken(32)
	var inv Invitation
	err := s.WithTx(ctx, func(tx *Store) error {
		// A staff account's address cannot become a delegate's sign-in: accepting would fail, so the
		// invitation is refused now, on the delegate's email.
		var staff int64
		if err := tx.DB(ctx).Model(&User{}).Where("email = ? AND role IN ?", NormaliseEmail(d.Email), []string{"admin", "staff"}).Count(&staff).Error; err != nil {
			return fmt.Errorf("store: check invitation email: %w", err)
		}
		if staff > 0 {
			return FieldErrors{"email": "This email address belongs to a staff account, so it cannot be invited as a delegate: change the delegate's email address"}
		}
		if err := tx.DB(ctx).Where("delegate_id = ? AND used_at IS NULL", d.ID).Delete(&Invitation{}).Error; err != nil {
			return fmt.Errorf("store: withdraw old invitations: %w", err)
		}
		inv = Invitation{DelegateID: d.ID, TokenHash: HashToken(token), ExpiresAt: now.Add(InvitationLifetime).UTC(), CreatedAt: now.UTC()}
		if actor != nil {
			inv.CreatedBy = &actor.ID
		}
		if err := tx.DB(ctx).Create(&inv).Error; err != nil {
			return fmt.Errorf("store: create invitation: %w", err)
		}
		if err := tx.Audit(ctx, actor, "invite", "delegate", d.ID, &d.MissionID, nil, map[string]any{"email": d.Email, "expires_at": inv.ExpiresAt}); err != nil {
			return err
		}
		if tx.hook != nil {
			return tx.hook.InvitationCreated(ctx, tx, d, token, &inv)
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return token, &inv, nil
}

// InvitationByToken finds a usable invitation and its delegate: ErrNotFound for an unknown link,
// ErrInvitationUsed or ErrInvitationExpired for one that no longer works.
func (s *Store) InvitationByToken(ctx context.Context, token string, now time.Time) (*Invitation, *Delegate, error) {
	var inv Invitation
	if err := s.DB(ctx).Where("token_hash = ?", HashToken(token)).First(&inv).Error; err != nil {
		return nil, nil, notFound(err, "find invitation")
	}
	switch {
	case inv.UsedAt != nil:
		return nil, nil, ErrInvitationUsed
	case !now.Before(inv.ExpiresAt):
		return nil, nil, ErrInvitationExpired
	}
	d, err := s.AccessDelegate(ctx, 0, 0, inv.DelegateID)
	if err != nil {
		return nil, nil, err
	}
	return &inv, d, nil
}

// AcceptInvitation sets the delegate's password from an invitation link, creating (or updating) their
// delegate account, and uses the link up. Password problems are FieldErrors; a link used at the same
// moment by someone else is ErrInvitationUsed.
func (s *Store) AcceptInvitation(ctx context.Context, token, password, confirmation string, now time.Time) (*User, error) {
	_, invited, err := s.InvitationByToken(ctx, token, now)
	if err != nil {
		return nil, err
	}
	if errs := ValidatePassword(password, confirmation, invited.Email, invited.FullName); len(errs) > 0 {
		return nil, errs
	}
	hash, err := HashPassword(ctx, password) // slow: outside the transaction
	if err != nil {
		return nil, err
	}
	var user User
	err = s.WithTx(ctx, func(tx *Store) error {
		inv, d, err := tx.InvitationByToken(ctx, token, now)
		if err != nil {
			return err
		}
		res := tx.DB(ctx).Model(&Invitation{}).Where("id = ? AND used_at IS NULL", inv.ID).UpdateColumn("used_at", now.UTC())
		if res.Error != nil {
			return fmt.Errorf("store: use invitation: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return ErrInvitationUsed
		}
		err = tx.DB(ctx).Where("delegate_id = ?", d.ID).First(&user).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			err = tx.DB(ctx).Where("email = ?", NormaliseEmail(d.Email)).First(&user).Error
		}
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			user = User{Email: NormaliseEmail(d.Email), Name: d.FullName, Role: "delegate"}
		case err != nil:
			return fmt.Errorf("store: find delegate account: %w", err)
		case user.IsStaff():
			return FieldErrors{"password": "This email address belongs to a staff account: ask an admin to change the delegate's email address"}
		}
		user.Role, user.Name, user.PasswordHash = "delegate", d.FullName, hash
		user.RegistrationID, user.DelegateID = &d.RegistrationID, &d.ID
		// A new password ends the account's other sessions; a disabled account stays disabled.
		user.FailedLogins, user.FailedSince, user.LockedUntil = 0, nil, nil
		user.SessionGeneration++
		if err := tx.DB(ctx).Save(&user).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return FieldErrors{"password": "Another account already uses this delegate's email address"}
			}
			return fmt.Errorf("store: save delegate account: %w", err)
		}
		return tx.Audit(ctx, &user, "accept_invitation", "delegate", d.ID, &d.MissionID, nil, map[string]any{"user_id": user.ID})
	})
	if err != nil {
		return nil, err
	}
	return &user, nil
}

// CalendarFeeds lists a registration's feeds that still work, newest first.
func (s *Store) CalendarFeeds(ctx context.Context, registrationID uint) ([]CalendarFeed, error) {
	var out []CalendarFeed
	err := s.DB(ctx).Where("registration_id = ? AND revoked_at IS NULL", registrationID).Order("created_at DESC, id DESC").Find(&out).Error
	return out, notFound(err, "list calendar feeds")
}

// CreateCalendarFeed makes a secret subscription address for a registration, or for one of its
// delegates when delegateID is not nil, and returns it. The token is kept as it is (not hashed) so
// the address can be shown again to staff and to the delegate; revoking it is the way to withdraw it.
func (s *Store) CreateCalendarFeed(ctx context.Context, actor *User, registrationID uint, delegateID *uint, now time.Time) (*CalendarFeed, error) {
	feed := CalendarFeed{RegistrationID: registrationID, DelegateID: delegateID, Token: RandomToken(32), CreatedAt: now.UTC()}
	err := s.WithTx(ctx, func(tx *Store) error {
		var reg Registration
		if err := tx.DB(ctx).Select("id", "mission_id").First(&reg, registrationID).Error; err != nil {
			return notFound(err, "load registration for feed")
		}
		if delegateID != nil {
			if _, err := tx.AccessDelegate(ctx, 0, registrationID, *delegateID); err != nil {
				return err
			}
		}
		if err := tx.DB(ctx).Create(&feed).Error; err != nil {
			return fmt.Errorf("store: create calendar feed: %w", err)
		}
		return tx.Audit(ctx, actor, "create", "calendar_feed", feed.ID, &reg.MissionID, nil, map[string]any{"registration_id": registrationID, "delegate_id": delegateID})
	})
	if err != nil {
		return nil, err
	}
	return &feed, nil
}

// RevokeCalendarFeed stops a feed of the registration from working. Revoking twice is harmless.
func (s *Store) RevokeCalendarFeed(ctx context.Context, actor *User, registrationID, feedID uint, now time.Time) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var feed CalendarFeed
		if err := tx.DB(ctx).Where("id = ? AND registration_id = ?", feedID, registrationID).First(&feed).Error; err != nil {
			return notFound(err, "load calendar feed")
		}
		if feed.RevokedAt != nil {
			return nil
		}
		if err := tx.DB(ctx).Model(&feed).UpdateColumn("revoked_at", now.UTC()).Error; err != nil {
			return fmt.Errorf("store: revoke calendar feed: %w", err)
		}
		return tx.Audit(ctx, actor, "revoke", "calendar_feed", feed.ID, nil, nil, nil)
	})
}

// CalendarFeedByToken finds a feed that still works.
func (s *Store) CalendarFeedByToken(ctx context.Context, token string) (*CalendarFeed, error) {
	var feed CalendarFeed
	if len(token) < 20 {
		return nil, ErrNotFound
	}
	err := s.DB(ctx).Where("token = ? AND revoked_at IS NULL", token).First(&feed).Error
	if err != nil {
		return nil, notFound(err, "find calendar feed")
	}
	return &feed, nil
}

// RegistrationOffMission reports whether a registration's firm is no longer on its mission (withdrawn
// or rejected): its delegates then see nothing of the mission, and its feeds are gone.
func (s *Store) RegistrationOffMission(ctx context.Context, registrationID uint) (bool, error) {
	var status string
	err := s.DB(ctx).Model(&Registration{}).Where("id = ?", registrationID).Pluck("status", &status).Error
	if err != nil {
		return false, fmt.Errorf("store: registration status: %w", err)
	}
	return status == StatusWithdrawn || status == StatusRejected, nil
}

// DelegateCalendarFeed is the delegate's own working feed, or ErrNotFound when they have none.
func (s *Store) DelegateCalendarFeed(ctx context.Context, registrationID, delegateID uint) (*CalendarFeed, error) {
	var feed CalendarFeed
	err := s.DB(ctx).Where("registration_id = ? AND delegate_id = ? AND revoked_at IS NULL", registrationID, delegateID).
		Order("created_at DESC, id DESC").First(&feed).Error
	if err != nil {
		return nil, notFound(err, "find delegate calendar feed")
	}
	return &feed, nil
}

// AccessRegistration loads a registration of the mission with its firm (missionID 0 skips the check).
func (s *Store) AccessRegistration(ctx context.Context, missionID, registrationID uint) (*Registration, error) {
	var reg Registration
	q := s.DB(ctx).Joins("Firm").Where("registrations.id = ?", registrationID)
	if missionID != 0 {
		q = q.Where("registrations.mission_id = ?", missionID)
	}
	err := q.First(&reg).Error
	return &reg, notFound(err, "load registration")
}
