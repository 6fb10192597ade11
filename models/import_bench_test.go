package models_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// BenchmarkImport5000 plans and imports the largest file accepted (5,000 rows) in one transaction.
func BenchmarkImport5000(b *testing.B) {
	rows := [][]string{{"Company name", "Companies House number", "Postcode", "Sector", "Contact name", "Contact email", "Target sectors"}}
	for i := 0; i < 5000; i++ {
		rows = append(rows, []string{fmt.Sprintf("Firm %d Ltd", i), fmt.Sprintf("99%06d", i), "B1 1BB", "Agri-food", "Alex", fmt.Sprintf("a%d@example.co.uk", i), "Aerospace; Automotive"})
	}
	for _, kind := range apptest.Databases() {
		b.Run(kind, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := models.NewStore(apptest.OpenDB(b, kind))
				m := newMission(b, s, 10)
				batch, err := s.SaveImportBatch(context.Background(), models.ImportKindRegistrations, m.ID, nil, "big.csv", rows, now)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				plan, err := s.ImportRegistrations(context.Background(), nil, m, batch.ID, 5000, now)
				if err != nil || plan.Importable() != 5000 {
					b.Fatalf("import: %v", err)
				}
			}
		})
	}
}
