package models

// The stages of a one-to-one meeting (Meeting.Status). SQL written by hand keeps the words as
// literals ('scheduled'), as the exclusion constraints and partial indexes in the schema do.
const (
	MeetingRequested = "requested" // asked for, not yet given a time
	MeetingScheduled = "scheduled" // has a time; only these block a slot
	MeetingCancelled = "cancelled"
	MeetingDeclined  = "declined"
)
