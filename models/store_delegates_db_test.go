package models_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// An email address is used once per mission: adding or changing a delegate to a used one is a field
// error on both databases (the UNIQUE constraint decides), and nothing is saved.
func TestDelegateEmailOncePerMission(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		m := newMission(t, s, 5)
		regs := registerN(t, s, m, 2)
		first := &models.Delegate{FullName: "Priya Shah", Email: "priya@example.co.uk"}
		if err := s.AddDelegate(ctx, nil, regs[0].ID, first, nil); err != nil {
			t.Fatal(err)
		}
		second := &models.Delegate{FullName: "Tom Reed", Email: "tom@example.co.uk"}
		if err := s.AddDelegate(ctx, nil, regs[1].ID, second, nil); err != nil {
			t.Fatal(err)
		}
		dup := &models.Delegate{FullName: "P Shah", Email: "Priya@Example.co.uk"}
		if fe, ok := models.AsFieldErrors(s.AddDelegate(ctx, nil, regs[1].ID, dup, nil)); !ok || fe["email"] == "" {
			t.Fatalf("duplicate on add: %v", fe)
		}
		second.Email = "priya@example.co.uk"
		if fe, ok := models.AsFieldErrors(s.UpdateDelegate(ctx, nil, second, nil)); !ok || fe["email"] == "" {
			t.Fatalf("duplicate on update: %v", fe)
		}
		got, err := s.Delegate(ctx, second.ID)
		if err != nil || got.Email != "tom@example.co.uk" {
			t.Fatalf("after the refused update: %+v, %v", got, err)
		}
		var n int64
		db.Model(&models.Delegate{}).Where("mission_id = ?", m.ID).Count(&n)
		if n != 2 {
			t.Fatalf("%d delegates, want 2", n)
		}
		got.JobTitle = "Director"
		if err := s.UpdateDelegate(ctx, nil, got, nil); err != nil || got.JobTitle != "Director" || got.UpdatedAt.IsZero() {
			t.Fatalf("update: %+v, %v", got, err)
		}
	})
}
