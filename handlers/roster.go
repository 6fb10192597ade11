package handlers

import (
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/workbooks"
)

// Roster shows staff the emergency roster: where each delegate should be now and next, their hotel,
// phone and emergency contact, then a printable page per day.
func (h *Handler) Roster(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	r, err := h.Store.MissionRoster(c.UserContext(), m.ID, h.Now())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "readiness/roster", View{"Title": "Emergency roster", "Mission": m, "Roster": r,
		"AsOf": models.FormatDay(r.Now, r.Zone) + " " + models.FormatClock(r.Now, r.Zone) + " " + r.ZoneLabel + " time"})
}

// RosterXLSX downloads the emergency roster.
func (h *Handler) RosterXLSX(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	r, err := h.Store.MissionRoster(c.UserContext(), m.ID, h.Now())
	if err != nil {
		return err
	}
	return sendExport(c, xlsxType, "roster-"+m.Name, ".xlsx", func(w io.Writer) error { return exports.WriteRoster(w, workbooks.Roster(r)) })
}

// RoomingListXLSX downloads the rooming list: a sheet per hotel.
func (h *Handler) RoomingListXLSX(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	m, hotels, err := h.Store.MissionRooming(c.UserContext(), id)
	if err != nil {
		return err
	}
	return sendExport(c, xlsxType, "rooming-list-"+m.Name, ".xlsx", func(w io.Writer) error {
		return exports.WriteRoomingList(w, workbooks.Rooming(m, hotels))
	})
}
