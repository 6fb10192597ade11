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
// lifetime. missionID is the mission of a registrations batch and 0 for a contacts batch.
func (s *Store) SaveImportBatch(ctx context.Context, kind ImportKind, missionID uint, user *User, filename string, rows [][]string, now time.Time) (*ImportBatch, error) {
	if (kind == ImportKindRegistrations) != (missionID != 0) || (kind != ImportKindRegistrations && kind != ImportKindContacts) {
		return nil, fmt.Errorf("store: save import batch: kind %q with mission %d", kind, missionID)
	}
	cells, err := json.Marshal(rows)
	if err != nil {
		return nil, fmt.Errorf("store: encode import batch: %w", err)
	}
	b := &ImportBatch{Kind: kind, Filename: filename, Cells: string(cells), CreatedAt: now.UTC()}
	if missionID != 0 {
		b.MissionID = &missionID
	}
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

// claimImportBatch locks a kept upload inside a transaction for its confirmation: it must pass
// isFor's checks (a live batch of this kind and mission, uploaded by this user; else ErrNotFound) and not have been imported yet (else a conflict).
// The caller marks it imported with markImportBatch in the same transaction.
func (s *Store) claimImportBatch(ctx context.Context, kind ImportKind, missionID, id uint, user *User, now time.Time) (*ImportBatch, [][]string, error) {
	var b ImportBatch
	if err := s.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&b, id).Error; err != nil {
		return nil, nil, notFound(err, "lock import batch")
	}
	if !b.isFor(kind, missionID, user, now) {
		return nil, nil, ErrNotFound
	}
	if b.ImportedAt != nil {
		return nil, nil, Conflict("file", "This file has already been imported")
	}
	rows, err := b.rows()
	return &b, rows, err
}

// markImportBatch records that a claimed batch has been imported, so it is never imported again.
func (s *Store) markImportBatch(ctx context.Context, b *ImportBatch, now time.Time) error {
	if err := s.DB(ctx).Model(&ImportBatch{ID: b.ID}).Update("imported_at", now.UTC()).Error; err != nil {
		return fmt.Errorf("store: mark import batch %d: %w", b.ID, err)
	}
	return nil
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
		b, rows, err := tx.claimImportBatch(ctx, ImportKindRegistrations, m.ID, batchID, actor, now)
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
		if err := tx.markImportBatch(ctx, b, now); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "import", "mission", m.ID, &m.ID, nil, map[string]any{"file": b.Filename, "registrations": plan.Importable(), "new_firms": plan.Count(ImportNew)})
	})
	return &plan, err // with ErrImportChanged, the plan is the fresh preview to show
}
