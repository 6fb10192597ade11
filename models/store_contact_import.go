package models

import (
	"context"
	"fmt"
	"time"
)

// CheckContactImport adds the problems only the database can tell: a contact with the same email
// address already in the directory. It makes one query.
func (s *Store) CheckContactImport(ctx context.Context, ci *ContactImport) error {
	var emails []string
	for _, r := range ci.Rows {
		if r.Contact.Email != "" {
			emails = append(emails, r.Contact.Email)
		}
	}
	if len(emails) == 0 {
		return nil
	}
	var existing []string
	for start := 0; start < len(emails); start += 900 {
		end := min(start+900, len(emails))
		var part []string
		if err := s.DB(ctx).Model(&Contact{}).Where("email IN ?", emails[start:end]).Pluck("email", &part).Error; err != nil {
			return fmt.Errorf("store: check imported emails: %w", err)
		}
		existing = append(existing, part...)
	}
	taken := map[string]bool{}
	for _, e := range existing {
		taken[e] = true
	}
	for i := range ci.Rows {
		r := &ci.Rows[i]
		if taken[r.Contact.Email] {
			r.Problems = append(r.Problems, ImportProblem{Row: r.Row, Column: "email", Message: "A contact with this email address is already in the directory"})
		}
	}
	return nil
}

// PreviewContactImport is the upload step of a contact import: the table is planned
// (PlanContactImport), checked against the directory (CheckContactImport) and, when a row can be
// imported, kept as a batch for the confirmation. batchID is 0 when nothing was kept: the file as a
// whole has problems (ci.FileProblems, and the database is not consulted) or no row can be imported.
func (s *Store) PreviewContactImport(ctx context.Context, actor *User, filename string, rows [][]string, now time.Time) (ci *ContactImport, batchID uint, err error) {
	ci = PlanContactImport(rows)
	if len(ci.FileProblems) > 0 {
		return ci, 0, nil
	}
	if err := s.CheckContactImport(ctx, ci); err != nil {
		return nil, 0, err
	}
	if len(ci.Valid()) == 0 {
		return ci, 0, nil // nothing to confirm, so nothing is kept
	}
	batch, err := s.SaveImportBatch(ctx, ImportKindContacts, 0, actor, filename, rows, now)
	if err != nil {
		return nil, 0, err
	}
	return ci, batch.ID, nil
}

// ImportContacts imports a kept contacts upload in one transaction: the rows are read and
// checked again against the directory as it is now, and every valid row is saved, or none. If the
// check would not import exactly `expected` contacts, nothing is saved and ErrImportChanged comes
// back with the fresh check. A batch is imported at most once (a ConflictError after that); another
// user's, an expired or a registrations batch is ErrNotFound.
func (s *Store) ImportContacts(ctx context.Context, actor *User, batchID uint, expected int, now time.Time) (*ContactImport, error) {
	var ci *ContactImport
	err := s.WithTx(ctx, func(tx *Store) error {
		b, rows, err := tx.claimImportBatch(ctx, ImportKindContacts, 0, batchID, actor, now)
		if err != nil {
			return err
		}
		ci = PlanContactImport(rows)
		if err := tx.CheckContactImport(ctx, ci); err != nil {
			return err
		}
		contacts := ci.Valid()
		if len(ci.FileProblems) > 0 || len(contacts) != expected || expected == 0 {
			return ErrImportChanged
		}
		if err := tx.DB(ctx).CreateInBatches(&contacts, 200).Error; err != nil {
			return fmt.Errorf("store: import contacts: %w", err)
		}
		if err := tx.markImportBatch(ctx, b, now); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "import", "contact", 0, nil, nil, map[string]any{"file": b.Filename, "contacts": len(contacts)})
	})
	return ci, err
}
