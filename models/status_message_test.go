package models

import "testing"

// Status words inside sentences are lower case, whether the status changed or not.
func TestStatusChangeMessage(t *testing.T) {
	reg := &Registration{Firm: &Firm{CompanyName: "Alpha Ltd"}}
	tests := []struct {
		name     string
		from, to string
		want     string
	}{
		{"already wait-listed", StatusWaitlisted, StatusWaitlisted, "Alpha Ltd is already wait-listed"},
		{"already approved", StatusApproved, StatusApproved, "Alpha Ltd is already approved"},
		{"now wait-listed", StatusApplied, StatusWaitlisted, "Alpha Ltd is now wait-listed"},
		{"now confirmed", StatusApproved, StatusConfirmed, "Alpha Ltd is now confirmed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &StatusChange{StatusDecision: StatusDecision{From: tt.from, Requested: tt.to, To: tt.to}, Registration: reg, Capacity: 5}
			if got := c.Message(); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := RegistrationLabel(&Registration{Status: StatusWaitlisted, Firm: &Firm{CompanyName: "Alpha Ltd"}}); got != "Alpha Ltd (wait-listed)" {
		t.Fatalf("label: %q", got)
	}
	if got := seatStatuses; len(got) != 2 || !HoldsSeat(StatusApproved) || !HoldsSeat(StatusConfirmed) || HoldsSeat(StatusWaitlisted) || len(ScheduledStatuses) != 2 {
		t.Fatalf("seat statuses: %v, scheduled %v", got, ScheduledStatuses)
	}
}
