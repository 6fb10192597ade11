package handlers

import "github.com/gofiber/fiber/v2"

// The one-line message a page shows after a redirect.

// flash keeps a one-line message for the next page.
func (h *Handler) flash(c *fiber.Ctx, msg string) {
	s := h.session(c)
	s.Flash = msg
	s.changed()
}

// popFlash takes the message kept for this page, if any.
func (h *Handler) popFlash(c *fiber.Ctx) string {
	s := h.session(c)
	msg := s.Flash
	if msg != "" {
		s.Flash = ""
		s.changed()
	}
	return msg
}

// redirectWithFlash answers 303 to target with a flash message.
func (h *Handler) redirectWithFlash(c *fiber.Ctx, target, msg string) error {
	h.flash(c, msg)
	return c.Redirect(target, fiber.StatusSeeOther)
}
