package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// DuplicateFirmError is a new firm that is already in the directory (same Companies House number, or
// same name and postcode), or a firm already registered for the mission.
type DuplicateFirmError struct {
	Existing     *Firm
	Registration *Registration // set when the firm is already registered for this mission
	Field        string        // the field that matched: companies_house_number, company_name or firm_id
	// ExistingRegistration is the other firm's registration for the mission, when an edit of a firm
	// would duplicate it (UpdateFirm): the page links to it.
	ExistingRegistration *Registration
}

func (e *DuplicateFirmError) Error() string { return "duplicate firm: " + e.Message() }

// Message says what matched, in words staff can act on.
func (e *DuplicateFirmError) Message() string {
	switch {
	case e.Registration != nil:
		return fmt.Sprintf("%s is already registered for this mission", e.Existing.CompanyName)
	case e.Field == "companies_house_number":
		return fmt.Sprintf("A firm with Companies House number %s is already in the directory: %s", e.Existing.CompaniesHouseNumber, e.Existing.CompanyName)
	}
	return fmt.Sprintf("%s at %s is already in the directory", e.Existing.CompanyName, e.Existing.Postcode)
}

// FieldErrors is the duplicate as a field error.
func (e *DuplicateFirmError) FieldErrors() FieldErrors { return FieldErrors{e.Field: e.Message()} }

// Firm loads one firm of the directory.
func (s *Store) Firm(ctx context.Context, id uint) (*Firm, error) {
	var f Firm
	err := s.DB(ctx).First(&f, id).Error
	return &f, notFound(err, "load firm")
}

// SearchFirms finds firms whose name contains q, or whose postcode or Companies House number is q
// (ignoring case and spaces), by name.
func (s *Store) SearchFirms(ctx context.Context, q string, limit int) ([]Firm, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	compact := strings.ToUpper(strings.Join(strings.Fields(q), ""))
	var out []Firm
	err := s.DB(ctx).
		Where("LOWER(company_name) LIKE ? ESCAPE '\\' OR REPLACE(postcode, ' ', '') LIKE ? ESCAPE '\\' OR companies_house_number = ?",
			"%"+likeEscape(strings.ToLower(q))+"%", likeEscape(compact)+"%", NormaliseCompaniesHouseNumber(q)).
		Order("company_name, id").Limit(limit).Find(&out).Error
	return out, notFound(err, "search firms")
}

// likeEscaper escapes LIKE's wildcards (and its escape character, a backslash).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likeEscape escapes LIKE's wildcards so that what people type is matched literally.
func likeEscape(s string) string { return likeEscaper.Replace(s) }

// DuplicateFirm finds a firm of the directory that f would duplicate: the same Companies House
// number, or the same name (ignoring case) and postcode. It returns nil when there is none.
func (s *Store) DuplicateFirm(ctx context.Context, f *Firm) (*DuplicateFirmError, error) {
	return s.duplicateFirm(ctx, f, 0)
}

// duplicateFirm is DuplicateFirm ignoring the firm with id except (the firm being edited).
func (s *Store) duplicateFirm(ctx context.Context, f *Firm, except uint) (*DuplicateFirmError, error) {
	var existing Firm
	others := func() *gorm.DB { return s.DB(ctx).Where("id <> ?", except) }
	if f.CompaniesHouseNumber != "" {
		err := others().Where("companies_house_number = ?", f.CompaniesHouseNumber).First(&existing).Error
		if err == nil {
			return &DuplicateFirmError{Existing: &existing, Field: "companies_house_number"}, nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("store: find firm by Companies House number: %w", err)
		}
	}
	err := others().Where("LOWER(company_name) = ? AND postcode = ?", strings.ToLower(f.CompanyName), f.Postcode).First(&existing).Error
	if err == nil {
		return &DuplicateFirmError{Existing: &existing, Field: "company_name"}, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("store: find firm by name and postcode: %w", err)
	}
	return nil, nil
}

// createFirm saves a new firm that has been validated and checked for duplicates.
func (s *Store) createFirm(ctx context.Context, actor *User, f *Firm, missionID *uint) error {
	f.ID = 0
	err := s.DB(ctx).Create(f).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return FieldErrors{"companies_house_number": "A firm with this Companies House number was added a moment ago: search for it instead"}
	}
	if err != nil {
		return fmt.Errorf("store: create firm: %w", err)
	}
	return s.Audit(ctx, actor, "create", "firm", f.ID, missionID, nil, f)
}

// UpdateFirm saves the directory details of firm f.ID, normalised and validated like a new firm's.
// A change that would duplicate another firm of the directory is a *DuplicateFirmError whose
// ExistingRegistration is that firm's registration for mission missionID, if any. The change is
// audited against the mission it was made from.
func (s *Store) UpdateFirm(ctx context.Context, actor *User, missionID uint, f *Firm) error {
	f.Normalise()
	if errs := f.Validate(); len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.Firm(ctx, f.ID)
		if err != nil {
			return err
		}
		dup, err := tx.duplicateFirm(ctx, f, f.ID)
		if err != nil {
			return err
		}
		if dup != nil {
			if dup.ExistingRegistration, err = tx.registrationOf(ctx, missionID, dup.Existing.ID); err != nil {
				return err
			}
			return dup
		}
		f.CreatedAt, f.UpdatedAt = before.CreatedAt, time.Now().UTC()
		err = tx.DB(ctx).Select("*").Omit("id", "created_at").Where("id = ?", f.ID).Updates(f).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return FieldErrors{"companies_house_number": "Another firm was given this Companies House number a moment ago: check the number"}
		}
		if err != nil {
			return fmt.Errorf("store: update firm %d: %w", f.ID, err)
		}
		return tx.Audit(ctx, actor, "update", "firm", f.ID, &missionID, before, f)
	})
}
