package app

import (
	"html/template"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/valyala/fasthttp"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/handlers"
	"github.com/missionplanner/missionplanner/notify"
	"github.com/missionplanner/missionplanner/templates"
)

// Server is the assembled web application.
type Server struct {
	App     *fiber.App
	Handler *handlers.Handler
	Notify  *notify.Service // the outbox and its workers (started by serve, or by tests that need them)
}

// NewNotifier builds the notifier from the configuration (not started).
func NewNotifier(cfg Config, db *gorm.DB, log *slog.Logger, now func() time.Time) (*notify.Service, error) {
	return notify.New(db, notify.Options{
		BaseURL: cfg.BaseURL, From: cfg.SMTPFrom, ReplyTo: cfg.SMTPReplyTo,
		SMTP:         notify.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, TLS: cfg.SMTPTLS},
		PollInterval: cfg.JobPollInterval, FollowUpEvery: cfg.FollowUpSweepInterval, Now: now, Log: log,
	})
}

// NewServer builds the Fiber app with its middleware and routes. now is the clock (tests pass their own).
func NewServer(cfg Config, db *gorm.DB, log *slog.Logger, now func() time.Time) (*Server, error) {
	notifier, err := NewNotifier(cfg, db, log, now)
	if err != nil {
		return nil, err
	}
	// The store tells the notifier about changes, inside the transactions that make them.
	h, err := handlers.New(notifier.Store(), log, now, templates.FS, handlers.Options{
		BaseURL: cfg.BaseURL, SessionIdle: cfg.SessionIdle, SessionMaxAge: cfg.SessionMaxAge,
		CookieSecure: cfg.CookieSecure, Notify: notifier,
		PrivacyContact: cfg.PrivacyContact, NoPageCache: cfg.NoPageCache,
	})
	if err != nil {
		return nil, err
	}
	app := fiber.New(fiber.Config{
		AppName:               "missionplanner",
		ErrorHandler:          errorHandler(log, layoutErrorPage(h, log)),
		BodyLimit:             11 << 20, // uploads are refused with a message past 10 MB, see sheets.MaxUploadBytes
		Immutable:             true,     // request strings stay valid after the handler returns
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		DisableStartupMessage: true,
	})
	keepAPIPath(app)
	app.Use(requestLog(log))
	app.Use(recover.New(recover.Config{EnableStackTrace: false}))
	app.Use(securityHeaders(cfg.CookieSecure))
	s := &Server{App: app, Handler: h, Notify: notifier}
	routes(app, h)
	return s, nil
}

// keepAPIPath lets the error handler tell an API request from a page when fasthttp refuses the
// request before it is parsed (headers too large: 431): the request line is read back from fasthttp's
// error, so /api/v1 answers JSON even then.
func keepAPIPath(app *fiber.App) {
	srv := app.Server()
	prev := srv.ErrorHandler
	srv.ErrorHandler = func(fctx *fasthttp.RequestCtx, err error) {
		if p := requestPathOf(err); strings.HasPrefix(p, "/api/") && !strings.HasPrefix(string(fctx.Path()), "/api/") {
			fctx.Request.SetRequestURI(p)
		}
		prev(fctx, err)
	}
}

// requestPathOf finds the path in the request line fasthttp quotes in a header error
// (`contents: "GET /api/v1/missions HTTP/1.1\r\n…`), or "".
func requestPathOf(err error) string {
	if err == nil {
		return ""
	}
	_, rest, ok := strings.Cut(err.Error(), `contents: "`)
	if !ok {
		return ""
	}
	line, _, _ := strings.Cut(rest, `\r\n`)
	parts := strings.Fields(line)
	if len(parts) < 2 {
		return ""
	}
	p, _, _ := strings.Cut(parts[1], "?")
	return p
}

// securityHeaders sets a strict content security policy (no inline script or style) and the usual
// hardening headers on every response.
func securityHeaders(secure bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("X-Frame-Options", "DENY")
		// same-origin, not no-referrer: the CSRF check refuses HTTPS posts without a Referer.
		c.Set("Referrer-Policy", "same-origin")
		c.Set("Cross-Origin-Opener-Policy", "same-origin")
		c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		// Pages, API answers, workbooks and feeds carry personal data: no cache keeps them. The static
		// files handler replaces this with long caching of its own.
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		if secure {
			c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return c.Next()
	}
}

// requestLog logs each request's method, route, status and time, never its query string or body
// (which may carry tokens or passwords). It runs the error handler itself, so the status it logs is the
// one sent, panics included (recover sits inside it).
func requestLog(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		if err := c.Next(); err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				log.Error("error handler failed", "err", herr)
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		path := c.Path()
		if strings.HasPrefix(path, "/feeds/") || strings.HasPrefix(path, "/invitations/") {
			path = path[:strings.IndexByte(path[1:], '/')+2] + "…" // the rest of the path is a secret
		}
		log.Debug("request", "method", c.Method(), "path", path, "status", c.Response().StatusCode(), "ms", time.Since(start).Milliseconds())
		return nil
	}
}

var errorTemplate = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – missionplanner</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header class="header"><div class="container"><a class="header__title" href="/">missionplanner</a></div></header>
<main class="container main" id="main-content"><h1>{{.Title}}</h1><p>{{.Message}}</p><p><a href="/">Go to the start page</a></p></main>
<footer class="footer"><div class="container"><ul class="footer__links"><li><a href="/accessibility">Accessibility statement</a></li><li><a href="/privacy">Privacy</a></li></ul></div></footer></body></html>`))

// layoutErrorPage renders an error in the site's layout, or without the page templates if that fails.
func layoutErrorPage(h *handlers.Handler, log *slog.Logger) errorPage {
	return func(c *fiber.Ctx, status int, title, message string) error {
		if err := h.ErrorPage(c, status, title, message); err != nil {
			log.Error("error page failed", "err", err)
			return plainErrorPage(c, status, title, message)
		}
		return nil
	}
}

// plainErrorPage renders an error without the page templates.
func plainErrorPage(c *fiber.Ctx, status int, title, message string) error {
	var b strings.Builder
	if err := errorTemplate.Execute(&b, map[string]string{"Title": title, "Message": message}); err != nil {
		return c.Status(status).SendString(title)
	}
	c.Type("html", "utf-8")
	return c.Status(status).SendString(b.String())
}
