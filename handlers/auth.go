package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// currentUser is the signed-in user of this request, or nil.
func currentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals("user").(*models.User)
	return u
}

// LoadUser finds the signed-in user from the session, ending sessions past their idle or absolute
// timeout. The user's row is read afresh on every request (one query), so a disabled account or a reset
// password takes effect at once; the session's last-seen time is written at most once a minute.
func (h *Handler) LoadUser(c *fiber.Ctx) error {
	s := h.session(c)
	if s.UserID == 0 {
		return c.Next()
	}
	now := h.Now()
	seen := time.Unix(s.LastSeen, 0)
	if now.Sub(time.Unix(s.Created, 0)) > h.Opts.SessionMaxAge || now.Sub(seen) > h.Opts.SessionIdle {
		s.reset()
		return c.Next()
	}
	u, err := h.Store.UserByID(c.UserContext(), s.UserID)
	// A disabled account, or a session older than the user's last password change or "sign out
	// everywhere", has ended.
	if errors.Is(err, models.ErrNotFound) || (err == nil && (u.Disabled || u.SessionGeneration != s.Gen)) {
		s.reset()
		return c.Next()
	}
	if err != nil {
		return err
	}
	if now.Sub(seen) >= touchEvery && h.touches.claim(s.key, now) {
		s.LastSeen = now.Unix()
		s.touched = true
	}
	c.Locals("user", u)
	return c.Next()
}

// RequireUser lets any signed-in user through and sends others to sign in.
func (h *Handler) RequireUser(c *fiber.Ctx) error {
	if currentUser(c) == nil {
		return redirectToLogin(c)
	}
	return c.Next()
}

// RequireStaff lets staff and admins through; others are sent to sign in, or refused.
func (h *Handler) RequireStaff(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return redirectToLogin(c)
	}
	if !u.IsStaff() {
		return fiber.ErrForbidden
	}
	return c.Next()
}

// RequireStaffPrivate is RequireStaff for routes whose very existence is private (the readiness
// routes: travel documents, hotels, emergency contacts): anyone signed in who is not staff gets the same
// 404 as an address that does not exist, rather than a 403 saying there is something there.
func (h *Handler) RequireStaffPrivate(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return redirectToLogin(c)
	}
	if !u.IsStaff() {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// RequireAdmin lets only admins through.
func (h *Handler) RequireAdmin(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return redirectToLogin(c)
	}
	if !u.IsAdmin() {
		return fiber.ErrForbidden
	}
	return c.Next()
}

func redirectToLogin(c *fiber.Ctx) error {
	target := "/login"
	if c.Method() == fiber.MethodGet {
		target += "?next=" + url.QueryEscape(c.OriginalURL())
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// Home sends people to where they work: staff to the missions, delegates to their itinerary.
func (h *Handler) Home(c *fiber.Ctx) error {
	u := currentUser(c)
	switch {
	case u == nil:
		return c.Redirect("/login", fiber.StatusSeeOther)
	case u.IsStaff():
		return c.Redirect("/missions", fiber.StatusSeeOther)
	default:
		return c.Redirect("/my/itinerary", fiber.StatusSeeOther)
	}
}

// LoginForm shows the sign-in page.
func (h *Handler) LoginForm(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return h.Home(c)
	}
	data := View{"Title": "Sign in", "Next": safeNext(c.Query("next"))}
	if c.Query("signed_out") == "1" {
		data["Flash"] = "You have signed out."
	}
	return h.render(c, fiber.StatusOK, "auth/login", data)
}

// Login checks the email and password and starts a new session.
func (h *Handler) Login(c *fiber.Ctx) error {
	email, password := strings.TrimSpace(c.FormValue("email")), c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	data := View{"Title": "Sign in", "Email": email, "Next": next, "Order": []string{"email", "password"}}
	errs := models.FieldErrors{}
	if email == "" {
		errs.Add("email", "Enter your email address")
	}
	if password == "" {
		errs.Add("password", "Enter your password")
	}
	if len(errs) > 0 {
		data["Errors"] = errs
		return h.render(c, fiber.StatusUnprocessableEntity, "auth/login", data)
	}
	// The wait for a hashing slot counts from the request's arrival, so a sign-in answers within
	// about HashWait however long it queued for the database first.
	ctx := models.WithHashDeadline(c.UserContext(), requestStart(c).Add(models.HashWait))
	u, err := h.Store.Authenticate(ctx, email, password, c.IP(), h.Now())
	var throttled *models.ThrottledError
	switch {
	case errors.Is(err, models.ErrBadCredentials):
		h.Log.Info("sign-in failed", "email", models.NormaliseEmail(email), "ip", c.IP())
		data["Errors"] = models.FieldErrors{"email": "Enter a correct email address and password"}
		return h.render(c, fiber.StatusUnauthorized, "auth/login", data)
	case errors.As(err, &throttled):
		h.Log.Warn("sign-in refused: too many failures", "email", models.NormaliseEmail(email), "ip", c.IP())
		minutes := int(throttled.RetryAfter.Round(time.Minute) / time.Minute)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(throttled.RetryAfter.Seconds())+1))
		data["Errors"] = models.FieldErrors{"email": fmt.Sprintf("Too many failed attempts to sign in. Wait %d minutes and try again, or ask an admin to reset your password", max(minutes, 1))}
		return h.render(c, fiber.StatusTooManyRequests, "auth/login", data)
	case errors.Is(err, models.ErrBusy):
		h.Log.Warn("sign-in refused: every password-hashing slot busy", "ip", c.IP())
		c.Set(fiber.HeaderRetryAfter, "5")
		data["Errors"] = models.FieldErrors{"email": "The service is busy signing other people in. Wait a few seconds and try again"}
		return h.render(c, fiber.StatusServiceUnavailable, "auth/login", data)
	case err != nil:
		return err
	}
	if err := h.startSession(c, u, ""); err != nil {
		return err
	}
	h.Log.Info("signed in", "user_id", u.ID, "role", u.Role)
	if next == "" {
		next = "/"
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// requestStart is when the request arrived (fasthttp's own clock, read before any middleware).
func requestStart(c *fiber.Ctx) time.Time { return c.Context().Time() }

// startSession signs u in: a new session id and a new CSRF token (so neither, if planted before
// sign-in, is worth anything after it), the user's session generation, the times the timeouts count
// from, and an optional flash message for the next page.
func (h *Handler) startSession(c *fiber.Ctx, u *models.User, flash string) error {
	s := h.session(c)
	s.renew()
	now := h.Now().Unix()
	s.UserID, s.Created, s.LastSeen, s.Gen = u.ID, now, now, u.SessionGeneration
	s.CSRF = "" // the next page makes a new one
	if flash != "" {
		s.Flash = flash
	}
	return nil
}

// Logout ends the session.
func (h *Handler) Logout(c *fiber.Ctx) error {
	h.session(c).reset()
	return c.Redirect("/login?signed_out=1", fiber.StatusSeeOther)
}

// safeNext keeps only local paths, so the sign-in page cannot send anyone to another site. Browsers
// drop tabs and line breaks from URLs ("/\t/evil.example" becomes "//evil.example"), so any control
// character refuses the path, as does anything that parses with a scheme or a host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return ""
	}
	for i := 0; i < len(next); i++ {
		if next[i] < 0x20 || next[i] == 0x7f {
			return ""
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return next
}
