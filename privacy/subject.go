package privacy

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/models"
)

// Subject is a person as the application holds them, found by email address: the ids of every record
// that is theirs, and the names those records give them.
type Subject struct {
	Email       string   // lower case
	Names       []string // full names on their records, as typed
	UserIDs     []uint
	DelegateIDs []uint
	ContactIDs  []uint
	FirmIDs     []uint // firms whose contact fields are theirs
	SegmentIDs  []uint // their delegates' flights and trains
	MeetingIDs  []uint // meetings they attend (as a delegate) or are met at (as a contact)
	FeedIDs     []uint // calendar feeds of their delegates
	SessionKeys []string
}

// Found reports whether any record holds the address.
func (s *Subject) Found() bool {
	return len(s.UserIDs)+len(s.DelegateIDs)+len(s.ContactIDs)+len(s.FirmIDs) > 0
}

// NormaliseEmail is how an address typed by an admin is compared with the stored ones.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

type idName struct {
	ID   uint
	Name string
}

// findSubject gathers everything that is email's, through db (a transaction when erasing).
func findSubject(ctx context.Context, db *gorm.DB, email string) (*Subject, error) {
	db = db.WithContext(ctx)
	s := &Subject{Email: NormaliseEmail(email)}
	if s.Email == "" {
		return s, nil
	}
	addNames := func(rows []idName) []uint {
		var ids []uint
		for _, r := range rows {
			ids = append(ids, r.ID)
			if n := strings.TrimSpace(r.Name); n != "" && !slices.Contains(s.Names, n) {
				s.Names = append(s.Names, n)
			}
		}
		return ids
	}
	var users, delegates, contacts, firms []idName
	steps := []struct {
		what string
		q    *gorm.DB
		dst  *[]idName
	}{
		{"users", db.Table("users").Select("id, name").Where("LOWER(email) = ?", s.Email).Order("id"), &users},
		{"delegates", db.Table("delegates").Select("id, full_name AS name").Where("LOWER(email) = ?", s.Email).Order("id"), &delegates},
		{"contacts", db.Table("contacts").Select("id, full_name AS name").Where("LOWER(email) = ?", s.Email).Order("id"), &contacts},
		{"firms", db.Table("firms").Select("id, contact_name AS name").Where("LOWER(contact_email) = ?", s.Email).Order("id"), &firms},
	}
	for _, st := range steps {
		if err := st.q.Scan(st.dst).Error; err != nil {
			return nil, fmt.Errorf("privacy: find %s of the person: %w", st.what, err)
		}
	}
	s.UserIDs = addNames(users)
	s.DelegateIDs = addNames(delegates)
	s.ContactIDs = addNames(contacts)
	s.FirmIDs = addNames(firms)
	// A delegate's account may carry the delegate's id even if one of the two addresses was changed.
	if len(s.UserIDs) > 0 {
		var linked []idName
		if err := db.Table("delegates").Select("id, full_name AS name").Where("id IN (?)", db.Table("users").Select("delegate_id").Where("id IN ? AND delegate_id IS NOT NULL", s.UserIDs)).Scan(&linked).Error; err != nil {
			return nil, fmt.Errorf("privacy: find the delegates of the person's account: %w", err)
		}
		for _, id := range addNames(linked) {
			if !slices.Contains(s.DelegateIDs, id) {
				s.DelegateIDs = append(s.DelegateIDs, id)
			}
		}
	}
	if len(s.DelegateIDs) > 0 {
		if err := db.Table("travel_segments").Where("delegate_id IN ?", s.DelegateIDs).Order("id").Pluck("id", &s.SegmentIDs).Error; err != nil {
			return nil, fmt.Errorf("privacy: find the person's travel: %w", err)
		}
		if err := db.Table("calendar_feeds").Where("delegate_id IN ?", s.DelegateIDs).Order("id").Pluck("id", &s.FeedIDs).Error; err != nil {
			return nil, fmt.Errorf("privacy: find the person's calendar feeds: %w", err)
		}
	}
	if len(s.DelegateIDs)+len(s.ContactIDs) > 0 {
		q := db.Table("meetings").Where("1 = 0")
		if len(s.DelegateIDs) > 0 {
			q = q.Or("id IN (?)", db.Table("meeting_delegates").Select("meeting_id").Where("delegate_id IN ?", s.DelegateIDs))
		}
		if len(s.ContactIDs) > 0 {
			q = q.Or("contact_id IN ?", s.ContactIDs)
		}
		if err := q.Order("id").Pluck("id", &s.MeetingIDs).Error; err != nil {
			return nil, fmt.Errorf("privacy: find the person's meetings: %w", err)
		}
	}
	keys, err := sessionsOf(db, s.UserIDs)
	if err != nil {
		return nil, err
	}
	s.SessionKeys = keys
	return s, nil
}

// sessionsOf lists the keys of the sessions signed in as one of users. A session that cannot be read
// is skipped: it is not theirs to the best of our knowledge, and a signed-in session of an erased
// account ends at its next request anyway, since the account is disabled.
func sessionsOf(db *gorm.DB, users []uint) ([]string, error) {
	if len(users) == 0 {
		return nil, nil
	}
	rows, err := db.Table("sessions").Select("key, data").Rows()
	if err != nil {
		return nil, fmt.Errorf("privacy: read sessions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var key string
		var data []byte
		if err := rows.Scan(&key, &data); err != nil {
			return nil, fmt.Errorf("privacy: read sessions: %w", err)
		}
		var d models.SessionData
		if json.Unmarshal(data, &d) != nil {
			continue
		}
		if slices.Contains(users, d.UserID) {
			out = append(out, key)
		}
	}
	return out, rows.Err()
}

// needles are what erasure looks for in free text: the address, and each full name of two or more
// words (a single word such as "Sam" or "Administrator" would also match text about someone else).
func (s *Subject) needles() []string {
	out := []string{s.Email}
	for _, n := range s.Names {
		if len(strings.Fields(n)) >= 2 && utf8.RuneCountInString(n) >= 4 {
			out = append(out, strings.ToLower(n))
		}
	}
	return out
}

// Erasure values: what a person's fields become.
const (
	Erased             = "[erased]"
	erasedUserName     = "Erased user"
	erasedContactName  = "Erased contact"
	erasedDomain       = "erased.invalid"
	erasedDelegateName = "A delegate of "
)

// ErasedEmail is the unique, undeliverable address an erased record of kind (user, delegate) keeps.
func ErasedEmail(kind string, id uint) string {
	return fmt.Sprintf("erased-%s-%d@%s", kind, id, erasedDomain)
}
