package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

var accountPasswordOrder = []string{"current_password", "password", "password_confirmation"}

// Account shows the signed-in user's own account: who they are, a link to change the password and a
// button to sign out of every session.
func (h *Handler) Account(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "account/show", View{"Title": "Your account"})
}

// AccountPasswordForm shows the form to change one's own password.
func (h *Handler) AccountPasswordForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "account/password", View{"Title": "Change your password"})
}

// ChangeAccountPassword checks the current password and sets the new one. Every other session of the
// user ends; this one goes on under a new session id.
func (h *Handler) ChangeAccountPassword(c *fiber.Ctx) error {
	u := currentUser(c)
	err := h.Store.ChangeOwnPassword(c.UserContext(), u, c.FormValue("current_password"), c.FormValue("password"), c.FormValue("password_confirmation"), c.IP(), h.Now())
	var throttled *models.ThrottledError
	switch {
	case errors.As(err, &throttled):
		err = models.FieldErrors{"current_password": "Too many wrong passwords: wait 15 minutes and try again"}
	case errors.Is(err, models.ErrBusy):
		c.Set(fiber.HeaderRetryAfter, "5")
		return h.render(c, fiber.StatusServiceUnavailable, "account/password", View{"Title": "Change your password",
			"Errors": models.FieldErrors{"current_password": "The service is busy: wait a few seconds and try again"}, "Order": accountPasswordOrder})
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "account/password", View{"Title": "Change your password", "Errors": fe, "Order": accountPasswordOrder})
	}
	if err != nil {
		return err
	}
	return h.continueSession(c, u.ID, "/account", "Your password has been changed. Your other sessions have ended.")
}

// continueSession signs the user in afresh after their session generation moved on (a new password),
// so the session they are using goes on while every other one has ended.
func (h *Handler) continueSession(c *fiber.Ctx, userID uint, target, flash string) error {
	fresh, err := h.Store.UserByID(c.UserContext(), userID)
	if err != nil {
		return err
	}
	if err := h.startSession(c, fresh, flash); err != nil {
		return err
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// EndAllSessions signs the user out of every session, this one included.
func (h *Handler) EndAllSessions(c *fiber.Ctx) error {
	u := currentUser(c)
	if err := h.Store.EndSessions(c.UserContext(), u, u.ID); err != nil {
		return err
	}
	h.Log.Info("signed out everywhere", "user_id", u.ID)
	h.session(c).reset()
	return c.Redirect("/login?signed_out=1", fiber.StatusSeeOther)
}
