package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Healthz answers 200 while the process lives.
func (h *Handler) Healthz(c *fiber.Ctx) error { return c.SendString("ok") }

// Readyz answers 200 when the database answers, 503 when it does not.
func (h *Handler) Readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := h.Store.Ping(ctx); err != nil {
		h.Log.Warn("readiness: database does not answer", "err", err)
		c.Set(fiber.HeaderRetryAfter, "10")
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
	}
	return c.SendString("ready")
}
