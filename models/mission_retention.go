package models

import "time"

// Retention defaults: a mission's delegates' personal details (phone, flights and the notes about them)
// are removed 12 months after the mission ends; their dietary and access needs, which can reveal health,
// 30 days after. Staff are warned RetentionWarningDays before each removal.
const (
	DefaultPersonalDataRetentionMonths = 12
	DefaultNeedsRetentionDays          = 30
	RetentionWarningDays               = 30
)

// Kinds of personal data the retention job removes, as recorded in the audit log.
const (
	RetentionPersonalData = "personal_data"
	RetentionNeeds        = "needs"
)

// PersonalDataRemovalDate is the day the delegates' phone numbers, flights and the notes about them are
// removed: the end date plus the retention months.
func (m *Mission) PersonalDataRemovalDate() Date {
	return Date{m.EndDate.AddDate(0, m.PersonalDataRetentionMonths, 0)}
}

// NeedsRemovalDate is the day the delegates' dietary and access needs are removed.
func (m *Mission) NeedsRemovalDate() Date { return m.EndDate.AddDays(m.NeedsRetentionDays) }

// RetentionDue reports whether the removal dated on is due at now: the day has begun in the home zone,
// where the agency works.
func (m *Mission) RetentionDue(on Date, now time.Time) bool {
	return !DateIn(now, m.HomeZone()).Before(on.Time)
}

// RetentionNotice is one removal as staff see it on the mission page.
type RetentionNotice struct {
	Kind    string    // RetentionPersonalData or RetentionNeeds
	What    string    // what is removed, in words
	On      Date      // the day it is removed
	Removed bool      // the retention job has removed it
	Done    time.Time // when it did
	Soon    bool      // due within RetentionWarningDays (or due and not yet done)
	DaysTil int       // days from today to On (0 or less when due)
}

// RetentionNotices lists the mission's two removals, needs first, as of now.
func (m *Mission) RetentionNotices(now time.Time) []RetentionNotice {
	today := DateIn(now, m.HomeZone())
	notice := func(kind, what string, on Date, done *time.Time) RetentionNotice {
		days := int(on.Sub(today.Time).Hours() / 24)
		n := RetentionNotice{Kind: kind, What: what, On: on, DaysTil: days, Soon: done == nil && days <= RetentionWarningDays}
		if done != nil {
			n.Removed, n.Done = true, *done
		}
		return n
	}
	return []RetentionNotice{
		notice(RetentionNeeds, "Delegates' dietary and access needs, travel documents, emergency contacts and hotel bookings", m.NeedsRemovalDate(), m.NeedsRemovedAt),
		notice(RetentionPersonalData, "Delegates' phone numbers, flights and the notes about them", m.PersonalDataRemovalDate(), m.PersonalDataRemovedAt),
	}
}
