package models

import (
	"context"
	"time"
)

// Kinds of message. Change notices and the daily agenda are optional (a delegate may turn them off and
// every one carries an unsubscribe link); the others are part of the service.
const (
	NoticeRegistration = "registration" // to the firm's contact: applied, approved, wait-listed…
	NoticeChanges      = "changes"      // to a delegate: their meetings booked, moved or cancelled
	NoticeAgenda       = "agenda"       // to a delegate: tomorrow's itinerary, the evening before
	NoticeInvitation   = "invitation"   // to a delegate: the sign-in link
	NoticeReadiness    = "readiness"    // to a delegate: what is still missing before the mission
	NoticeFollowUp     = "follow_up"    // to a going firm's contact: the follow-up survey's link
)

// NoticeKinds labels the kinds of message for people.
var NoticeKinds = []Option{
	{NoticeRegistration, "Registration"}, {NoticeChanges, "Schedule change"},
	{NoticeAgenda, "Daily agenda"}, {NoticeInvitation, "Invitation"}, {NoticeReadiness, "Readiness reminder"},
	{NoticeFollowUp, "Follow-up survey"},
}

// OptionalNotice reports whether people may turn off a kind of message.
func OptionalNotice(kind string) bool { return kind == NoticeChanges || kind == NoticeAgenda }

// Notification statuses: held while staff hold the mission's sending, queued until the SMTP server
// takes it, failed after an attempt that did not (it is retried), sent, or superseded by a later
// notice that replaced it before it went.
const (
	NotificationHeld       = "held"
	NotificationQueued     = "queued"
	NotificationFailed     = "failed"
	NotificationSent       = "sent"
	NotificationSuperseded = "superseded"
)

// NotificationStatuses labels the statuses for people.
var NotificationStatuses = []Option{
	{NotificationHeld, "Held"}, {NotificationQueued, "Queued"}, {NotificationFailed, "Failed"},
	{NotificationSent, "Sent"}, {NotificationSuperseded, "Replaced"},
}

// Notification is one email to one person: the outbox row staff see, and the audit of what was sent.
// Its IdempotencyKey is unique, so the same message is never recorded (or sent) twice.
type Notification struct {
	ID             uint       `json:"id" gorm:"primaryKey"`
	MissionID      *uint      `json:"mission_id"`
	Kind           string     `json:"kind"`
	IdempotencyKey string     `json:"idempotency_key"`
	RecipientEmail string     `json:"recipient_email"`
	RecipientName  string     `json:"recipient_name"`
	DelegateID     *uint      `json:"delegate_id"`
	RegistrationID *uint      `json:"registration_id"`
	Subject        string     `json:"subject"`
	BodyText       string     `json:"-"`
	BodyHTML       string     `json:"-"`
	Attachments    string     `json:"-"` // JSON list of MailAttachment
	Changes        string     `json:"-"` // JSON list of the meeting changes a change notice reports
	UnsubscribeURL string     `json:"-"`
	Status         string     `json:"status"`
	Attempts       int        `json:"attempts"`
	LastError      string     `json:"last_error"`
	JobID          *int64     `json:"job_id"`
	SentAt         *time.Time `json:"sent_at"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// StatusLabel is the status for people.
func (n *Notification) StatusLabel() string { return Label(NotificationStatuses, n.Status) }

// KindLabel is the kind for people.
func (n *Notification) KindLabel() string { return Label(NoticeKinds, n.Kind) }

// MailAttachment is a file attached to a message (an .ics invitation).
type MailAttachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Content     string `json:"content"`
}

// NotificationPreference is a delegate's choice of optional messages, and the secret token of their
// unsubscribe links. A delegate without a row gets everything.
type NotificationPreference struct {
	DelegateID       uint `gorm:"primaryKey"`
	Changes          bool
	Agenda           bool
	UnsubscribeToken string
	UpdatedAt        time.Time
}

// Wants reports whether the delegate wants messages of kind.
func (p *NotificationPreference) Wants(kind string) bool {
	switch kind {
	case NoticeChanges:
		return p.Changes
	case NoticeAgenda:
		return p.Agenda
	}
	return true
}

// NotificationHold records that staff hold all sending for a mission.
type NotificationHold struct {
	MissionID uint `gorm:"primaryKey"`
	HeldBy    *uint
	CreatedAt time.Time
}

// MeetingChange is one meeting before and after a change; Before is nil for a new meeting.
type MeetingChange struct{ Before, After *Meeting }

// ChangeHook hears, inside the transaction that makes them, about the changes people must be told
// of: what it records commits or rolls back with the change. The notify package implements it.
type ChangeHook interface {
	// RegistrationCreated: a firm applied (r has its Firm).
	RegistrationCreated(ctx context.Context, tx *Store, r *Registration) error
	// RegistrationStatusChanged: r (with its Firm) moved from → r.Status; promoted when it came off the wait list.
	RegistrationStatusChanged(ctx context.Context, tx *Store, r *Registration, from string, promoted bool) error
	// MeetingsChanged: one batch of meeting changes (one booking, or one published schedule).
	MeetingsChanged(ctx context.Context, tx *Store, m *Mission, changes []MeetingChange) error
	// InvitationCreated: a sign-in link was made for d.
	InvitationCreated(ctx context.Context, tx *Store, d *Delegate, token string, inv *Invitation) error
	// FollowUpSent: a firm's survey link was made (its round opened, or staff resent it).
	FollowUpSent(ctx context.Context, tx *Store, fu *SentFollowUp) error
}

// WithHook returns a store that tells hook about changes (nil for none).
func (s *Store) WithHook(hook ChangeHook) *Store {
	return &Store{db: s.db, writes: s.writes, hook: hook}
}
