// Package app assembles missionplanner: configuration, database, migrations, the Fiber app, its routes
// and middleware, and the command line.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os/user"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

// usage is printed for -h and for an unknown command.
const usage = `missionplanner: plan trade missions.

Usage:
  missionplanner [serve] [--demo]          run the web application (PORT, DATABASE_URL, DATA_DIR…)
  missionplanner migrate                   bring the database schema up to date and exit
  missionplanner token create --email E    print a new API token for the user E
  missionplanner createuser --email E --name N [--role staff|admin]
                                           add a staff account; its password is printed once
  missionplanner export schedule|itinerary|itineraries --mission ID [--registration RID] -o PATH
                                           write the master schedule, a firm's itinerary or all of them
  missionplanner check --mission ID        list the scheduled meetings and programme items that break a
                                           rule; exits 1 when there is any
  missionplanner seed --firms 300 --contacts 1500 --meetings 6000 [--mission ID]
                                           build a large realistic mission (batched, with progress)
  missionplanner schedule --mission ID [--publish]
                                           propose times for meeting requests (and save them)
  missionplanner privacy export --email E -o FILE
                                           everything held about a person (.xlsx or JSON)
  missionplanner privacy erase --email E --yes
                                           erase a person everywhere (cannot be undone)
  missionplanner privacy purge             remove personal data past its retention date now

Every command but serve takes --as EMAIL: the account the audit trail names (else the OS user).
`

// Run is the whole program: it parses args (without the program name), reads the environment through
// getenv, prints results to stdout and messages to stderr, and returns when ctx is cancelled or the
// command is done.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, args, log)
	case "help", "-h", "--help":
		_, err := io.WriteString(stdout, usage)
		return err
	}
	if extra, ok := commands[cmd]; ok {
		as, args := operatorFlag(args)
		db, err := openAndMigrate(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer closeDB(db)
		// Commands change data through the notifier's store, so what they change is announced too
		// (the jobs they queue are delivered by a running server).
		notifier, err := NewNotifier(cfg, db, log, time.Now)
		if err != nil {
			return err
		}
		store := notifier.Store()
		op, err := commandOperator(ctx, store, as, getenv)
		if err != nil {
			return err
		}
		ctx = models.WithOperator(ctx, op)
		return extra(ctx, CommandEnv{Config: cfg, Store: store, Log: log, Stdout: stdout, Stderr: stderr}, args)
	}
	_, _ = io.WriteString(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// operatorFlag takes --as EMAIL (or --as=EMAIL), which any command accepts, out of args.
func operatorFlag(args []string) (string, []string) {
	var as string
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case (a == "--as" || a == "-as") && i+1 < len(args):
			as = args[i+1]
			i++
		case strings.HasPrefix(a, "--as="), strings.HasPrefix(a, "-as="):
			as = a[strings.IndexByte(a, '=')+1:]
		default:
			out = append(out, a)
		}
	}
	return as, out
}

// commandOperator is who the audit trail says ran a command: the account given with --as (which must
// exist), else the operating-system user ("cli:jo"), so nothing the command line does is anonymous.
func commandOperator(ctx context.Context, store *models.Store, as string, getenv func(string) string) (models.Operator, error) {
	if as != "" {
		u, err := store.UserByEmail(ctx, as)
		if errors.Is(err, models.ErrNotFound) {
			return models.Operator{}, fmt.Errorf("--as %s: there is no account with that email", as)
		}
		if err != nil {
			return models.Operator{}, err
		}
		return models.Operator{UserID: &u.ID, Label: u.Email}, nil
	}
	name := getenv("USER")
	if name == "" {
		name = getenv("LOGNAME")
	}
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	if name == "" {
		name = "unknown"
	}
	return models.Operator{Label: "cli:" + name}, nil
}

// CommandEnv is what a subcommand gets: the configuration, an open store and where to write.
type CommandEnv struct {
	Config         Config
	Store          *models.Store
	Log            *slog.Logger
	Stdout, Stderr io.Writer
}

// commands are the subcommands other than serve: each gets an open, migrated database.
var commands = map[string]func(ctx context.Context, env CommandEnv, args []string) error{}

func openAndMigrate(ctx context.Context, cfg Config, log *slog.Logger) (*gorm.DB, error) {
	db, err := OpenDatabase(cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	n, err := Migrate(ctx, db)
	if err != nil {
		_ = closeDB(db)
		return nil, err
	}
	if n > 0 {
		log.Info("database migrated", "steps", n, "database", db.Dialector.Name())
	}
	return db, nil
}

func closeDB(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

func serve(ctx context.Context, cfg Config, args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "load the demo mission into an empty database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openAndMigrate(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB(db)
	if cfg.UsesPostgres() {
		log.Info("using PostgreSQL")
	} else {
		log.Info("using the embedded SQLite database", "path", cfg.DataDir+"/missionplanner.db")
	}
	store := models.NewStore(db)
	if err := bootstrapAdmin(ctx, store, cfg, log); err != nil {
		return err
	}
	if *demo {
		if err := LoadDemo(ctx, store, log); err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
	}
	srv, err := NewServer(cfg, db, log, time.Now)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.Port))
	if err != nil {
		return fmt.Errorf("listen on port %d: %w", cfg.Port, err)
	}
	if err := srv.Notify.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	if !srv.Notify.MailConfigured() {
		log.Warn("SMTP_HOST is not set: messages wait in the outbox until it is")
	}
	log.Info("missionplanner is running; sign in at "+cfg.BaseURL+"/login", "port", cfg.Port)
	go purgeSessions(ctx, store, log)
	// Retention: every instance runs the job; each removal is claimed by one of them (see privacy.Purge).
	go privacy.New(store).RunRetention(ctx, RetentionInterval, time.Now, log)
	errc := make(chan error, 1)
	go func() { errc <- srv.App.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.App.ShutdownWithContext(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := srv.Notify.Stop(shutdownCtx); err != nil {
		log.Warn("stop the job queue", "err", err)
	}
	log.Info("stopped")
	return nil
}

// RetentionInterval is how often serve runs the retention job.
const RetentionInterval = time.Hour

func purgeSessions(ctx context.Context, store *models.Store, log *slog.Logger) {
	t := time.NewTicker(30 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := store.PurgeSessions(ctx, time.Now()); err != nil {
				log.Warn("purge expired sessions", "err", err)
			}
			if err := store.PurgeSignInLimits(ctx, time.Now()); err != nil {
				log.Warn("purge sign-in limits", "err", err)
			}
		}
	}
}

// bootstrapAdmin creates the first admin when there are no users: from ADMIN_EMAIL and ADMIN_PASSWORD,
// or admin@localhost with a random password written once to the log.
func bootstrapAdmin(ctx context.Context, store *models.Store, cfg Config, log *slog.Logger) error {
	email, password, generated := cfg.AdminEmail, cfg.AdminPassword, false
	if email == "" {
		email = models.DefaultAdminEmail
	}
	if password == "" {
		password, generated = models.GeneratePassword(email), true
	}
	created, err := store.CreateFirstAdmin(ctx, email, password)
	if err != nil || !created {
		return err
	}
	if generated {
		log.Warn("first start: created an admin account; sign in and change this password at "+cfg.BaseURL+"/account/password", "email", email, "password", password)
	} else {
		log.Info("first start: created the admin account from ADMIN_EMAIL", "email", email)
	}
	return nil
}
