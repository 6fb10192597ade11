package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/missionplanner/missionplanner/models"
)

// FollowUpSent emails a going firm's contact its survey link, in the transaction that made the link
// (a round opening, or staff resending it). Each link is sent once: its key is the survey and how many
// times it has been sent, so a resend is a new message and a retried transaction is not.
func (s *Service) FollowUpSent(ctx context.Context, tx *models.Store, fu *models.SentFollowUp) error {
	to := strings.TrimSpace(fu.Email)
	if to == "" {
		return nil // no contact address and no delegate: staff see "no email" on the follow-ups page
	}
	msg := followUpMessage(fu, s.opts.BaseURL+"/follow-up/"+fu.Token)
	mid, rid := fu.MissionID, fu.RegistrationID
	return s.recordOnce(ctx, tx, &models.Notification{
		MissionID: &mid, RegistrationID: &rid, Kind: models.NoticeFollowUp,
		IdempotencyKey: key(models.NoticeFollowUp, fu.ID, fu.Sends), RecipientEmail: to, RecipientName: fu.ContactName,
		Subject: msg.Subject, BodyText: msg.Text, BodyHTML: msg.HTML,
	})
}

// followUpMessage asks a firm's contact to answer the survey: it carries the link and when it expires,
// and nothing of the meetings (no notes: the survey page lists the leads to whoever holds the link).
func followUpMessage(fu *models.SentFollowUp, link string) message {
	greeting := "Hello"
	if fu.ContactName != "" {
		greeting += " " + fu.ContactName
	}
	firm := fu.CompanyName
	if firm == "" {
		firm = "your firm"
	}
	return render(fmt.Sprintf("%s: how has it gone since the mission?", fu.MissionName), greeting+",", []block{
		{Lines: []string{fmt.Sprintf("It is %d months since %s. Please tell us what has come of %s's meetings: where each lead stands now, any export business won, and how the mission helped.", fu.Months, fu.MissionName, firm)}},
		{Lines: []string{"The survey takes a few minutes and needs no sign-in. You can change your answers until the link expires on " + fu.ExpiresAt.UTC().Format("2 January 2006") + ":"}, Link: link},
	}, []block{{Lines: []string{"You receive this because you are the contact for " + firm + " on " + fu.MissionName + ". Anyone with this link can answer for the firm: please do not forward it."}}})
}

// QueueFollowUps opens every follow-up survey round due at now and records each link's email. It is
// safe to run as often as wanted, from any number of instances: a round opens once. It returns how
// many links it made.
func (s *Service) QueueFollowUps(ctx context.Context, now time.Time) (int, error) {
	sent, err := s.store.OpenDueFollowUpRounds(ctx, now, func() string { return models.RandomToken(32) })
	if len(sent) > 0 {
		s.opts.Log.Info("follow-up survey links sent", "links", len(sent))
	}
	return len(sent), err
}

// followUpArgs is the periodic sweep that opens the survey rounds that have come due.
type followUpArgs struct{}

func (followUpArgs) Kind() string { return "follow_up_sweep" }

func (followUpArgs) InsertOpts() river.InsertOpts {
	// Not unique: a second sweep finds the rounds open and does nothing.
	return river.InsertOpts{MaxAttempts: 3}
}

type followUpWorker struct {
	river.WorkerDefaults[followUpArgs]
	s *Service
}

func (w *followUpWorker) Work(ctx context.Context, job *river.Job[followUpArgs]) error {
	_, err := w.s.QueueFollowUps(ctx, w.s.opts.Now())
	return err
}
