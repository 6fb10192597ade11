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
			if got := IsExclusionViolation(tt.err); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
