package models

import "time"

// Firm is a company from the home region, kept across missions.
type Firm struct {
	ID                   uint      `json:"id" gorm:"primaryKey"`
	CompanyName          string    `json:"company_name" validate:"required,max=200" label:"company name"`
	CompaniesHouseNumber string    `json:"companies_house_number" validate:"ch_number" label:"Companies House number"`
	Website              string    `json:"website" validate:"max=300,web_url" label:"website"`
	Address              string    `json:"address" validate:"max=500" label:"address"`
	City                 string    `json:"city" validate:"max=100" label:"town or city"`
	Postcode             string    `json:"postcode" validate:"required,uk_postcode" label:"postcode"`
	Sector               string    `json:"sector" validate:"required,sector" label:"sector" msg:"required=Select the firm's sector"`
	Employees            string    `json:"employees" validate:"employees" label:"number of employees"`
	ExportExperience     string    `json:"export_experience" validate:"oneof=none some experienced" label:"export experience"`
	USPresence           bool      `json:"us_presence" gorm:"column:us_presence"`
	Description          string    `json:"description" validate:"max=5000" label:"description"`
	ContactName          string    `json:"contact_name" validate:"required,max=200" label:"contact name" msg:"required=Enter the name of the person to contact at the firm"`
	ContactEmail         string    `json:"contact_email" validate:"required,email,max=254" label:"contact email address" msg:"required=Enter the contact's email address"`
	ContactPhone         string    `json:"contact_phone" validate:"phone" label:"contact telephone number"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}
