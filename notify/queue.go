// Package notify tells people about changes by email: it records each message in the outbox (the
// notifications table) in the same transaction as the change that causes it, and River jobs in the
// same database deliver them over SMTP, retrying with backoff. It also sends the daily agenda and opens
// the follow-up survey rounds as they come due.
package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// Queues: mail delivers messages (worked only when SMTP is configured, so without it messages wait in
// the outbox); default runs the agenda and follow-up sweeps.
const (
	queueMail    = "mail"
	queueDefault = river.QueueDefault
	// deliveryAttempts: River's backoff (attempt⁴ seconds) spreads 12 attempts over about 11 hours.
	deliveryAttempts = 12
)

// Options configure the service.
type Options struct {
	BaseURL string // public address, for links and calendar UIDs
	From    string // the From address
	ReplyTo string // optional Reply-To address
	SMTP    SMTPConfig
	// PollInterval is how often idle workers look for jobs (River's FetchPollInterval); default 1 s.
	PollInterval time.Duration
	// AgendaEvery is how often the agenda sweep runs; default 5 minutes.
	AgendaEvery time.Duration
	// FollowUpEvery is how often the follow-up sweep opens the survey rounds due; default 15 minutes.
	FollowUpEvery time.Duration
	Now           func() time.Time
	Log           *slog.Logger
}

// Service is the notifier: the change hook of the store, the job queue and the mailer.
type Service struct {
	db     *gorm.DB
	store  *models.Store // with this service as its hook
	river  *river.Client[*sql.Tx]
	mailer *Mailer // nil when no SMTP server is configured
	opts   Options
	host   string
}

// New builds the service on db (not started: Start runs the workers). Without SMTP_HOST the mail
// queue is not worked: messages wait, queued, in the outbox.
func New(db *gorm.DB, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.AgendaEvery <= 0 {
		opts.AgendaEvery = 5 * time.Minute
	}
	if opts.FollowUpEvery <= 0 {
		opts.FollowUpEvery = 15 * time.Minute
	}
	s := &Service{db: db, opts: opts, host: exports.CalendarHost(opts.BaseURL)}
	s.store = models.NewStore(db).WithHook(s)
	if opts.SMTP.Host != "" {
		m, err := NewMailer(opts.SMTP)
		if err != nil {
			return nil, err
		}
		s.mailer = m
	}
	driver, err := driverFor(db)
	if err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliverWorker{s: s})
	river.AddWorker(workers, &agendaWorker{s: s})
	river.AddWorker(workers, &followUpWorker{s: s})
	queues := map[string]river.QueueConfig{queueDefault: {MaxWorkers: 2}}
	if s.mailer != nil {
		queues[queueMail] = river.QueueConfig{MaxWorkers: 4}
	}
	s.river, err = river.NewClient(driver, &river.Config{
		Queues:            queues,
		Workers:           workers,
		FetchPollInterval: opts.PollInterval,
		FetchCooldown:     min(opts.PollInterval, 100*time.Millisecond),
		MaxAttempts:       deliveryAttempts,
		Logger:            slog.New(warnings{opts.Log.Handler()}).With("component", "river"),
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(opts.AgendaEvery),
			func() (river.JobArgs, *river.InsertOpts) { return agendaArgs{}, nil }, &river.PeriodicJobOpts{ID: "agenda", RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(opts.FollowUpEvery),
				func() (river.JobArgs, *river.InsertOpts) { return followUpArgs{}, nil }, &river.PeriodicJobOpts{ID: "follow_up", RunOnStart: true})},
	})
	if err != nil {
		return nil, fmt.Errorf("notify: job queue: %w", err)
	}
	return s, nil
}

// Store is the application's store with this service listening for changes.
func (s *Service) Store() *models.Store { return s.store }

// MailConfigured reports whether messages are delivered (SMTP_HOST is set).
func (s *Service) MailConfigured() bool { return s.mailer != nil }

// Start runs the workers until Stop.
func (s *Service) Start(ctx context.Context) error {
	if err := s.river.Start(ctx); err != nil {
		return fmt.Errorf("notify: start job queue: %w", err)
	}
	return nil
}

// Stop lets running jobs finish (until ctx ends) and stops the workers.
func (s *Service) Stop(ctx context.Context) error { return s.river.Stop(ctx) }

func driverFor(db *gorm.DB) (riverdriver.Driver[*sql.Tx], error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	switch db.Dialector.Name() {
	case "sqlite":
		return riversqlite.New(sqlDB), nil
	case "postgres":
		return riverdatabasesql.New(sqlDB), nil
	}
	return nil, fmt.Errorf("notify: unsupported database %q", db.Dialector.Name())
}

// MigrateQueue brings River's tables up to date and reports how many of River's migrations ran. On
// SQLite they run in one (immediate, so serialised) transaction. On PostgreSQL River runs each in its
// own transaction (one adds an enum value a later statement uses, which one transaction cannot do),
// while a session advisory lock makes instances starting together wait for each other.
func MigrateQueue(ctx context.Context, db *gorm.DB) (int, error) {
	driver, err := driverFor(db)
	if err != nil {
		return 0, err
	}
	migrator, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return 0, fmt.Errorf("notify: River migrations: %w", err)
	}
	var res *rivermigrate.MigrateResult
	if db.Dialector.Name() == "postgres" {
		sqlDB, err := db.DB()
		if err != nil {
			return 0, err
		}
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("notify: migrate River's tables: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7263515)`); err != nil {
			return 0, fmt.Errorf("notify: migrate River's tables: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7263515)`)
		res, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err != nil {
			return 0, fmt.Errorf("notify: migrate River's tables: %w", err)
		}
		return len(res.Versions), nil
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sqlTx, err := SQLTx(tx)
		if err != nil {
			return err
		}
		res, err = migrator.MigrateTx(ctx, sqlTx, rivermigrate.DirectionUp, nil)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("notify: migrate River's tables: %w", err)
	}
	return len(res.Versions), nil
}

// SQLTx is the *sql.Tx under a GORM transaction, which River's InsertTx joins.
func SQLTx(tx *gorm.DB) (*sql.Tx, error) {
	switch pool := tx.Statement.ConnPool.(type) {
	case *sql.Tx:
		return pool, nil
	case interface{ SQLTx() *sql.Tx }: // models' revision-tracking transaction
		return pool.SQLTx(), nil
	}
	return nil, errors.New("notify: not inside a database transaction")
}

// warnings passes on River's warnings and errors only: its info lines (job counts every few seconds)
// would drown the application's log.
type warnings struct{ slog.Handler }

func (w warnings) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}
func (w warnings) WithAttrs(a []slog.Attr) slog.Handler { return warnings{w.Handler.WithAttrs(a)} }
func (w warnings) WithGroup(g string) slog.Handler      { return warnings{w.Handler.WithGroup(g)} }
