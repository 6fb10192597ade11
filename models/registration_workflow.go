package models

import (
	"fmt"
	"slices"
	"strings"
)

// Registration statuses.
const (
	StatusApplied    = "applied"
	StatusApproved   = "approved"
	StatusWaitlisted = "waitlisted"
	StatusConfirmed  = "confirmed"
	StatusWithdrawn  = "withdrawn"
	StatusRejected   = "rejected"
)

// statusTransitions lists where each status may go next. Confirming needs an approval first; a
// rejected or withdrawn firm can be reinstated as applied and decided again.
var statusTransitions = map[string][]string{
	StatusApplied:    {StatusApproved, StatusWaitlisted, StatusRejected, StatusWithdrawn},
	StatusWaitlisted: {StatusApproved, StatusRejected, StatusWithdrawn},
	StatusApproved:   {StatusConfirmed, StatusWithdrawn},
	StatusConfirmed:  {StatusWithdrawn},
	StatusRejected:   {StatusApplied},
	StatusWithdrawn:  {StatusApplied},
}

// seatStatuses are the statuses of registrations that take a seat on the mission: their firms go.
var seatStatuses = []string{StatusApproved, StatusConfirmed}

// CanMeet reports whether a registration in status may have meetings: not withdrawn, rejected or
// wait-listed.
func CanMeet(status string) bool {
	switch status {
	case StatusWithdrawn, StatusRejected, StatusWaitlisted:
		return false
	}
	return true
}

// CanMeet reports whether the registration may have meetings (see the function CanMeet).
func (r *Registration) CanMeet() bool { return CanMeet(r.Status) }

// HoldsSeat reports whether a registration in status counts against the mission's capacity.
func HoldsSeat(status string) bool { return slices.Contains(seatStatuses, status) }

// StatusWord is a status's label as a word inside a sentence: "wait-listed", "open for registration".
func StatusWord(statuses []Option, code string) string { return strings.ToLower(Label(statuses, code)) }

// NextStatuses lists the statuses a registration in status may be moved to, for buttons and docs.
func NextStatuses(status string) []Option {
	var out []Option
	for _, s := range statusTransitions[status] {
		out = append(out, Option{s, Label(RegistrationStatuses, s)})
	}
	return out
}

// StatusDecision is the outcome of asking to move a registration from one status to another.
type StatusDecision struct {
	From, Requested, To string
	// Full is set when an approval was turned into a wait-listing because every seat is taken.
	Full bool
	// FreesSeat is set when the change gives up a seat, so the oldest wait-listed firm moves up.
	FreesSeat bool
}

// Changed reports whether the status actually changes.
func (d StatusDecision) Changed() bool { return d.From != d.To }

// DecideStatus applies the workflow rules to a request to move from → requested, given how many
// seats are taken (approved + confirmed registrations, this one included if it holds one) and the
// mission's capacity. Approving past capacity wait-lists instead. Asking for the current status is
// no change. An unknown status is a field error; a move the workflow does not allow is a conflict.
func DecideStatus(from, requested string, taken, capacity int) (StatusDecision, error) {
	requested = strings.TrimSpace(requested)
	d := StatusDecision{From: from, Requested: requested, To: from}
	if !InList(RegistrationStatuses, requested) {
		return d, FieldErrors{"status": "Select a status from the list"}
	}
	if requested == from {
		return d, nil
	}
	allowed := false
	for _, s := range statusTransitions[from] {
		allowed = allowed || s == requested
	}
	if !allowed {
		return d, Conflict("status", illegalTransitionMessage(from, requested))
	}
	d.To = requested
	if requested == StatusApproved && !HoldsSeat(from) && taken >= capacity {
		d.Full = true
		d.To = StatusWaitlisted
		if from == StatusWaitlisted {
			d.To = from
		}
	}
	d.FreesSeat = HoldsSeat(from) && !HoldsSeat(d.To)
	return d, nil
}

func illegalTransitionMessage(from, to string) string {
	fromLabel := StatusWord(RegistrationStatuses, from)
	toLabel := StatusWord(RegistrationStatuses, to)
	switch {
	case to == StatusConfirmed:
		return fmt.Sprintf("A registration that is %s cannot be confirmed: approve it first", fromLabel)
	case from == StatusRejected || from == StatusWithdrawn:
		return fmt.Sprintf("A registration that is %s cannot be made %s: reinstate it as applied first", fromLabel, toLabel)
	case to == StatusApplied:
		return fmt.Sprintf("A registration that is %s cannot go back to applied", fromLabel)
	}
	return fmt.Sprintf("A registration that is %s cannot be made %s", fromLabel, toLabel)
}

// FullMessage explains a wait-listing caused by a full mission.
func FullMessage(firm string, taken, capacity int) string {
	return fmt.Sprintf("The mission is full (%d of %d places taken), so %s has been put on the wait list", taken, capacity, firm)
}
