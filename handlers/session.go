package handlers

import (
	"crypto/subtle"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// sessionCookie names the cookie that holds the session id.
const sessionCookie = "sid"

// touchEvery is how stale the session's last-seen time may get before a request writes it again: the
// idle timeout is then right to the minute, and a page view within the minute writes nothing.
const touchEvery = time.Minute

// ErrFormExpired refuses a form sent without this session's CSRF token.
var ErrFormExpired = errors.New("missing or wrong CSRF token")

// webSession is the request's browser session: read once when the request starts, shared by the CSRF
// check, the user loader and the handlers, and written once when the request ends, only if something
// in it changed.
type webSession struct {
	models.SessionData
	key    string // the id in the browser's cookie; "" while there is no stored session
	oldKey string // a session replaced during this request (sign-in, sign-out), deleted when it ends
	dirty  bool   // something a page may show changed (sign-in, a flash, the CSRF token…)
	// touched: only the last-seen time moved (LoadUser, once a minute), which no page shows, so a
	// page rendered in the same request may still be kept (see Kept).
	touched bool
}

// changed marks the session to be written when the request ends.
func (s *webSession) changed() { s.dirty = true }

// renew gives the session a new id, so that an id known before sign-in is worthless after it.
func (s *webSession) renew() {
	if s.key != "" && s.oldKey == "" {
		s.oldKey = s.key
	}
	s.key = ""
	s.dirty = true
}

// reset ends the signed-in session: its row is deleted and the browser starts afresh.
func (s *webSession) reset() {
	s.renew()
	s.SessionData = models.SessionData{}
}

// touches remembers which sessions this process has just noted a visit of, so that requests of one
// session arriving together (a browser loading a page and its stylesheet, several tabs) write the
// last-seen time once, not once each.
type touches struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// claim reports whether the caller should write key's last-seen time at now: no other request of this
// process has in the last touchEvery.
func (t *touches) claim(key string, now time.Time) bool {
	if key == "" {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == nil {
		t.last = map[string]time.Time{}
	}
	if at, ok := t.last[key]; ok && now.Sub(at) < touchEvery && !now.Before(at) {
		return false
	}
	if len(t.last) > 10000 { // forget old claims now and then
		for k, at := range t.last {
			if now.Sub(at) >= touchEvery {
				delete(t.last, k)
			}
		}
	}
	t.last[key] = now
	return true
}

// localSession is where the request's session is kept while the request runs.
const localSession = "missionplanner.session"

// Session reads the browser's session (one query), refuses a state-changing request whose form does not
// carry the session's CSRF token, runs the rest of the chain, and then writes the session if the
// request changed it.
func (h *Handler) Session(c *fiber.Ctx) error {
	s := &webSession{}
	if key := c.Cookies(sessionCookie); key != "" {
		d, err := h.Store.Session(c.UserContext(), key, h.Now())
		if err != nil {
			return err
		}
		if d != nil { // else expired or unknown: the browser gets a new id if it needs one
			s.SessionData, s.key = *d, key
		}
	}
	c.Locals(localSession, s)
	c.Vary(fiber.HeaderCookie)
	if !safeMethod(c.Method()) {
		if err := checkCSRF(c, s.CSRF); err != nil {
			h.Log.Warn("form refused: missing or wrong CSRF token", "method", c.Method(), "path", c.Path(), "reason", err)
			return ErrFormExpired
		}
	}
	err := c.Next()
	if werr := h.writeSession(c, s); werr != nil && err == nil {
		err = werr
	}
	return err
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions || m == fiber.MethodTrace
}

// checkCSRF compares the form's _csrf with the session's token. Over HTTPS the Referer must also name
// this host, as Fiber's CSRF middleware required.
func checkCSRF(c *fiber.Ctx, want string) error {
	if c.Protocol() == "https" {
		ref, err := url.Parse(c.Get(fiber.HeaderReferer))
		if err != nil || ref.Scheme != "https" || ref.Host != c.Hostname() {
			return errors.New("referer missing or from another host")
		}
	}
	got := csrfFromRequest(c)
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errors.New("token missing or not this session's")
	}
	return nil
}

// csrfFromRequest reads the token from the form body (URL-encoded or multipart) or the X-CSRF-Token
// header, never from the query string: a token in an address leaks through logs, history and Referer.
func csrfFromRequest(c *fiber.Ctx) string {
	if v := c.Get("X-CSRF-Token"); v != "" {
		return v
	}
	if v := c.Request().PostArgs().Peek("_csrf"); len(v) > 0 {
		return string(v)
	}
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		if f, err := c.MultipartForm(); err == nil && f != nil && len(f.Value["_csrf"]) > 0 {
			return f.Value["_csrf"][0]
		}
	}
	return ""
}

// writeSession stores a changed session under its id (a new one when renewed) and sets the cookie;
// an unchanged session costs nothing.
func (h *Handler) writeSession(c *fiber.Ctx, s *webSession) error {
	ctx := c.UserContext()
	if s.oldKey != "" {
		if err := h.Store.DeleteSession(ctx, s.oldKey); err != nil {
			return err
		}
		if s.key == "" && s.SessionData == (models.SessionData{}) {
			h.expireSessionCookie(c)
		}
	}
	if !(s.dirty || s.touched) || s.SessionData == (models.SessionData{}) {
		return nil
	}
	if s.key == "" {
		s.key = models.RandomToken(32)
	}
	if err := h.Store.SaveSession(ctx, s.key, s.SessionData, h.Now().Add(h.Opts.SessionIdle)); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: s.key, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: h.Opts.CookieSecure, SessionOnly: true})
	return nil
}

func (h *Handler) expireSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: h.Opts.CookieSecure, MaxAge: -1, Expires: time.Unix(0, 0)})
}

// session is the request's session (empty outside the Session middleware, as on the API).
func (h *Handler) session(c *fiber.Ctx) *webSession {
	if s, ok := c.Locals(localSession).(*webSession); ok {
		return s
	}
	s := &webSession{}
	c.Locals(localSession, s)
	return s
}

// csrfToken is the session's CSRF token for the page's forms, made the first time a page needs one.
func (h *Handler) csrfToken(c *fiber.Ctx) string {
	s := h.session(c)
	if s.CSRF == "" {
		s.CSRF = models.RandomToken(32)
		s.changed()
	}
	return s.CSRF
}
