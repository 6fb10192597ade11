package handlers

import (
	"github.com/gofiber/fiber/v2"
)

// ErrorPage renders an error (403, 404, 500…) in the site's one layout, with the header and a way back.
// The caller falls back to a page without templates when this fails, so an error in rendering cannot loop.
func (h *Handler) ErrorPage(c *fiber.Ctx, status int, title, message string) error {
	back, backText := "/", "Go to the start page"
	if u := currentUser(c); u != nil && !u.IsStaff() {
		back, backText = "/my/itinerary", "Go to your itinerary"
	} else if u != nil {
		back, backText = "/missions", "Go to missions"
	}
	// No flash, and no CSRF token unless someone is signed in (for the sign-out button): either would
	// touch the session, which may be what failed.
	data := View{"Title": title, "Message": message, "Status": status, "Back": back, "BackText": backText, "Flash": ""}
	if currentUser(c) == nil {
		data["CSRF"] = ""
	}
	return h.render(c, status, "errors/show", data)
}

// Accessibility is the accessibility statement, open to everyone.
func (h *Handler) Accessibility(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "pages/accessibility", View{"Title": "Accessibility statement"})
}
