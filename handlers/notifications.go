package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// MissionNotifications lists a mission's messages (queued, held, failed with the error, sent), with
// the hold switch.
func (h *Handler) MissionNotifications(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.outbox(c, m, fmt.Sprintf("/missions/%d/notifications", m.ID))
}

// AdminNotifications lists every mission's messages.
func (h *Handler) AdminNotifications(c *fiber.Ctx) error {
	return h.outbox(c, nil, "/admin/notifications")
}

func (h *Handler) outbox(c *fiber.Ctx, m *models.Mission, base string) error {
	ctx := c.UserContext()
	f := models.NotificationFilter{Status: c.Query("status")}
	if !models.InList(models.NotificationStatuses, f.Status) {
		f.Status = ""
	}
	title := "Messages of every mission"
	held := false
	if m != nil {
		f.MissionID = m.ID
		title = "Messages"
		var err error
		if held, err = h.Store.SendingHeld(ctx, m.ID); err != nil {
			return err
		}
	}
	p := pageFromQuery(c)
	items, total, err := h.Store.Notifications(ctx, f, p)
	if err != nil {
		return err
	}
	counts, err := h.Store.NotificationCounts(ctx, f.MissionID)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "notifications/index", View{
		"Title": title, "Mission": m, "Items": items, "Total": total, "Counts": counts, "Held": held, "Status": f.Status,
		"Statuses": models.NotificationStatuses, "Base": base, "Page": p.Page, "Pages": p.Pages(total),
		"MailConfigured": h.Opts.Notify.MailConfigured(),
	})
}

// notification loads message :nid, of mission :id when the route has one.
func (h *Handler) notification(c *fiber.Ctx) (*models.Notification, string, error) {
	nid, err := idParam(c, "nid")
	if err != nil {
		return nil, "", err
	}
	n, err := h.Store.Notification(c.UserContext(), nid)
	if err != nil {
		return nil, "", err
	}
	if c.Params("id") == "" {
		return n, "/admin/notifications", nil
	}
	mid, err := idParam(c, "id")
	if err != nil {
		return nil, "", err
	}
	if n.MissionID == nil || *n.MissionID != mid {
		return nil, "", models.ErrNotFound
	}
	return n, fmt.Sprintf("/missions/%d/notifications", mid), nil
}

// ShowNotification shows one message as it was (or will be) sent.
func (h *Handler) ShowNotification(c *fiber.Ctx) error {
	n, back, err := h.notification(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "notifications/show", View{"Title": n.Subject, "N": n, "Back": back})
}

// RetryNotification makes a failed or waiting message go now (a held one is sent despite the hold).
func (h *Handler) RetryNotification(c *fiber.Ctx) error {
	n, back, err := h.notification(c)
	if err != nil {
		return err
	}
	if _, err := h.Opts.Notify.Retry(c.UserContext(), currentUser(c), n.ID); err != nil {
		var conflict *models.ConflictError
		if errors.As(err, &conflict) {
			return h.redirectWithFlash(c, back, conflict.Errors.First())
		}
		return err
	}
	msg := "The message to " + n.RecipientEmail + " is being sent now"
	if !h.Opts.Notify.MailConfigured() {
		msg = "The message to " + n.RecipientEmail + " is queued: it goes once SMTP_HOST is set"
	}
	return h.redirectWithFlash(c, back, msg)
}

// HoldNotifications stops a mission's messages going until they are released.
func (h *Handler) HoldNotifications(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	if err := h.Opts.Notify.Hold(c.UserContext(), currentUser(c), m.ID); err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/notifications", m.ID), "Messages of this mission are held: nothing is sent until you release them")
}

// ReleaseNotifications ends a hold and sends what it held (each delegate's held change notices as one).
func (h *Handler) ReleaseNotifications(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	n, err := h.Opts.Notify.Release(c.UserContext(), currentUser(c), m.ID)
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/notifications", m.ID), fmt.Sprintf("Messages released: %d on their way", n))
}

// MyNotifications shows the delegate's choice of optional messages.
func (h *Handler) MyNotifications(c *fiber.Ctx) error {
	did, err := ownDelegateID(c)
	if err != nil {
		return err
	}
	p, err := h.Store.NotificationPreferenceOf(c.UserContext(), did)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "my/notifications", View{"Title": "Your emails", "Pref": p})
}

// SaveMyNotifications saves the delegate's choices (fields changes and agenda, each "yes" when ticked).
func (h *Handler) SaveMyNotifications(c *fiber.Ctx) error {
	did, err := ownDelegateID(c)
	if err != nil {
		return err
	}
	if err := h.Store.SaveNotificationPreference(c.UserContext(), currentUser(c), did, form(c, "changes") == "yes", form(c, "agenda") == "yes"); err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/my/notifications", "Your email choices are saved")
}

// UnsubscribeForm asks to confirm stopping one kind of message; it needs no sign-in (the token in the
// address is the credential) and changes nothing, since mail scanners open links.
func (h *Handler) UnsubscribeForm(c *fiber.Ctx) error {
	_, d, err := h.Store.PreferenceByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	kind := c.Query("kind")
	if !models.OptionalNotice(kind) {
		kind = ""
	}
	return h.render(c, fiber.StatusOK, "notifications/unsubscribe", View{"Title": "Stop emails", "Delegate": d, "Kind": kind, "Action": c.Path(), "Flash": nil})
}

// Unsubscribe stops one kind of message: from the confirmation form (field kind) or a mail program's
// one-click request (RFC 8058: List-Unsubscribe=One-Click, kind in the address). No sign-in, no CSRF
// token: the secret token in the address is the credential.
func (h *Handler) Unsubscribe(c *fiber.Ctx) error {
	kind := form(c, "kind")
	if kind == "" {
		kind = c.Query("kind")
	}
	d, err := h.Store.Unsubscribe(c.UserContext(), c.Params("token"), kind)
	if fe, ok := models.AsFieldErrors(err); ok {
		_, d, lerr := h.Store.PreferenceByToken(c.UserContext(), c.Params("token"))
		if lerr != nil {
			return lerr
		}
		return h.render(c, fiber.StatusUnprocessableEntity, "notifications/unsubscribe", View{"Title": "Stop emails", "Delegate": d, "Action": c.Path(), "Flash": nil,
			"Errors": fe, "Order": []string{"kind"}})
	}
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "notifications/unsubscribed", View{"Title": "You will no longer get these emails", "Delegate": d, "Flash": nil,
		"What": unsubscribedWhat(kind)})
}

func unsubscribedWhat(kind string) string {
	if kind == models.NoticeAgenda {
		return "daily agenda emails"
	}
	return "schedule change emails"
}
