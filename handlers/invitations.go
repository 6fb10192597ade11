package handlers

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// invite creates a delegate's one-time sign-in link; the store's notifier queues the email carrying
// it in the same transaction. It returns the link, its expiry and whether it will be emailed (SMTP is
// configured; otherwise the message waits in the outbox and staff pass the link on themselves).
func (h *Handler) invite(c *fiber.Ctx, d *models.Delegate) (string, time.Time, bool, error) {
	token, inv, err := h.Store.CreateInvitation(c.UserContext(), currentUser(c), d, h.Now())
	if err != nil {
		return "", time.Time{}, false, err
	}
	emailed := h.Opts.Notify != nil && h.Opts.Notify.MailConfigured()
	h.Log.Info("invitation created", "delegate_id", d.ID, "emailed", emailed)
	return h.Opts.BaseURL + "/invitations/" + token, inv.ExpiresAt, emailed, nil
}

// invitationLifetime is how long a sign-in link works, for people: "14 days".
func invitationLifetime() string {
	days := int(models.InvitationLifetime / (24 * time.Hour))
	if days == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", days)
}

// InviteDelegate makes a sign-in link for a delegate and shows it to staff to send on.
func (h *Handler) InviteDelegate(c *fiber.Ctx) error {
	mid, rid, err := itinIDs(c)
	if err != nil {
		return err
	}
	did, err := idParam(c, "did")
	if err != nil {
		return err
	}
	d, err := h.Store.AccessDelegate(c.UserContext(), mid, rid, did)
	if err != nil {
		return err
	}
	link, expires, emailed, err := h.invite(c, d)
	if fe, ok := models.AsFieldErrors(err); ok {
		// The problem is the delegate's email: show it beside the field on the delegate's form.
		m, r, d, err := h.delegateParams(c)
		if err != nil {
			return err
		}
		return h.render(c, fiber.StatusUnprocessableEntity, "delegates/form", View{"Title": "Edit " + d.FullName, "Mission": m, "Registration": r, "Delegate": d,
			"F": delegateFormOf(d), "Errors": fe, "Order": delegateFieldOrder, "Action": fmt.Sprintf("%s/delegates/%d", registrationPath(m, r), d.ID)})
	}
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusCreated, "invitations/created", View{
		"Title": "Sign-in link for " + d.FullName, "Delegate": d, "Link": link, "Emailed": emailed,
		"Expires": expires.In(time.UTC).Format("2 January 2006 15:04 UTC"),
		"Back":    fmt.Sprintf("/missions/%d/registrations/%d/itinerary", mid, rid),
	})
}

// APIInviteDelegate answers {"url": …} with a new sign-in link for the delegate.
func (h *Handler) APIInviteDelegate(c *fiber.Ctx) error {
	did, err := idParam(c, "did")
	if err != nil {
		return err
	}
	d, err := h.Store.AccessDelegate(c.UserContext(), 0, 0, did)
	if err != nil {
		return err
	}
	link, expires, emailed, err := h.invite(c, d)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"url": link, "expires_at": expires.UTC().Format(time.RFC3339), "emailed": emailed, "delegate_id": d.ID})
}

// invitationGone shows why a link no longer works: 410 for a used or expired one, 404 for one that
// never existed.
func (h *Handler) invitationGone(c *fiber.Ctx, err error) error {
	switch {
	case errors.Is(err, models.ErrInvitationUsed):
		return h.render(c, fiber.StatusGone, "invitations/gone", View{"Title": "This link has already been used",
			"Message": "Each sign-in link works once. If you have set your password, sign in with your email address and password. Otherwise ask the mission team for a new link."})
	case errors.Is(err, models.ErrInvitationExpired):
		return h.render(c, fiber.StatusGone, "invitations/gone", View{"Title": "This link has expired",
			"Message": "Sign-in links work for " + invitationLifetime() + ". Ask the mission team for a new link."})
	case errors.Is(err, models.ErrNotFound):
		return h.render(c, fiber.StatusNotFound, "invitations/gone", View{"Title": "This link is not valid",
			"Message": "Check you copied the whole link from your email. If it still does not work, ask the mission team for a new link."})
	}
	return err
}

// InvitationForm asks the delegate to choose a password.
func (h *Handler) InvitationForm(c *fiber.Ctx) error {
	_, d, err := h.Store.InvitationByToken(c.UserContext(), c.Params("token"), h.Now())
	if err != nil {
		return h.invitationGone(c, err)
	}
	return h.render(c, fiber.StatusOK, "invitations/accept", View{"Title": "Choose your password", "Delegate": d, "Action": c.Path()})
}

// AcceptInvitation sets the delegate's password, signs them in and shows their itinerary.
func (h *Handler) AcceptInvitation(c *fiber.Ctx) error {
	token := c.Params("token")
	u, err := h.Store.AcceptInvitation(c.UserContext(), token, c.FormValue("password"), c.FormValue("password_confirmation"), h.Now())
	if fe, ok := models.AsFieldErrors(err); ok {
		_, d, lerr := h.Store.InvitationByToken(c.UserContext(), token, h.Now())
		if lerr != nil {
			return h.invitationGone(c, lerr)
		}
		return h.render(c, fiber.StatusUnprocessableEntity, "invitations/accept", View{"Title": "Choose your password", "Delegate": d, "Action": c.Path(),
			"Errors": fe, "Order": []string{"password", "password_confirmation"}})
	}
	if err != nil {
		return h.invitationGone(c, err)
	}
	if err := h.startSession(c, u, "Your password is set. This is your firm's itinerary."); err != nil {
		return err
	}
	h.Log.Info("invitation accepted; signed in", "user_id", u.ID, "role", u.Role)
	return c.Redirect("/my/itinerary", fiber.StatusSeeOther)
}
