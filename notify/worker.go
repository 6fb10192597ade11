package notify

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/riverqueue/river"

	"github.com/missionplanner/missionplanner/models"
)

// deliverArgs is the job that hands one outbox message to the SMTP server.
type deliverArgs struct {
	NotificationID uint `json:"notification_id"`
}

func (deliverArgs) Kind() string { return "deliver_notification" }

// InsertOpts: one job per message (unique by its arguments), on the mail queue.
func (deliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMail, MaxAttempts: deliveryAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type deliverWorker struct {
	river.WorkerDefaults[deliverArgs]
	s *Service
}

// Work sends the message unless it has been sent already (a retry, or a second instance that picked
// up a rescued job, never sends it twice). A failure is recorded on the message and returned, so
// River retries it with backoff.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[deliverArgs]) error {
	s := w.s
	n, err := s.store.Notification(ctx, job.Args.NotificationID)
	if errors.Is(err, models.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("notification %d no longer exists", job.Args.NotificationID))
	}
	if err != nil {
		return err
	}
	switch n.Status {
	case models.NotificationSent, models.NotificationSuperseded, models.NotificationHeld:
		return nil
	}
	if s.mailer == nil {
		return river.JobSnooze(s.opts.PollInterval * 60)
	}
	if err := s.mailer.Send(ctx, n, s.opts.From, s.opts.ReplyTo, s.host); err != nil {
		if ferr := s.store.NotificationFailed(ctx, n.ID, job.ID, err.Error()); ferr != nil {
			s.opts.Log.Warn("record failed notification", "id", n.ID, "err", ferr)
		}
		return err
	}
	if err := s.store.NotificationSent(context.WithoutCancel(ctx), n.ID, job.ID, s.opts.Now()); err != nil {
		// Sent but not recorded: say so loudly; returning the error would send it again.
		s.opts.Log.Error("notification sent but not recorded", "id", n.ID, "err", err)
	}
	s.opts.Log.Info("notification sent", "id", n.ID, "kind", n.Kind, "job", job.ID)
	return nil
}

// agendaArgs is the periodic sweep that queues tomorrow's agendas.
type agendaArgs struct{}

func (agendaArgs) Kind() string { return "daily_agenda_sweep" }

func (agendaArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: 60_000_000_000}}
}

type agendaWorker struct {
	river.WorkerDefaults[agendaArgs]
	s *Service
}

func (w *agendaWorker) Work(ctx context.Context, job *river.Job[agendaArgs]) error {
	_, err := w.s.QueueAgendas(ctx, w.s.opts.Now())
	return err
}

// Retry makes a queued or failed message go now: its job is made available at once (a discarded one
// gets another attempt). A held message is queued despite the hold.
func (s *Service) Retry(ctx context.Context, actor *models.User, id uint) (*models.Notification, error) {
	var out *models.Notification
	err := s.store.WithTx(ctx, func(tx *models.Store) error {
		n, err := tx.Notification(ctx, id)
		if err != nil {
			return err
		}
		out = n
		switch {
		case n.Status == models.NotificationSent || n.Status == models.NotificationSuperseded:
			return models.Conflict("notification", "This message has already been "+n.StatusLabel())
		case n.JobID == nil:
			return s.enqueue(ctx, tx, n)
		}
		sqlTx, err := SQLTx(tx.DB(ctx))
		if err != nil {
			return err
		}
		if _, err := s.river.JobRetryTx(ctx, sqlTx, *n.JobID); err != nil {
			if !errors.Is(err, river.ErrNotFound) {
				return fmt.Errorf("notify: retry job %d: %w", *n.JobID, err)
			}
			n.JobID = nil // the job was cleaned away: queue a new one
			return s.enqueue(ctx, tx, n)
		}
		return tx.Audit(ctx, actor, "retry", "notification", n.ID, n.MissionID, nil, map[string]any{"job_id": *n.JobID})
	})
	return out, err
}

// unsubscribeURL is the one-click link that stops kind of message for the delegate holding token.
func (s *Service) unsubscribeURL(token, kind string) string {
	return s.opts.BaseURL + "/unsubscribe/" + url.PathEscape(token) + "?kind=" + url.QueryEscape(kind)
}
