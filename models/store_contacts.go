package models

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ContactFilter narrows the contacts directory; empty fields do not filter.
type ContactFilter struct {
	Q                string // words in the name, organisation, job title or email
	Sector           string
	OrganisationType string
	City             string
	Archived         bool // list archived contacts instead of current ones
}

// Contacts lists contacts matching f, by name, a page at a time.
func (s *Store) Contacts(ctx context.Context, f ContactFilter, p Page) ([]Contact, int64, error) {
	p = p.Normalise()
	q := s.DB(ctx).Model(&Contact{})
	if f.Archived {
		q = q.Where("archived_at IS NOT NULL")
	} else {
		q = q.Where("archived_at IS NULL")
	}
	if f.Sector != "" {
		q = q.Where("sector = ?", f.Sector)
	}
	if f.OrganisationType != "" {
		q = q.Where("organisation_type = ?", f.OrganisationType)
	}
	if f.City != "" {
		q = q.Where("LOWER(city) = ?", strings.ToLower(strings.TrimSpace(f.City)))
	}
	for _, word := range strings.Fields(strings.ToLower(f.Q)) {
		like := "%" + likeEscape(word) + "%"
		q = q.Where("(LOWER(full_name) LIKE ? ESCAPE '\\' OR LOWER(organisation) LIKE ? ESCAPE '\\' OR LOWER(job_title) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\')", like, like, like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count contacts: %w", err)
	}
	var out []Contact
	err := q.Order("full_name, id").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, notFound(err, "list contacts")
}

// ActiveContacts lists every contact that is not archived, by name (for choosers and matchmaking).
func (s *Store) ActiveContacts(ctx context.Context) ([]Contact, error) {
	var out []Contact
	err := s.DB(ctx).Where("archived_at IS NULL").Order("full_name, id").Find(&out).Error
	return out, notFound(err, "list active contacts")
}

// ContactCities lists the distinct cities of current contacts, for the filter.
func (s *Store) ContactCities(ctx context.Context) ([]string, error) {
	var cities []string
	err := s.DB(ctx).Model(&Contact{}).Where("archived_at IS NULL AND city <> ''").Distinct("city").Order("city").Pluck("city", &cities).Error
	return cities, notFound(err, "list contact cities")
}

// Contact loads one contact, archived or not.
func (s *Store) Contact(ctx context.Context, id uint) (*Contact, error) {
	var c Contact
	err := s.DB(ctx).First(&c, id).Error
	return &c, notFound(err, "load contact")
}

// CreateContact validates and saves a new contact.
func (s *Store) CreateContact(ctx context.Context, actor *User, c *Contact) error {
	c.trim()
	if errs := c.Validate(); len(errs) > 0 {
		return errs
	}
	c.ID, c.ArchivedAt = 0, nil
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.DB(ctx).Create(c).Error; err != nil {
			return fmt.Errorf("store: create contact: %w", err)
		}
		return tx.Audit(ctx, actor, "create", "contact", c.ID, nil, nil, c)
	})
}

// UpdateContact validates and saves every field of an existing contact (archiving is separate).
func (s *Store) UpdateContact(ctx context.Context, actor *User, c *Contact) error {
	c.trim()
	if errs := c.Validate(); len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.Contact(ctx, c.ID)
		if err != nil {
			return err
		}
		c.CreatedAt, c.ArchivedAt = before.CreatedAt, before.ArchivedAt
		if err := tx.DB(ctx).Select("*").Omit("created_at").Save(c).Error; err != nil {
			return fmt.Errorf("store: update contact %d: %w", c.ID, err)
		}
		return tx.Audit(ctx, actor, "update", "contact", c.ID, nil, before, c)
	})
}

// ArchiveContact hides a contact from the directory and choosers; meetings already arranged stay.
// restore brings it back.
func (s *Store) ArchiveContact(ctx context.Context, actor *User, id uint, restore bool) (*Contact, error) {
	var out *Contact
	err := s.WithTx(ctx, func(tx *Store) error {
		c, err := tx.Contact(ctx, id)
		if err != nil {
			return err
		}
		var at *time.Time
		action := "restore"
		if !restore {
			now := time.Now().UTC()
			at, action = &now, "archive"
		}
		if err := tx.DB(ctx).Model(c).Update("archived_at", at).Error; err != nil {
			return fmt.Errorf("store: %s contact %d: %w", action, id, err)
		}
		c.ArchivedAt = at
		out = c
		return tx.Audit(ctx, actor, action, "contact", id, nil, nil, nil)
	})
	return out, err
}

// ContactAvailabilities lists a contact's availability windows for a mission, earliest first.
func (s *Store) ContactAvailabilities(ctx context.Context, missionID, contactID uint) ([]ContactAvailability, error) {
	var out []ContactAvailability
	err := s.DB(ctx).Where("mission_id = ? AND contact_id = ?", missionID, contactID).Order("starts_at").Find(&out).Error
	return out, notFound(err, "list contact availability")
}

// SetContactAvailability replaces a contact's availability for a mission with windows (none: the
// contact is available throughout the mission's working hours). Windows must lie within the
// mission's days and not be empty.
func (s *Store) SetContactAvailability(ctx context.Context, actor *User, m *Mission, contactID uint, windows []Interval) error {
	windows = MergeIntervals(windows)
	sort.Slice(windows, func(i, j int) bool { return windows[i].Start.Before(windows[j].Start) })
	return s.WithTx(ctx, func(tx *Store) error {
		if _, err := tx.Contact(ctx, contactID); err != nil {
			return err
		}
		_, unschedule, err := tx.guardTimetable(ctx, m.ID, func(b *MissionBook) {
			if len(windows) == 0 {
				delete(b.Availability, contactID)
			} else {
				b.Availability[contactID] = windows
			}
		})
		if err != nil {
			return err
		}
		before, err := tx.ContactAvailabilities(ctx, m.ID, contactID)
		if err != nil {
			return err
		}
		if err := tx.DB(ctx).Where("mission_id = ? AND contact_id = ?", m.ID, contactID).Delete(&ContactAvailability{}).Error; err != nil {
			return fmt.Errorf("store: clear availability of contact %d: %w", contactID, err)
		}
		rows := make([]ContactAvailability, len(windows))
		for i, w := range windows {
			rows[i] = ContactAvailability{MissionID: m.ID, ContactID: contactID, StartsAt: w.Start.UTC(), EndsAt: w.End.UTC()}
		}
		if len(rows) > 0 {
			if err := tx.DB(ctx).Create(&rows).Error; err != nil {
				return fmt.Errorf("store: save availability of contact %d: %w", contactID, err)
			}
		}
		if err := tx.Audit(ctx, actor, "set_availability", "contact", contactID, &m.ID, before, rows); err != nil {
			return err
		}
		return tx.UnscheduleMeetings(ctx, actor, m.ID, unschedule, false, "the contact's availability was narrowed")
	})
}
