package models

import "time"

// Registration is a firm's place on one mission (the "delegate firm").
type Registration struct {
	ID              uint       `json:"id" gorm:"primaryKey"`
	MissionID       uint       `json:"mission_id"`
	FirmID          uint       `json:"firm_id"`
	Firm            *Firm      `json:"firm,omitempty" gorm:"foreignKey:FirmID"`
	Status          string     `json:"status"`
	Objectives      string     `json:"objectives" validate:"max=5000" label:"objectives"`
	TargetSectors   StringList `json:"target_sectors" validate:"dive,sector" label:"target sector" msg:"sector=Select target sectors from the list"`
	WantsToMeet     StringList `json:"wants_to_meet" validate:"dive,org_type" label:"organisation type" msg:"org_type=Select organisation types from the list"`
	StatusChangedAt time.Time  `json:"status_changed_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	Delegates       []Delegate `json:"delegates,omitempty"`
}
