package models

import "time"

// Delegate is a person a registered firm sends on the mission.
type Delegate struct {
	ID                  uint              `json:"id" gorm:"primaryKey"`
	RegistrationID      uint              `json:"registration_id"`
	MissionID           uint              `json:"mission_id"`
	FullName            string            `json:"full_name" validate:"required,max=200" label:"full name"`
	JobTitle            string            `json:"job_title" validate:"max=200" label:"job title"`
	Email               string            `json:"email" validate:"required,email,max=254" label:"email address"`
	Phone               string            `json:"phone" validate:"phone" label:"telephone number"`
	DietaryRequirements string            `json:"dietary_requirements" validate:"max=1000" label:"dietary requirements"`
	AccessNeeds         string            `json:"access_needs" validate:"max=1000" label:"access needs"`
	TravelDocuments     `gorm:"embedded"` // readiness: passport, ESTA, mobile abroad, emergency contact
	CreatedAt           time.Time         `json:"created_at"`
	UpdatedAt           time.Time         `json:"updated_at"`
	TravelSegments      []TravelSegment   `json:"travel_segments,omitempty"`
	HotelBooking        *HotelBooking     `json:"hotel_booking" gorm:"foreignKey:DelegateID"`
}

// TravelSegment is one flight or train of a delegate's journey. Times are stored in UTC and shown in
// the local time of each airport.
type TravelSegment struct {
	ID         uint      `json:"id" gorm:"primaryKey"`
	DelegateID uint      `json:"delegate_id"`
	Direction  string    `json:"direction" validate:"oneof=outbound return" label:"direction"`
	Carrier    string    `json:"carrier" validate:"max=100" label:"carrier"`
	Number     string    `json:"number" validate:"max=20" label:"flight or train number"`
	From       string    `json:"from" gorm:"column:from_airport" validate:"required,max=10" label:"departure airport"`
	To         string    `json:"to" gorm:"column:to_airport" validate:"required,max=10" label:"arrival airport"`
	DepartsAt  time.Time `json:"departs_at"`
	ArrivesAt  time.Time `json:"arrives_at"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}
