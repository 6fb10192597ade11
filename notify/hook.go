package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// record puts n in the outbox within tx and, unless the mission's sending is held, queues the job
// that delivers it, in the same transaction: a rolled-back change leaves neither.
// It reports false when a message with the same idempotency key was recorded before (then nothing is done).
func (s *Service) record(ctx context.Context, tx *models.Store, n *models.Notification) (bool, error) {
	n.Status = models.NotificationQueued
	if n.MissionID != nil {
		held, err := tx.SendingHeld(ctx, *n.MissionID)
		if err != nil {
			return false, err
		}
		if held {
			n.Status = models.NotificationHeld
		}
	}
	created, err := tx.AddNotification(ctx, n)
	if err != nil || !created || n.Status == models.NotificationHeld {
		return created, err
	}
	return true, s.enqueue(ctx, tx, n)
}

// recordOnce is record for callers that need not know whether the message was new.
func (s *Service) recordOnce(ctx context.Context, tx *models.Store, n *models.Notification) error {
	_, err := s.record(ctx, tx, n)
	return err
}

// enqueue inserts the delivery job of n in tx and records it on n.
func (s *Service) enqueue(ctx context.Context, tx *models.Store, n *models.Notification) error {
	sqlTx, err := SQLTx(tx.DB(ctx))
	if err != nil {
		return err
	}
	res, err := s.river.InsertTx(ctx, sqlTx, deliverArgs{NotificationID: n.ID}, nil)
	if err != nil {
		return fmt.Errorf("notify: queue notification %d: %w", n.ID, err)
	}
	id := res.Job.ID
	n.JobID, n.Status = &id, models.NotificationQueued
	return tx.SetNotificationJob(ctx, n.ID, id)
}

// key makes an idempotency key from its parts.
func key(kind string, parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%v|", p)
	}
	return kind + ":" + hex.EncodeToString(h.Sum(nil))[:32]
}

// RegistrationCreated acknowledges an application to the firm's contact.
func (s *Service) RegistrationCreated(ctx context.Context, tx *models.Store, r *models.Registration) error {
	return s.registrationNotice(ctx, tx, r, "", false)
}

// RegistrationStatusChanged tells the firm's contact the firm was approved, wait-listed (with its
// place), promoted, rejected or withdrawn. Other moves (confirmed, reinstated) send nothing.
func (s *Service) RegistrationStatusChanged(ctx context.Context, tx *models.Store, r *models.Registration, from string, promoted bool) error {
	switch r.Status {
	case models.StatusApproved, models.StatusWaitlisted, models.StatusRejected, models.StatusWithdrawn:
		return s.registrationNotice(ctx, tx, r, from, promoted)
	}
	return nil
}

func (s *Service) registrationNotice(ctx context.Context, tx *models.Store, r *models.Registration, from string, promoted bool) error {
	if r.Firm == nil || strings.TrimSpace(r.Firm.ContactEmail) == "" {
		return nil
	}
	m, err := tx.Mission(ctx, r.MissionID)
	if err != nil {
		return err
	}
	place, err := tx.WaitlistPlace(ctx, r)
	if err != nil {
		return err
	}
	msg := registrationMessage(registrationFacts{
		Mission: m, Firm: r.Firm, Status: r.Status, Applied: from == "", Promoted: promoted, Place: place, BaseURL: s.opts.BaseURL,
	})
	rid, mid := r.ID, m.ID
	return s.recordOnce(ctx, tx, &models.Notification{
		MissionID: &mid, RegistrationID: &rid, Kind: models.NoticeRegistration,
		IdempotencyKey: key(models.NoticeRegistration, r.ID, r.Status, r.StatusChangedAt.UTC().UnixNano(), promoted),
		RecipientEmail: strings.TrimSpace(r.Firm.ContactEmail), RecipientName: r.Firm.ContactName,
		Subject: msg.Subject, BodyText: msg.Text, BodyHTML: msg.HTML,
	})
}

// InvitationCreated emails the delegate's sign-in link.
func (s *Service) InvitationCreated(ctx context.Context, tx *models.Store, d *models.Delegate, token string, inv *models.Invitation) error {
	m, err := tx.Mission(ctx, d.MissionID)
	if err != nil {
		return err
	}
	msg := invitationMessage(m, d, s.opts.BaseURL+"/invitations/"+token, inv.ExpiresAt)
	did, rid, mid := d.ID, d.RegistrationID, m.ID
	return s.recordOnce(ctx, tx, &models.Notification{
		MissionID: &mid, DelegateID: &did, RegistrationID: &rid, Kind: models.NoticeInvitation,
		IdempotencyKey: key(models.NoticeInvitation, inv.ID), RecipientEmail: d.Email, RecipientName: d.FullName,
		Subject: msg.Subject, BodyText: msg.Text, BodyHTML: msg.HTML,
	})
}

