package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm/clause"
)

// ImportBatchLifetime is how long an uploaded file waits for its confirmation.
const ImportBatchLifetime = 24 * time.Hour

// ErrImportChanged is returned when the directory changed between the preview and the confirmation,
// so the rows that would be imported are no longer the rows previewed. Nothing is imported.
var ErrImportChanged = errors.New("the directory changed since the preview")

// CheckImportPlan compares the plan's rows with the directory: a row whose firm is already there
// registers that firm (its details are not changed), unless it is already registered for the
// mission, or another row of the file already matched it, when it is skipped.
func (s *Store) CheckImportPlan(ctx context.Context, missionID uint, plan *ImportPlan) error {
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

// SaveImportBatch keeps an uploaded table until it is confirmed, and clears batches past their
// lifetime.
func (s *Store) SaveImportBatch(ctx context.Context, missionID uint, user *User, filename string, rows [][]string, now time.Time) (*ImportBatch, error) {
	cells, err := json.Marshal(rows)
	if err != nil {
		return nil, fmt.Errorf("store: encode import batch: %w", err)
	}
	b := &ImportBatch{MissionID: missionID, Filename: filename, Cells: string(cells), CreatedAt: now.UTC()}
	if user != nil {
		b.UserID = &user.ID
	}
	err = s.WithTx(ctx, func(tx *Store) error {
		if err := tx.DB(ctx).Where("created_at < ?", now.Add(-ImportBatchLifetime).UTC()).Delete(&ImportBatch{}).Error; err != nil {
			return fmt.Errorf("store: clear old import batches: %w", err)
		}
		if err := tx.DB(ctx).Create(b).Error; err != nil {
			return fmt.Errorf("store: save import batch: %w", err)
		}
		return nil
	})
	return b, err
}

// ImportBatchRows loads an upload kept for confirmation: only the mission's and the same user's, and
// only within its lifetime.
func (s *Store) ImportBatchRows(ctx context.Context, missionID, id uint, user *User, now time.Time) (*ImportBatch, [][]string, error) {
	var b ImportBatch
	if err := s.DB(ctx).First(&b, id).Error; err != nil {
		return nil, nil, notFound(err, "load import batch")
	}
	if b.MissionID != missionID || (user != nil && b.UserID != nil && *b.UserID != user.ID) || now.Sub(b.CreatedAt) > ImportBatchLifetime {
		return nil, nil, ErrNotFound
	}
	var rows [][]string
	if err := json.Unmarshal([]byte(b.Cells), &rows); err != nil {
		return nil, nil, fmt.Errorf("store: decode import batch %d: %w", id, err)
	}
	return &b, rows, nil
}

// ImportRegistrations imports a kept upload in one transaction: the plan is made again from the kept
// rows and the directory as it is now; if it would not import exactly `expected` rows, nothing is
// imported and ErrImportChanged is returned with the new plan. A batch is imported at most once.
func (s *Store) ImportRegistrations(ctx context.Context, actor *User, m *Mission, batchID uint, expected int, now time.Time) (*ImportPlan, error) {
	if !m.RegistrationOpen(now) {
		return nil, Conflict("mission", RegistrationClosedMessage(m, now))
	}
	var plan ImportPlan
	err := s.WithTx(ctx, func(tx *Store) error {
		var b ImportBatch
		if err := tx.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&b, batchID).Error; err != nil {
			return notFound(err, "lock import batch")
		}
		if b.ImportedAt != nil {
			return Conflict("file", "This file has already been imported")
		}
		_, rows, err := tx.ImportBatchRows(ctx, m.ID, batchID, actor, now)
		if err != nil {
			return err
		}
		plan = PlanImport(rows)
		if err := tx.CheckImportPlan(ctx, m.ID, &plan); err != nil {
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
		if err := tx.DB(ctx).Model(&ImportBatch{ID: b.ID}).Update("imported_at", now.UTC()).Error; err != nil {
			return fmt.Errorf("store: mark import batch %d: %w", b.ID, err)
		}
		return tx.Audit(ctx, actor, "import", "mission", m.ID, &m.ID, nil, map[string]any{"file": b.Filename, "registrations": plan.Importable(), "new_firms": plan.Count(ImportNew)})
	})
	if errors.Is(err, ErrImportChanged) {
		return &plan, err
	}
	return &plan, err
}
