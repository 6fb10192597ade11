package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func TestMigrationsAreIdempotentAndConstrain(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		n, err := app.Migrate(context.Background(), db)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d steps, err %v; want 0, nil", n, err)
		}
		ctx := context.Background()
		store := models.NewStore(db)
		m := app.DemoMission()
		if err := store.CreateMission(ctx, nil, &m); err != nil {
			t.Fatal(err)
		}
		// The same constraints hold on both databases.
		bad := []struct {
			name string
			sql  string
			args []any
		}{
			{"end before start", "UPDATE missions SET end_date = ? WHERE id = ?", []any{models.DateOf(2027, 3, 1), m.ID}},
			{"status not in list", "UPDATE missions SET status = 'maybe' WHERE id = ?", []any{m.ID}},
			{"registration of no mission", "INSERT INTO registrations (mission_id, firm_id, status, status_changed_at, created_at, updated_at) VALUES (999, 999, 'applied', ?, ?, ?)", []any{now, now, now}},
			{"duplicate user email", "INSERT INTO users (email, name, role, created_at, updated_at) VALUES ('a@b.example', 'A', 'staff', ?, ?), ('a@b.example', 'B', 'staff', ?, ?)", []any{now, now, now, now}},
			{"delegate user without registration", "INSERT INTO users (email, name, role, created_at, updated_at) VALUES ('d@b.example', 'D', 'delegate', ?, ?)", []any{now, now}},
		}
		for _, b := range bad {
			if err := db.Exec(b.sql, b.args...).Error; err == nil {
				t.Errorf("%s: the database accepted it", b.name)
			}
		}
		var got models.Mission
		db.First(&got, m.ID)
		if got.EndDate.String() != "2027-03-17" || got.Status != "open" {
			t.Errorf("a refused change was written: %+v", got)
		}
	})
}

func TestSecurityHeadersAndStaticCaching(t *testing.T) {
	a := apptest.New(t, apptest.OpenDB(t, "sqlite"), now)
	r := a.Client().Get("/login")
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows unsafe-inline: %q", csp)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") != "same-origin" {
		t.Errorf("headers: %v", r.Header)
	}
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent without COOKIE_SECURE")
	}
	css := a.Client().Get("/static/app.css")
	if css.Status != 200 || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") || !strings.Contains(css.Header.Get("Cache-Control"), "max-age") || css.Header.Get("ETag") == "" {
		t.Fatalf("stylesheet: %d %v", css.Status, css.Header)
	}
	req, _ := http.NewRequest("GET", "/static/app.css", nil)
	req.Header.Set("If-None-Match", css.Header.Get("ETag"))
	if r := a.Client().Do(req); r.Status != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", r.Status)
	}
	if r := a.Client().Get("/static/../../go.mod"); r.Status != http.StatusNotFound {
		t.Errorf("path traversal: %d", r.Status)
	}
}

func TestSecureCookiesAndHSTS(t *testing.T) {
	db := apptest.OpenDB(t, "sqlite")
	cfg, _ := app.LoadConfig(func(k string) string {
		if k == "COOKIE_SECURE" {
			return "true"
		}
		return ""
	})
	srv, err := app.NewServer(cfg, db, discardLog(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	res, err := srv.App.Test(httptestRequest("GET", "/login"), -1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS with COOKIE_SECURE=true")
	}
	for _, c := range res.Header.Values("Set-Cookie") {
		if !strings.Contains(c, "secure") && !strings.Contains(c, "Secure") {
			t.Errorf("cookie without Secure: %s", c)
		}
	}
}

func TestPanicBecomesPlain500(t *testing.T) {
	a := apptest.New(t, apptest.OpenDB(t, "sqlite"), now)
	a.Server.App.Get("/boom", func(c *fiber.Ctx) error { panic("secret detail: password=hunter2") })
	a.Server.App.Get("/fail", func(c *fiber.Ctx) error { return errors.New("pq: relation \"users\" secret detail") })
	for _, path := range []string{"/boom", "/fail"} {
		r := a.Client().Get(path)
		if r.Status != http.StatusInternalServerError || strings.Contains(r.Body, "secret") || !strings.Contains(r.Body, "Sorry, there is a problem") {
			t.Errorf("%s: %d %s", path, r.Status, r.Body)
		}
	}
	if r := a.Client().Get("/no/such/page"); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "Page not found") {
		t.Errorf("unknown page: %d", r.Status)
	}
	if r := a.API("GET", "/api/v1/nothing", "", ""); r.Status != http.StatusNotFound || !strings.Contains(r.Body, `"errors"`) {
		t.Errorf("unknown API path: %d %s", r.Status, r.Body)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	db := apptest.OpenDB(t, "sqlite")
	a := apptest.New(t, db, now)
	if r := a.Client().Get("/healthz"); r.Status != 200 {
		t.Fatalf("healthz: %d", r.Status)
	}
	if r := a.Client().Get("/readyz"); r.Status != 200 {
		t.Fatalf("readyz: %d", r.Status)
	}
	sqlDB, _ := db.DB()
	sqlDB.Close()
	if r := a.Client().Get("/healthz"); r.Status != 200 {
		t.Errorf("healthz with the database gone: %d, want 200", r.Status)
	}
	if r := a.Client().Get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database gone: %d, want 503", r.Status)
	}
	r := a.Client().Get("/login")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Errorf("page with the database gone: %d (Retry-After %q), want 503 with Retry-After", r.Status, r.Header.Get("Retry-After"))
	}
}

