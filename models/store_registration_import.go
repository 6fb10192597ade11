package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CheckRegistrationImport compares the plan's rows with the directory: a row whose firm is already there
// registers that firm (its details are not changed), unless it is already registered for the
// mission, or another row of the file already matched it, when it is skipped.
func (s *Store) CheckRegistrationImport(ctx context.Context, missionID uint, plan *RegistrationImport) error {
	var firms []Firm
	if err := s.DB(ctx).Select("id, company_name, companies_house_number, postcode").Find(&firms).Error; err != nil {
		return fmt.Errorf("store: load directory for import: %w", err)
	}
	byCH, byName := map[string]*Firm{}, map[string]*Firm{}
	for i := range firms {
		f := &firms[i]
		if f.CompaniesHouseNumber != "" {
			byCH[f.CompaniesHouseNumber] = f
		}
		byName[strings.ToLower(f.CompanyName)+"\x00"+f.Postcode] = f
	}
	var registered []uint
	if err := s.DB(ctx).Model(&Registration{}).Where("mission_id = ?", missionID).Pluck("firm_id", &registered).Error; err != nil {
		return fmt.Errorf("store: load registrations for import: %w", err)
	}
	isRegistered := map[uint]bool{}
	for _, id := range registered {
		isRegistered[id] = true
	}
	usedBy := map[uint]int{}
	for i := range plan.Rows {
		r := &plan.Rows[i]
		if r.Action == ImportSkip {
			continue
		}
		r.Action, r.Existing, r.Notes = ImportNew, nil, nil
		var match *Firm
		column := "Companies House number"
		if ch := r.Firm.CompaniesHouseNumber; ch != "" {
			match = byCH[ch]
		}
		if match == nil {
			match = byName[strings.ToLower(r.Firm.CompanyName)+"\x00"+r.Firm.Postcode]
			column = "Company name"
		}
		if match == nil {
			continue
		}
		switch {
		case isRegistered[match.ID]:
			r.Action = ImportSkip
			r.Problems = append(r.Problems, ImportProblem{Row: r.Row, Column: column, Message: fmt.Sprintf("%s is already registered for this mission", match.CompanyName)})
		case usedBy[match.ID] != 0:
			r.Action = ImportSkip
			r.Problems = append(r.Problems, ImportProblem{Row: r.Row, Column: column, Message: fmt.Sprintf("The same directory firm (%s) as row %d: it is registered once", match.CompanyName, usedBy[match.ID])})
		default:
			r.Action, r.Existing = ImportExisting, match
			usedBy[match.ID] = r.Row
			r.Notes = append(r.Notes, fmt.Sprintf("Already in the directory as %s (matched by %s): the registration is added, the firm's details are kept", match.CompanyName, strings.ToLower(column)))
		}
	}
	return nil
}

// PreviewRegistrationImport is the upload step of a firm import: the table is planned
// (PlanRegistrationImport), checked against the directory and the mission's registrations
// (CheckRegistrationImport) and, when a row can be imported, kept as a batch for the confirmation.
// batchID is 0 when nothing was kept: the file as a whole has problems (plan.FileProblems, and the
// database is not consulted) or no row can be imported.
func (s *Store) PreviewRegistrationImport(ctx context.Context, actor *User, m *Mission, filename string, rows [][]string, now time.Time) (plan *RegistrationImport, batchID uint, err error) {
	if !m.RegistrationOpen(now) {
		return nil, 0, Conflict("mission", RegistrationClosedMessage(m, now))
	}
	plan = PlanRegistrationImport(rows)
	if len(plan.FileProblems) > 0 {
		return plan, 0, nil
	}
	if err := s.CheckRegistrationImport(ctx, m.ID, plan); err != nil {
		return nil, 0, err
	}
	if plan.Importable() == 0 {
		return plan, 0, nil // nothing to confirm, so nothing is kept
	}
	batch, err := s.SaveImportBatch(ctx, ImportKindRegistrations, m.ID, actor, filename, rows, now)
	if err != nil {
		return nil, 0, err
	}
	return plan, batch.ID, nil
}

// ImportRegistrations imports a kept upload in one transaction: the plan is made again from the kept
// rows and the directory as it is now; if it would not import exactly `expected` rows, nothing is
// imported and ErrImportChanged is returned with the new plan. A batch is imported at most once.
func (s *Store) ImportRegistrations(ctx context.Context, actor *User, m *Mission, batchID uint, expected int, now time.Time) (*RegistrationImport, error) {
	if !m.RegistrationOpen(now) {
		return nil, Conflict("mission", RegistrationClosedMessage(m, now))
	}
	var plan *RegistrationImport
	err := s.WithTx(ctx, func(tx *Store) error {
		b, rows, err := tx.claimImportBatch(ctx, ImportKindRegistrations, m.ID, batchID, actor, now)
		if err != nil {
			return err
		}
		plan = PlanRegistrationImport(rows)
		if err := tx.CheckRegistrationImport(ctx, m.ID, plan); err != nil {
			return err
		}
		if len(plan.FileProblems) > 0 || plan.Importable() != expected {
			return ErrImportChanged
		}
		for i := range plan.Rows {
			r := &plan.Rows[i]
			if r.Action == ImportSkip {
				continue
			}
			var firmID uint
			if r.Action == ImportExisting {
				firmID = r.Existing.ID
			}
			reg := r.Registration
			if err := tx.registerFirm(ctx, actor, m, now, firmID, &r.Firm, &reg); err != nil {
				if fe, ok := AsFieldErrors(err); ok {
					return fmt.Errorf("row %d: %w", r.Row, fe)
				}
				var dup *DuplicateFirmError
				if errors.As(err, &dup) {
					return ErrImportChanged
				}
				return fmt.Errorf("import row %d: %w", r.Row, err)
			}
			r.Registration = reg
		}
		if err := tx.markImportBatch(ctx, b, now); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "import", "mission", m.ID, &m.ID, nil, map[string]any{"file": b.Filename, "registrations": plan.Importable(), "new_firms": plan.Count(ImportNew)})
	})
	return plan, err // with ErrImportChanged, the plan is the fresh preview to show
}
