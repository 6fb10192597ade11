package models

import (
	"strings"
	"time"
)

// Contact is someone at the destination (buyer, distributor, investor…), kept across missions.
// Notes are for staff only.
type Contact struct {
	ID               uint       `json:"id" gorm:"primaryKey"`
	FullName         string     `json:"full_name" validate:"required,max=200" label:"full name"`
	Organisation     string     `json:"organisation" validate:"required,max=200" label:"organisation"`
	JobTitle         string     `json:"job_title" validate:"max=200" label:"job title"`
	OrganisationType string     `json:"organisation_type" validate:"org_type" label:"organisation type"`
	Sector           string     `json:"sector" validate:"sector" label:"sector"`
	Email            string     `json:"email" validate:"omitempty,email,max=254" label:"email address"`
	Phone            string     `json:"phone" validate:"phone" label:"telephone number"`
	Address          string     `json:"address" validate:"max=500" label:"address"`
	City             string     `json:"city" validate:"max=100" label:"city"`
	State            string     `json:"state" validate:"max=50" label:"state"`
	Notes            string     `json:"notes" validate:"max=5000" label:"notes"`
	ArchivedAt       *time.Time `json:"archived_at"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
}

// Validate checks every field of a contact.
func (c *Contact) Validate() FieldErrors { return Validate(c) }

func (c *Contact) trim() {
	for _, p := range []*string{&c.FullName, &c.Organisation, &c.JobTitle, &c.OrganisationType, &c.Sector, &c.Phone, &c.Address, &c.City, &c.State, &c.Notes} {
		*p = strings.TrimSpace(*p)
	}
	c.Email = NormaliseEmail(c.Email)
	c.State = strings.ToUpper(c.State)
}

// ContactAvailability is a window when a contact can meet during one mission. A contact with none
// recorded for a mission is available throughout its days and working hours.
type ContactAvailability struct {
	ID        uint      `json:"id" gorm:"primaryKey"`
	MissionID uint      `json:"mission_id"`
	ContactID uint      `json:"contact_id"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
}

// Location is a named place of a mission: a contact's office, the hotel, the consulate, a venue.
type Location struct {
	ID        uint      `json:"id" gorm:"primaryKey"`
	MissionID uint      `json:"mission_id"`
	Name      string    `json:"name" validate:"required,max=200" label:"name"`
	Address   string    `json:"address" validate:"max=500" label:"address"`
	City      string    `json:"city" validate:"required,max=100" label:"city"`
	ContactID *uint     `json:"contact_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a location's fields.
func (l *Location) Validate() FieldErrors { return Validate(l) }

func (l *Location) trim() {
	l.Name, l.Address, l.City = strings.TrimSpace(l.Name), strings.TrimSpace(l.Address), strings.TrimSpace(l.City)
	if l.ContactID != nil && *l.ContactID == 0 {
		l.ContactID = nil
	}
}

// MissionTravelTime is the travel time between two cities for one mission (e.g. Chicago–Rockford 90).
type MissionTravelTime struct {
	ID        uint   `json:"id" gorm:"primaryKey"`
	MissionID uint   `json:"mission_id"`
	CityA     string `json:"city_a"`
	CityB     string `json:"city_b"`
	Minutes   int    `json:"minutes"`
}