// TestRecoversWhenPostgresReturns cuts the connection to PostgreSQL with a proxy, then restores it:
// pages answer 503 meanwhile and work again afterwards, without a restart.
func TestRecoversWhenPostgresReturns(t *testing.T) {
	base := apptest.PostgresURL(t)
	migrated := apptest.OpenDB(t, "postgres") // a fresh schema, migrated
	var schema string
	migrated.Raw("SELECT current_schema()").Scan(&schema)
	u, _ := url.Parse(base)
	p := startProxy(t, u.Host)
	u.Host = p.addr
	q := u.Query()
	q.Set("search_path", schema+",public")
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	db, err := gorm.Open(postgres.Open(u.String()), &gorm.Config{TranslateError: true, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db, now)
	if r := a.Client().Get("/login"); r.Status != 200 {
		t.Fatalf("before the outage: %d", r.Status)
	}
	p.cut()
	r := a.Client().Get("/login")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Fatalf("during the outage: %d %q", r.Status, r.Body)
	}
	if r := a.Client().Get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("readyz during the outage: %d", r.Status)
	}
	p.restore()
	ok := false
	for i := 0; i < 20 && !ok; i++ {
		ok = a.Client().Get("/login").Status == 200
		if !ok {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !ok || a.Client().Get("/readyz").Status != 200 {
		t.Fatal("the app did not recover when the database came back")
	}
}

func TestRunStopsCleanlyOnCancel(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir := t.TempDir()
	env := map[string]string{"PORT": itoa(port), "DATA_DIR": dir, "ADMIN_EMAIL": "admin@agency.example", "ADMIN_PASSWORD": "a long enough password"}
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- app.Run(ctx, []string{"serve", "--demo"}, func(k string) string { return env[k] }, io.Discard, &stderr)
	}()
	base := "http://127.0.0.1:" + itoa(port)
	var up bool
	// Loading the demo takes about a second on a quiet machine, over ten with two cores 25 deep: wait
	// up to a minute, or until Run gives up.
	for deadline := time.Now().Add(time.Minute); !up && time.Now().Before(deadline); {
		select {
		case err := <-done:
			t.Fatalf("serve --demo stopped before answering: %v: %s", err, stderr.String())
		default:
		}
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			up = res.StatusCode == 200
		}
		if !up {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !up {
		cancel()
		t.Fatalf("server did not start: %s", stderr.String())
	}
	res, err := http.Get(base + "/login")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("login page: %v", err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	log := stderr.String()
	if !strings.Contains(log, "sign in at") || !strings.Contains(log, "demo mission loaded") || strings.Contains(log, "a long enough password") {
		t.Errorf("log:\n%s", log)
	}
}

func TestTokenAndCreateUserCommands(t *testing.T) {
	dir, env := dataDirEnv(t)
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if err := app.Run(ctx, []string{"createuser", "--email", "Sam@Agency.example", "--name", "Sam Staff"}, env, &out, &errOut); err != nil {
		t.Fatalf("createuser: %v\n%s", err, errOut.String())
	}
	password := strings.TrimSpace(out.String())
	if len(password) < 12 || strings.Contains(out.String(), "created") {
		t.Fatalf("createuser printed %q", out.String())
	}
	out.Reset()
	if err := app.Run(ctx, []string{"token", "create", "--email", "sam@agency.example"}, env, &out, &errOut); err != nil {
		t.Fatalf("token create: %v", err)
	}
	token := strings.TrimSpace(out.String())
	if !strings.HasPrefix(token, "mp_") || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("token create printed %q, want the token alone", out.String())
	}
	if strings.Contains(errOut.String(), token) || strings.Contains(errOut.String(), password) {
		t.Error("a secret reached the log")
	}
	if err := app.Run(ctx, []string{"token", "create", "--email", "nobody@agency.example"}, env, &out, &errOut); err == nil {
		t.Error("token for an unknown user succeeded")
	}
	db, err := app.OpenDatabase("", dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := app.NewServer(mustConfig(t), db, discardLog(), time.Now)
	req := httptestRequest("GET", "/api/v1/missions")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := srv.App.Test(req, -1)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("the printed token does not work: %v %d", err, res.StatusCode)
	}
	u, err := models.NewStore(db).Authenticate(ctx, "sam@agency.example", password, "192.0.2.1", time.Now())
	if err != nil || u.Role != "staff" {
		t.Fatalf("the printed password does not work: %v", err)
	}
}

// proxy forwards TCP to a target and can cut every connection.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("reopen proxy: %v", err)
	}
	p.serve(ln)
}

// The request log records the status actually sent, also for errors the error handler turns into a
// page, and never a secret part of the path.
func TestRequestLogRecordsTheStatusSent(t *testing.T) {
	db := apptest.OpenDB(t, "sqlite")
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := app.NewServer(mustConfig(t), db, log, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	srv.App.Get("/boom", func(c *fiber.Ctx) error { panic("kaboom") })
	srv.App.Get("/gone", func(c *fiber.Ctx) error { return models.ErrNotFound })
	for _, path := range []string{"/gone", "/api/v1/missions/abc", "/no/such/page", "/boom", "/feeds/secret-token.ics"} {
		res, err := srv.App.Test(httptestRequest("GET", path), -1)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	out := buf.String()
	for _, want := range []string{"path=/gone status=404", "path=/api/v1/missions/abc status=401", "path=/no/such/page status=404", "path=/boom status=500", "path=/feeds/… status=404"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret-token") {
		t.Error("the feed token reached the log")
	}
}
