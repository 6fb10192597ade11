package handlers

import (
	"runtime"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// ExportWait is how long a workbook or zip download waits for a free export slot before it is
// answered 503 with Retry-After.
const ExportWait = 5 * time.Second

// exportLimit bounds how many workbooks and zips are built at once (one per two cores, at least one):
// 200 parallel zip downloads otherwise took every core, and health checks slowed to seconds.
type exportLimit chan struct{}

func newExportLimit(slots int) exportLimit {
	if slots <= 0 {
		slots = max(1, runtime.GOMAXPROCS(0)/2)
	}
	return make(exportLimit, slots)
}

// ExportSlot runs the rest of the chain once an export slot is free; past ExportWait it answers 503
// with Retry-After. Routes that build a workbook or a zip carry it (app/routes.go); /healthz and
// /readyz never do, so they never wait behind an export.
func (h *Handler) ExportSlot(c *fiber.Ctx) error {
	timer := time.NewTimer(h.ExportWait)
	defer timer.Stop()
	select {
	case h.exports <- struct{}{}:
	case <-timer.C:
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(ExportWait.Seconds())))
		return c.Status(fiber.StatusServiceUnavailable).Type("txt", "utf-8").SendString("Too many downloads are being prepared at once. Try again in a few seconds.")
	case <-c.UserContext().Done():
		return c.UserContext().Err()
	}
	defer func() { <-h.exports }()
	return c.Next()
}
