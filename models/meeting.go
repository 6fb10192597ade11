package models

import "time"

// Meeting is a one-to-one meeting between a registered firm and a contact. A request has no time yet.
// Notes are shown to the firm; StaffNotes never are.
type Meeting struct {
	ID             uint       `json:"id" gorm:"primaryKey"`
	MissionID      uint       `json:"mission_id"`
	RegistrationID uint       `json:"registration_id"`
	ContactID      uint       `json:"contact_id"`
	StartsAt       *time.Time `json:"starts_at"`
	EndsAt         *time.Time `json:"ends_at"`
	Minutes        int        `json:"minutes"`
	LocationID     *uint      `json:"location_id"`
	Status         string     `json:"status"`
	Priority       int        `json:"priority"`
	Locked         bool       `json:"locked"`
	Notes          string     `json:"notes"`
	StaffNotes     string     `json:"staff_notes"`
	Sequence       int        `json:"sequence"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	DelegateIDs    []uint     `json:"delegate_ids" gorm:"-"`
}

// MeetingDelegate records that a delegate attends a meeting.
type MeetingDelegate struct {
	MeetingID  uint `gorm:"primaryKey"`
	DelegateID uint `gorm:"primaryKey"`
}

// ProgrammeItem is a group event: a briefing, reception, site visit, networking or travel.
type ProgrammeItem struct {
	ID               uint      `json:"id" gorm:"primaryKey"`
	MissionID        uint      `json:"mission_id"`
	Title            string    `json:"title" validate:"required,max=200" label:"title"`
	Kind             string    `json:"kind" validate:"oneof=briefing reception site_visit networking travel" label:"kind of event"`
	StartsAt         time.Time `json:"starts_at"`
	EndsAt           time.Time `json:"ends_at"`
	LocationID       *uint     `json:"location_id"`
	Description      string    `json:"description" validate:"max=5000" label:"description"`
	AllRegistrations bool      `json:"all_registrations"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	RegistrationIDs  []uint    `json:"registration_ids" gorm:"-"`
}

// ProgrammeAttendee records that a registration attends a programme item chosen for some firms only.
type ProgrammeAttendee struct {
	ProgrammeItemID uint `gorm:"primaryKey"`
	RegistrationID  uint `gorm:"primaryKey"`
}
