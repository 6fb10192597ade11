package handlers

import (
	"bytes"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/workbooks"
)

// sendExport answers a finished download named name+ext (made safe as the zip's entries are): the
// whole file is written to memory first, so a failure half-way is a clean error page rather than a
// broken file.
func sendExport(c *fiber.Ctx, contentType, name, ext string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+exports.SafeFileName(name, ext)+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(buf.Bytes())
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ItineraryXLSX downloads a registration's itinerary workbook.
func (h *Handler) ItineraryXLSX(c *fiber.Ctx) error {
	mid, rid, err := itinIDs(c)
	if err != nil {
		return err
	}
	it, err := h.Store.RegistrationItinerary(c.UserContext(), mid, rid)
	if err != nil {
		return err
	}
	return sendItineraryXLSX(c, it)
}

func sendItineraryXLSX(c *fiber.Ctx, it *models.Itinerary) error {
	return sendExport(c, xlsxType, "itinerary-"+it.FirmName, ".xlsx", func(w io.Writer) error {
		return exports.WriteItinerary(w, workbooks.Itinerary(it))
	})
}

// ScheduleXLSX downloads the mission's master schedule workbook.
func (h *Handler) ScheduleXLSX(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	_, breaches, err := h.Store.CheckMission(c.UserContext(), id)
	if err != nil {
		return err
	}
	return h.sendMissionExport(c, xlsxType, "schedule-", ".xlsx", func(w io.Writer, src *models.ItinerarySource) error {
		s := workbooks.Schedule(src)
		s.Warning = TimetableWarning(len(breaches))
		return exports.WriteSchedule(w, s)
	})
}

// ItinerariesZip downloads every going firm's itinerary workbook in one zip.
func (h *Handler) ItinerariesZip(c *fiber.Ctx) error {
	return h.sendMissionExport(c, "application/zip", "itineraries-", ".zip", func(w io.Writer, src *models.ItinerarySource) error {
		return workbooks.WriteItineraries(w, src, h.Now())
	})
}

// sendMissionExport loads the whole mission (:id) once and sends what write makes of it, named
// prefix + the mission's name + ext.
func (h *Handler) sendMissionExport(c *fiber.Ctx, contentType, prefix, ext string, write func(io.Writer, *models.ItinerarySource) error) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	src, err := h.Store.MissionItinerarySource(c.UserContext(), id)
	if err != nil {
		return err
	}
	return sendExport(c, contentType, prefix+src.Mission.Name, ext, func(w io.Writer) error { return write(w, src) })
}

// itinIDs reads :id and :rid.
func itinIDs(c *fiber.Ctx) (uint, uint, error) {
	mid, err := idParam(c, "id")
	if err != nil {
		return 0, 0, err
	}
	rid, err := idParam(c, "rid")
	return mid, rid, err
}