// MeetingsChanged sends each delegate whose plans the batch changed one message listing their own
// changes, with an invitation (.ics) per meeting. A meeting naming no delegates is the whole firm's.
func (s *Service) MeetingsChanged(ctx context.Context, tx *models.Store, m *models.Mission, changes []models.MeetingChange) error {
	byReg := map[uint][]models.MeetingChange{}
	var regs []uint
	for _, c := range changes {
		if !live(c.Before) && !live(c.After) {
			continue
		}
		rid := c.After.RegistrationID
		if _, ok := byReg[rid]; !ok {
			regs = append(regs, rid)
		}
		byReg[rid] = append(byReg[rid], c)
		if c.Before != nil && c.Before.RegistrationID != rid { // moved to another firm: the old one loses it
			byReg[c.Before.RegistrationID] = append(byReg[c.Before.RegistrationID], c)
			if !slices.Contains(regs, c.Before.RegistrationID) {
				regs = append(regs, c.Before.RegistrationID)
			}
		}
	}
	if len(regs) == 0 {
		return nil
	}
	slices.Sort(regs)
	for _, rid := range regs {
		src, err := tx.RegistrationItinerarySource(ctx, m.ID, rid)
		if err != nil {
			return err
		}
		if err := addContacts(ctx, tx, src, byReg[rid]); err != nil {
			return err
		}
		var firmDelegates []uint
		for _, d := range src.Delegates {
			if d.RegistrationID == rid {
				firmDelegates = append(firmDelegates, d.ID)
			}
		}
		perDelegate := map[uint][]changeLine{}
		for _, c := range byReg[rid] {
			for _, did := range firmDelegates {
				if line, ok := s.lineFor(src, rid, did, firmDelegates, c); ok {
					perDelegate[did] = append(perDelegate[did], line)
				}
			}
		}
		if len(perDelegate) == 0 {
			continue
		}
		prefs, err := tx.PreferencesOf(ctx, firmDelegates)
		if err != nil {
			return err
		}
		for _, d := range src.Delegates {
			lines := perDelegate[d.ID]
			if len(lines) == 0 || !prefs[d.ID].Wants(models.NoticeChanges) {
				continue
			}
			if err := s.recordChanges(ctx, tx, &src.Mission, &d, firmName(src, rid), lines, prefs[d.ID]); err != nil {
				return err
			}
		}
	}
	return nil
}

