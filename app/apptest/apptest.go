// Package apptest drives the real application in tests: a fresh database per test (SQLite always,
// PostgreSQL too when TEST_DATABASE_URL is set, each test in its own schema), the real Fiber app, and a
// client that keeps cookies and posts forms with their CSRF token as a browser does.
package apptest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/models"
)

// Databases lists the databases tests run on: "sqlite", and "postgres" when TEST_DATABASE_URL is set.
func Databases() []string {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// PostgresURL is TEST_DATABASE_URL. Without it the test is skipped, or, with CI=true, fails: on CI the
// PostgreSQL half of the suite must never vanish silently.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests would be skipped")
		}
		t.Skip("TEST_DATABASE_URL is not set")
	}
	return base
}

// EachDB runs fn as a subtest on every database in Databases, each with a fresh, migrated database.
// With CI=true and no TEST_DATABASE_URL it fails rather than run on SQLite alone.
func EachDB(t *testing.T, fn func(t *testing.T, db *gorm.DB)) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		PostgresURL(t)
	}
	for _, name := range Databases() {
		t.Run(name, func(t *testing.T) { fn(t, OpenDB(t, name)) })
	}
}

var schemaSeq struct {
	sync.Mutex
	n int
}

// OpenDB returns a fresh, migrated database of the named kind, removed when the test ends. It is
// opened exactly as the application opens it (app.OpenDatabase); on PostgreSQL each test gets a schema
// of its own.
func OpenDB(t testing.TB, kind string) *gorm.DB {
	t.Helper()
	var db *gorm.DB
	var err error
	var url, dir string
	switch kind {
	case "sqlite":
		dir = t.TempDir()
		db, err = app.OpenDatabase("", dir)
	case "postgres":
		base := PostgresURL(t)
		schemaSeq.Lock()
		schemaSeq.n++
		schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.n)
		schemaSeq.Unlock()
		admin, aerr := app.OpenDatabase(base, "")
		if aerr != nil {
			t.Fatalf("open PostgreSQL at TEST_DATABASE_URL: %v", aerr)
		}
		if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
			t.Fatalf("create test schema: %v", err)
		}
		t.Cleanup(func() {
			admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			if sqlDB, err := admin.DB(); err == nil {
				sqlDB.Close()
			}
		})
		url = withSearchPath(base, schema+",public")
		db, err = app.OpenDatabase(url, "")
	default:
		t.Fatalf("unknown database %q", kind)
	}
	if err != nil {
		t.Fatalf("open %s: %v", kind, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB.Close() })
	if _, err := app.Migrate(context.Background(), db); err != nil {
		t.Fatalf("migrate %s: %v", kind, err)
	}
	opened.Store(db, [2]string{url, dir})
	return db
}

// opened remembers where each test database lives, for Reopen.
var opened sync.Map

// Reopen opens a second, independent connection pool to the database of db (as a second instance of
// the application would), closed when the test ends.
func Reopen(t testing.TB, db *gorm.DB) *gorm.DB {
	t.Helper()
	where, ok := opened.Load(db)
	if !ok {
		t.Fatal("Reopen: the database was not opened by OpenDB")
	}
	w := where.([2]string)
	db2, err := app.OpenDatabase(w[0], w[1])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db2.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db2
}

func withSearchPath(raw, path string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set("search_path", path)
	u.RawQuery = q.Encode()
	return u.String()
}

// App is the real application on a test database.
type App struct {
	T      testing.TB
	DB     *gorm.DB
	Store  *models.Store
	Server *app.Server
	Config app.Config
	Now    time.Time // the clock the app sees; tests may move it
	mu     sync.Mutex
}

// New builds the application on db with default configuration and a clock fixed at now.
func New(t testing.TB, db *gorm.DB, now time.Time) *App { return NewWith(t, db, now, nil) }

// NewWith builds the application on db with the environment variables env (e.g. SMTP_HOST) and a
// clock fixed at now. Job workers poll every 20 ms; they run once StartNotifier is called.
func NewWith(t testing.TB, db *gorm.DB, now time.Time, env map[string]string) *App {
	t.Helper()
	return NewConfigured(t, db, now, env, nil)
}

// NewConfigured is NewWith with a last change to the configuration (nil for none), for settings
// that have no environment variable, such as how often the follow-up sweep runs.
func NewConfigured(t testing.TB, db *gorm.DB, now time.Time, env map[string]string, change func(*app.Config)) *App {
	t.Helper()
	cfg, err := app.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg.JobPollInterval = 20 * time.Millisecond
	if change != nil {
		change(&cfg)
	}
	a := &App{T: t, DB: db, Store: models.NewStore(db), Config: cfg, Now: now}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	srv, err := app.NewServer(cfg, db, log, a.clock)
	if err != nil {
		t.Fatal(err)
	}
	a.Server = srv
	return a
}

