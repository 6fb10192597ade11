package app

import (
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// Config is everything the process reads from its environment, validated once at start.
type Config struct {
	Port          int
	DatabaseURL   string // postgres://…; empty selects the embedded SQLite database
	DataDir       string // where the SQLite database lives
	AdminEmail    string
	AdminPassword string
	CookieSecure  bool
	BaseURL       string // public address, used in links sent to delegates and in calendar feeds
	LogLevel      slog.Level
	SessionIdle   time.Duration
	SessionMaxAge time.Duration
	SMTPHost      string
	SMTPPort      int
	SMTPUsername  string
	SMTPPassword  string
	SMTPFrom      string
	SMTPReplyTo   string
	SMTPTLS       string // mandatory (default), opportunistic or none
	// JobPollInterval is how often idle workers look for jobs; tests shorten it.
	JobPollInterval time.Duration
	// FollowUpSweepInterval is how often the job queue opens the follow-up survey rounds that have
	// come due (15 minutes); tests shorten it.
	FollowUpSweepInterval time.Duration
	// PrivacyContact is whom the privacy notice names for data protection questions (PRIVACY_CONTACT;
	// ADMIN_EMAIL when unset).
	PrivacyContact string
	// NoPageCache (PAGE_CACHE=off) renders every page afresh instead of keeping costly pages while the
	// data revision stands (see handlers.Kept); for measuring what rendering costs.
	NoPageCache bool
}

// LoadConfig reads the configuration through getenv, applying defaults and refusing bad values.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:   strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:       strings.TrimSpace(getenv("DATA_DIR")),
		AdminEmail:    strings.ToLower(strings.TrimSpace(getenv("ADMIN_EMAIL"))),
		AdminPassword: getenv("ADMIN_PASSWORD"),
		BaseURL:       strings.TrimRight(strings.TrimSpace(getenv("BASE_URL")), "/"),
		SMTPHost:      strings.TrimSpace(getenv("SMTP_HOST")),
		SMTPUsername:  getenv("SMTP_USERNAME"),
		SMTPPassword:  getenv("SMTP_PASSWORD"),
		SMTPFrom:      strings.TrimSpace(getenv("SMTP_FROM")),
		SMTPReplyTo:   strings.TrimSpace(getenv("SMTP_REPLY_TO")),
		SMTPTLS:       strings.ToLower(strings.TrimSpace(getenv("SMTP_TLS"))),
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("PAGE_CACHE"))); v {
	case "", "on":
	case "off":
		c.NoPageCache = true
	default:
		return c, fmt.Errorf("PAGE_CACHE must be on or off, not %q", v)
	}
	c.PrivacyContact = strings.TrimSpace(getenv("PRIVACY_CONTACT"))
	if c.PrivacyContact == "" {
		c.PrivacyContact = c.AdminEmail
	}
	var errs []error
	c.Port = intVar(getenv, "PORT", 8080, &errs)
	if c.Port < 1 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("PORT must be between 1 and 65535, not %d", c.Port))
	}
	c.SMTPPort = intVar(getenv, "SMTP_PORT", 587, &errs)
	if c.SMTPPort < 1 || c.SMTPPort > 65535 {
		errs = append(errs, fmt.Errorf("SMTP_PORT must be between 1 and 65535, not %d", c.SMTPPort))
	}
	switch c.SMTPTLS {
	case "":
		c.SMTPTLS = "mandatory"
	case "mandatory", "opportunistic", "none":
	default:
		errs = append(errs, fmt.Errorf("SMTP_TLS must be mandatory, opportunistic or none, not %q", c.SMTPTLS))
	}
	if c.SMTPHost != "" && c.SMTPFrom == "" {
		errs = append(errs, errors.New("SMTP_FROM must be set when SMTP_HOST is (the address messages come from)"))
	}
	for name, v := range map[string]string{"SMTP_FROM": c.SMTPFrom, "SMTP_REPLY_TO": c.SMTPReplyTo} {
		if _, err := mail.ParseAddress(v); v != "" && err != nil {
			errs = append(errs, fmt.Errorf("%s must be an email address such as Mission team <missions@example.org>, not %q", name, v))
		}
	}
	c.JobPollInterval = time.Second
	c.FollowUpSweepInterval = 15 * time.Minute
	if c.DataDir == "" {
		c.DataDir = "./data"
	}
	c.DataDir = filepath.Clean(c.DataDir)
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("DATABASE_URL must be a postgres:// URL"))
		}
	}
	if c.AdminEmail != "" && !strings.Contains(c.AdminEmail, "@") {
		errs = append(errs, errors.New("ADMIN_EMAIL must be an email address"))
	}
	if c.AdminPassword != "" {
		if perrs := models.ValidatePassword(c.AdminPassword, c.AdminPassword, c.AdminEmail, ""); len(perrs) > 0 {
			errs = append(errs, errors.New("ADMIN_PASSWORD: "+perrs["password"]))
		}
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("COOKIE_SECURE"))); v {
	case "", "false", "0", "no":
	case "true", "1", "yes":
		c.CookieSecure = true
	default:
		errs = append(errs, fmt.Errorf("COOKIE_SECURE must be true or false, not %q", v))
	}
	if c.BaseURL == "" {
		c.BaseURL = fmt.Sprintf("http://localhost:%d", c.Port)
	} else if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, errors.New("BASE_URL must be an http(s) URL such as https://missions.example.org"))
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL"))); v {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, not %q", v))
	}
	c.SessionIdle = durationVar(getenv, "SESSION_IDLE_TIMEOUT", 2*time.Hour, &errs)
	c.SessionMaxAge = durationVar(getenv, "SESSION_MAX_AGE", 12*time.Hour, &errs)
	return c, errors.Join(errs...)
}

// UsesPostgres reports whether DATABASE_URL selected PostgreSQL.
func (c Config) UsesPostgres() bool { return c.DatabaseURL != "" }

func intVar(getenv func(string) string, name string, def int, errs *[]error) int {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s must be a whole number, not %q", name, v))
		return def
	}
	return n
}

func durationVar(getenv func(string) string, name string, def time.Duration, errs *[]error) time.Duration {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		*errs = append(*errs, fmt.Errorf("%s must be a positive duration such as 2h or 30m, not %q", name, v))
		return def
	}
	return d
}