// addContacts loads the contacts of changed meetings the source lacks (it has those of meetings with a
// time: a meeting made a request again has none now).
func addContacts(ctx context.Context, tx *models.Store, src *models.ItinerarySource, changes []models.MeetingChange) error {
	var missing []uint
	for _, c := range changes {
		for _, mt := range []*models.Meeting{c.Before, c.After} {
			if mt == nil {
				continue
			}
			if _, ok := src.Contacts[mt.ContactID]; !ok && !slices.Contains(missing, mt.ContactID) {
				missing = append(missing, mt.ContactID)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	found, err := tx.ContactsByID(ctx, missing)
	if err != nil {
		return err
	}
	if src.Contacts == nil {
		src.Contacts = map[uint]models.Contact{}
	}
	for id, c := range found {
		src.Contacts[id] = c
	}
	return nil
}

func firmName(src *models.ItinerarySource, rid uint) string {
	for _, r := range src.Registrations {
		if r.ID == rid && r.Firm != nil {
			return r.Firm.CompanyName
		}
	}
	return ""
}

// recordChanges composes and records one change notice.
func (s *Service) recordChanges(ctx context.Context, tx *models.Store, m *models.Mission, d *models.Delegate, firm string, lines []changeLine, pref *models.NotificationPreference) error {
	slices.SortFunc(lines, func(a, b changeLine) int { return a.sortTime().Compare(b.sortTime()) })
	parts := []any{d.ID}
	for _, l := range lines {
		parts = append(parts, l.MeetingID, l.Kind, l.Sequence, l.Stamp.UnixNano())
	}
	n := &models.Notification{
		MissionID: &m.ID, DelegateID: &d.ID, RegistrationID: &d.RegistrationID, Kind: models.NoticeChanges,
		IdempotencyKey: key(models.NoticeChanges, parts...), RecipientEmail: d.Email, RecipientName: d.FullName,
		UnsubscribeURL: s.unsubscribeURL(pref.UnsubscribeToken, models.NoticeChanges),
	}
	if err := s.composeChanges(n, m, d, firm, lines); err != nil {
		return err
	}
	return s.recordOnce(ctx, tx, n)
}

// composeChanges fills n's subject, bodies, attachments and the change list kept for merging.
func (s *Service) composeChanges(n *models.Notification, m *models.Mission, d *models.Delegate, firm string, lines []changeLine) error {
	msg := changesMessage(m, d, firm, lines, s.opts.BaseURL, n.UnsubscribeURL)
	n.Subject, n.BodyText, n.BodyHTML = msg.Subject, msg.Text, msg.HTML
	files, err := s.invitations(m, d, lines)
	if err != nil {
		return err
	}
	att, err := json.Marshal(files)
	if err != nil {
		return err
	}
	ch, err := json.Marshal(lines)
	if err != nil {
		return err
	}
	n.Attachments, n.Changes = string(att), string(ch)
	return nil
}

// live reports whether a meeting is in people's plans: scheduled, with a time.
func live(mt *models.Meeting) bool {
	return mt != nil && mt.Status == models.MeetingScheduled && mt.StartsAt != nil && mt.EndsAt != nil
}

// attends reports whether delegate did of registration rid goes to mt (a meeting naming no delegates
// is the whole firm's).
func attends(mt *models.Meeting, rid, did uint, firm []uint) bool {
	if !live(mt) || mt.RegistrationID != rid {
		return false
	}
	named := false
	for _, id := range mt.DelegateIDs {
		if slices.Contains(firm, id) {
			named = true
			if id == did {
				return true
			}
		}
	}
	return !named
}

// lineFor is what change c means for one delegate: a new meeting, a moved one, a cancelled one, or
// nothing (false) when their plans are the same.
func (s *Service) lineFor(src *models.ItinerarySource, rid, did uint, firm []uint, c models.MeetingChange) (changeLine, bool) {
	was, now := attends(c.Before, rid, did, firm), attends(c.After, rid, did, firm)
	if !was && !now {
		return changeLine{}, false
	}
	line := changeLine{MeetingID: c.After.ID, Sequence: c.After.Sequence, Stamp: c.After.UpdatedAt.UTC()}
	ref := c.After
	if !now {
		ref = c.Before
	}
	contact := src.Contacts[ref.ContactID]
	line.Title = "Meeting with " + first(contact.FullName, contact.Organisation, "a contact")
	if contact.Organisation != "" && contact.FullName != "" {
		line.Title += " (" + contact.Organisation + ")"
	}
	line.With = join(", ", contact.FullName, contact.JobTitle, contact.Organisation)
	line.Notes = ref.Notes
	line.Delegates = delegateNames(src, ref, rid)
	if was {
		line.Was = slotOf(src, c.Before)
	}
	if now {
		line.Now = slotOf(src, c.After)
	}
	switch {
	case was && now:
		if line.Was.Same(*line.Now) {
			return changeLine{}, false
		}
		line.Kind = changeMoved
	case now:
		line.Kind = changeNew
	default:
		line.Kind = changeCancelled
	}
	return line, true
}

func slotOf(src *models.ItinerarySource, mt *models.Meeting) *slot {
	return &slot{Start: mt.StartsAt.UTC(), End: mt.EndsAt.UTC(), Address: src.MeetingAddress(*mt)}
}

func delegateNames(src *models.ItinerarySource, mt *models.Meeting, rid uint) []string {
	var named, all []string
	for _, d := range src.Delegates {
		if d.RegistrationID != rid {
			continue
		}
		all = append(all, d.FullName)
		if slices.Contains(mt.DelegateIDs, d.ID) {
			named = append(named, d.FullName)
		}
	}
	if len(named) == 0 {
		return all
	}
	return named
}

// Kinds of change line.
const (
	changeNew       = "new"
	changeMoved     = "moved"
	changeCancelled = "cancelled"
)

// changeLine is one meeting's change for one delegate, as kept with the notice (so held notices can be
// merged) and shown in it.
type changeLine struct {
	MeetingID uint      `json:"meeting_id"`
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	With      string    `json:"with"`
	Notes     string    `json:"notes,omitempty"`
	Delegates []string  `json:"delegates"`
	Was       *slot     `json:"was,omitempty"`
	Now       *slot     `json:"now,omitempty"`
	Sequence  int       `json:"sequence"`
	Stamp     time.Time `json:"stamp"` // when the meeting was changed
}

func (l changeLine) sortTime() time.Time {
	if l.Now != nil {
		return l.Now.Start
	}
	return l.Was.Start
}

// slot is when and where a meeting is.
type slot struct {
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Address string    `json:"address"`
}

// Same reports whether two slots are the same time and place.
func (a slot) Same(b slot) bool {
	return a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Address == b.Address
}

func first(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func join(sep string, ss ...string) string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
