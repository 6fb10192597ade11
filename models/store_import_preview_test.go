package models_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// Each import's preview step keeps the upload only when a row can be imported, and the kept batch
// is the one its confirmation imports.
func TestPreviewImportsKeepOnlyWhatCanBeImported(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := models.NewStore(db)
		batches := func() int64 {
			var n int64
			if err := db.Model(&models.ImportBatch{}).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		m := newMission(t, s, 10)
		firms := [][]string{{"Company name", "Postcode", "Sector", "Contact name", "Contact email"}, {"Preview Ltd", "B1 1BB", "Agri-food", "Alex", "alex@preview.example"}}

		t.Run("registrations: file problems keep nothing", func(t *testing.T) {
			plan, id, err := s.PreviewRegistrationImport(ctx, nil, m, "bad.csv", [][]string{{"Colour"}}, now)
			if err != nil || id != 0 || len(plan.FileProblems) == 0 || batches() != 0 {
				t.Fatalf("got id %d, %d file problems, %d batches, err %v", id, len(plan.FileProblems), batches(), err)
			}
		})
		t.Run("registrations: no importable row keeps nothing", func(t *testing.T) {
			bad := [][]string{firms[0], {"No Postcode Ltd", "", "Agri-food", "Alex", "alex@nopostcode.example"}}
			plan, id, err := s.PreviewRegistrationImport(ctx, nil, m, "bad.csv", bad, now)
			if err != nil || id != 0 || plan.Importable() != 0 || batches() != 0 {
				t.Fatalf("got id %d, importable %d, %d batches, err %v", id, plan.Importable(), batches(), err)
			}
		})
		t.Run("registrations: kept and confirmed", func(t *testing.T) {
			plan, id, err := s.PreviewRegistrationImport(ctx, nil, m, "firms.csv", firms, now)
			if err != nil || id == 0 || plan.Importable() != 1 || batches() != 1 {
				t.Fatalf("got id %d, importable %d, %d batches, err %v", id, plan.Importable(), batches(), err)
			}
			done, err := s.ImportRegistrations(ctx, nil, m, id, 1, now)
			if err != nil || done.Count(models.ImportNew) != 1 {
				t.Fatalf("import: %v", err)
			}
		})

		contacts := [][]string{{"full_name", "organisation", "organisation_type", "email"}, {"Dana Rivers", "Lakeshore Foods", "buyer", "dana@preview.example"}}
		t.Run("contacts: file problems keep nothing", func(t *testing.T) {
			ci, id, err := s.PreviewContactImport(ctx, nil, "bad.csv", [][]string{{"email"}}, now)
			if err != nil || id != 0 || len(ci.FileProblems) == 0 || batches() != 1 {
				t.Fatalf("got id %d, %d file problems, %d batches, err %v", id, len(ci.FileProblems), batches(), err)
			}
		})
		t.Run("contacts: kept and confirmed", func(t *testing.T) {
			ci, id, err := s.PreviewContactImport(ctx, nil, "contacts.csv", contacts, now)
			if err != nil || id == 0 || len(ci.Valid()) != 1 || batches() != 2 {
				t.Fatalf("got id %d, %d valid, %d batches, err %v", id, len(ci.Valid()), batches(), err)
			}
			if _, err := s.ImportContacts(ctx, nil, id, 1, now); err != nil {
				t.Fatalf("import: %v", err)
			}
		})
		t.Run("contacts: a row already in the directory keeps nothing", func(t *testing.T) {
			ci, id, err := s.PreviewContactImport(ctx, nil, "again.csv", contacts, now)
			if err != nil || id != 0 || len(ci.Valid()) != 0 || batches() != 2 {
				t.Fatalf("got id %d, %d valid, %d batches, err %v", id, len(ci.Valid()), batches(), err)
			}
		})
	})
}
