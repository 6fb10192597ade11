package models

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestIsExclusionViolation(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"exclusion, wrapped", fmt.Errorf("store: create meeting: %w", &pgconn.PgError{Code: "23P01", ConstraintName: "meetings_contact_no_overlap"}), true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"text only", errors.New(`ERROR: conflicting key value violates exclusion constraint "meetings_contact_no_overlap" (SQLSTATE 23P01)`), true},
		{"other", errors.New("database is locked"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isExclusionViolation(tt.err); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseContactRows(t *testing.T) {
	ci := ParseContactRows([][]string{
		{"Name", "Organization", "Type", "Sector", "Email address"},
		{"Dana Rivers", "Lakeshore Foods", "Government agency", "Agri-food", "DANA@example.com"},
		{},
		{"Ravi Patel", "", "friend", "space", "ravi@example.com"},
		{"Mo Chen", "Prairie Capital", "investor", "", "dana@example.com"},
	})
	if len(ci.FileProblems) != 0 || len(ci.Rows) != 3 {
		t.Fatalf("rows: %+v", ci)
	}
	if c := ci.Rows[0].Contact; c.OrganisationType != "government" || c.Sector != "agri_food" || c.Email != "dana@example.com" || len(ci.Rows[0].Problems) != 0 {
		t.Fatalf("row 2: %+v", ci.Rows[0])
	}
	cols := map[string]bool{}
	for _, p := range ci.Rows[1].Problems {
		if p.Row != 4 {
			t.Errorf("problem on row %d, want 4", p.Row)
		}
		cols[p.Column] = true
	}
	if !cols["organisation"] || !cols["organisation_type"] || !cols["sector"] {
		t.Fatalf("row 4 problems: %+v", ci.Rows[1].Problems)
	}
	if p := ci.Rows[2].Problems; len(p) != 1 || p[0].Column != "email" || p[0].Message != "The same email address is on row 2" {
		t.Fatalf("duplicate email: %+v", p)
	}
	if len(ci.Valid()) != 1 || ci.ProblemCount() != 2 {
		t.Fatalf("valid %d, problems %d", len(ci.Valid()), ci.ProblemCount())
	}
	if ci := ParseContactRows([][]string{{"email", "city"}}); len(ci.FileProblems) == 0 {
		t.Fatal("missing required columns not reported")
	}
}
