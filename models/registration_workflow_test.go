package models

import (
	"errors"
	"testing"
)

func TestDecideStatus(t *testing.T) {
	tests := []struct {
		name             string
		from, requested  string
		taken, capacity  int
		wantTo           string
		wantFull, frees  bool
		wantConflict     bool
		wantFieldProblem bool
	}{
		{name: "approve with seats free", from: "applied", requested: "approved", taken: 4, capacity: 5, wantTo: "approved"},
		{name: "approve the last seat", from: "applied", requested: "approved", taken: 4, capacity: 5, wantTo: "approved"},
		{name: "approve past capacity wait-lists", from: "applied", requested: "approved", taken: 5, capacity: 5, wantTo: "waitlisted", wantFull: true},
		{name: "approve a wait-listed firm with a seat free", from: "waitlisted", requested: "approved", taken: 4, capacity: 5, wantTo: "approved"},
		{name: "approve a wait-listed firm when full stays wait-listed", from: "waitlisted", requested: "approved", taken: 5, capacity: 5, wantTo: "waitlisted", wantFull: true},
		{name: "wait-list by hand", from: "applied", requested: "waitlisted", taken: 0, capacity: 5, wantTo: "waitlisted"},
		{name: "confirm an approved firm when full", from: "approved", requested: "confirmed", taken: 5, capacity: 5, wantTo: "confirmed"},
		{name: "withdraw an approved firm frees a seat", from: "approved", requested: "withdrawn", taken: 5, capacity: 5, wantTo: "withdrawn", frees: true},
		{name: "withdraw a confirmed firm frees a seat", from: "confirmed", requested: "withdrawn", taken: 5, capacity: 5, wantTo: "withdrawn", frees: true},
		{name: "withdraw a wait-listed firm frees nothing", from: "waitlisted", requested: "withdrawn", taken: 5, capacity: 5, wantTo: "withdrawn"},
		{name: "reject an application", from: "applied", requested: "rejected", taken: 0, capacity: 5, wantTo: "rejected"},
		{name: "reinstate a rejected firm", from: "rejected", requested: "applied", taken: 5, capacity: 5, wantTo: "applied"},
		{name: "reinstate a withdrawn firm", from: "withdrawn", requested: "applied", taken: 0, capacity: 5, wantTo: "applied"},
		{name: "same status is no change", from: "approved", requested: "approved", taken: 5, capacity: 5, wantTo: "approved"},
		{name: "confirm without approval", from: "applied", requested: "confirmed", capacity: 5, wantTo: "applied", wantConflict: true},
		{name: "confirm a wait-listed firm", from: "waitlisted", requested: "confirmed", capacity: 5, wantTo: "waitlisted", wantConflict: true},
		{name: "approve a rejected firm directly", from: "rejected", requested: "approved", capacity: 5, wantTo: "rejected", wantConflict: true},
		{name: "un-confirm", from: "confirmed", requested: "approved", capacity: 5, wantTo: "confirmed", wantConflict: true},
		{name: "approved back to applied", from: "approved", requested: "applied", capacity: 5, wantTo: "approved", wantConflict: true},
		{name: "reject a confirmed firm", from: "confirmed", requested: "rejected", capacity: 5, wantTo: "confirmed", wantConflict: true},
		{name: "unknown status", from: "applied", requested: "maybe", capacity: 5, wantTo: "applied", wantFieldProblem: true},
		{name: "empty status", from: "applied", requested: "", capacity: 5, wantTo: "applied", wantFieldProblem: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := DecideStatus(tt.from, tt.requested, tt.taken, tt.capacity)
			var conflict *ConflictError
			if got := errors.As(err, &conflict); got != tt.wantConflict {
				t.Fatalf("conflict = %v (%v), want %v", got, err, tt.wantConflict)
			}
			if _, got := AsFieldErrors(err); got != tt.wantFieldProblem {
				t.Fatalf("field error = %v (%v), want %v", got, err, tt.wantFieldProblem)
			}
			if conflict != nil && conflict.Errors["status"] == "" {
				t.Errorf("conflict has no status message: %v", conflict.Errors)
			}
			if d.To != tt.wantTo || d.Full != tt.wantFull || d.FreesSeat != tt.frees {
				t.Errorf("got to=%s full=%v frees=%v, want to=%s full=%v frees=%v", d.To, d.Full, d.FreesSeat, tt.wantTo, tt.wantFull, tt.frees)
			}
		})
	}
}

func TestNextStatusesAreAllowed(t *testing.T) {
	for _, from := range Codes(RegistrationStatuses) {
		for _, next := range NextStatuses(from) {
			if _, err := DecideStatus(from, next.Code, 0, 10); err != nil {
				t.Errorf("%s → %s offered but refused: %v", from, next.Code, err)
			}
		}
	}
}