// StartNotifier runs the app's job workers (message delivery, the agenda sweep) until the test ends.
func (a *App) StartNotifier() {
	a.T.Helper()
	if err := a.Server.Notify.Start(context.Background()); err != nil {
		a.T.Fatal(err)
	}
	a.T.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.Server.Notify.Stop(ctx)
	})
}

func (a *App) clock() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.Now
}

// SetNow moves the app's clock.
func (a *App) SetNow(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.Now = t
}

// CreateUser adds an account with role and returns it with its password.
func (a *App) CreateUser(role, email string) (*models.User, string) {
	a.T.Helper()
	password := "correct horse battery staple"
	u := &models.User{Email: email, Name: strings.Split(email, "@")[0], Role: role}
	if err := a.Store.CreateUser(context.Background(), nil, u, password); err != nil {
		a.T.Fatalf("create user %s: %v", email, err)
	}
	return u, password
}

// Token creates an API token for the user.
func (a *App) Token(u *models.User) string {
	a.T.Helper()
	tok, err := a.Store.CreateAPIToken(context.Background(), u.ID, "test")
	if err != nil {
		a.T.Fatal(err)
	}
	return tok
}

// Response is what a request answered.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Location is the redirect target.
func (r *Response) Location() string { return r.Header.Get("Location") }

// Client is a browser: it keeps cookies and the last CSRF token it saw.
type Client struct {
	app     *App
	cookies map[string]*http.Cookie
	csrf    string
}

// Client returns a new browser with no cookies.
func (a *App) Client() *Client { return &Client{app: a, cookies: map[string]*http.Cookie{}} }

// SignedIn returns a browser signed in as a new user with role.
func (a *App) SignedIn(role, email string) (*Client, *models.User) {
	a.T.Helper()
	u, pw := a.CreateUser(role, email)
	c := a.Client()
	c.SignIn(email, pw)
	return c, u
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Do sends req with the browser's cookies and remembers what it sets.
func (c *Client) Do(req *http.Request) *Response {
	c.app.T.Helper()
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	res, err := c.app.Server.App.Test(req, -1)
	if err != nil {
		c.app.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || (ck.Value == "") || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) {
			delete(c.cookies, ck.Name)
			continue
		}
		c.cookies[ck.Name] = ck
	}
	if m := csrfRe.FindSubmatch(body); m != nil {
		c.csrf = string(m[1])
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

// Get fetches a page.
func (c *Client) Get(path string) *Response {
	return c.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

// PostForm posts a form with the CSRF token of the last page fetched (unless vals sets _csrf).
func (c *Client) PostForm(path string, vals url.Values) *Response {
	if vals == nil {
		vals = url.Values{}
	}
	if _, ok := vals["_csrf"]; !ok && c.csrf != "" {
		vals.Set("_csrf", c.csrf)
	}
	return c.PostRaw(path, vals)
}

// PostRaw posts a form exactly as given, without adding a CSRF token.
func (c *Client) PostRaw(path string, vals url.Values) *Response {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Submit fetches the form page at formPath (for its CSRF token) and posts vals to action.
func (c *Client) Submit(formPath, action string, vals url.Values) *Response {
	c.app.T.Helper()
	if r := c.Get(formPath); r.Status != http.StatusOK {
		c.app.T.Fatalf("GET %s: %d", formPath, r.Status)
	}
	return c.PostForm(action, vals)
}

// SignIn signs the browser in, failing the test if that does not redirect.
func (c *Client) SignIn(email, password string) {
	c.app.T.Helper()
	r := c.Submit("/login", "/login", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.app.T.Fatalf("sign in as %s: status %d", email, r.Status)
	}
}

// Cookie is the value of the browser's cookie name ("" when it has none).
func (c *Client) Cookie(name string) string {
	if ck, ok := c.cookies[name]; ok {
		return ck.Value
	}
	return ""
}

// CSRF is the last CSRF token the browser saw.
func (c *Client) CSRF() string { return c.csrf }

// API sends a JSON API request with a bearer token (empty for none).
func (a *App) API(method, path, token, body string) *Response {
	a.T.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := a.Server.App.Test(req, -1)
	if err != nil {
		a.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &Response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// MustUser loads the user with email.
func (a *App) MustUser(email string) *models.User {
	a.T.Helper()
	u, err := a.Store.UserByEmail(context.Background(), email)
	if err != nil {
		a.T.Fatalf("user %s: %v", email, err)
	}
	return u
}
