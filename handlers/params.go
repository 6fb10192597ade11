package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// Reading ids from routes and forms, and writing them back.

// idParam reads a positive integer route parameter; anything else is not found.
func idParam(c *fiber.Ctx, name string) (uint, error) {
	n, err := strconv.ParseUint(c.Params(name), 10, 32)
	if err != nil || n == 0 {
		return 0, models.ErrNotFound
	}
	return uint(n), nil
}

// formIDs reads a repeated field of ids (checkboxes), ignoring what is not a number.
func formIDs(c *fiber.Ctx, field string) []uint {
	var out []uint
	for _, v := range formList(c, field) {
		if n, err := strconv.ParseUint(v, 10, 32); err == nil && n > 0 {
			out = append(out, uint(n))
		}
	}
	return out
}

func idString(id uint) string { return strconv.FormatUint(uint64(id), 10) }

func idStrings(ids []uint) models.StringList {
	out := models.StringList{}
	for _, id := range ids {
		out = append(out, idString(id))
	}
	return out
}

// missionAndID reads the mission of the route (:id) and the id of something in it (:name), for the
// pages of one thing inside a mission; either missing is not found.
func (h *Handler) missionAndID(c *fiber.Ctx, name string) (*models.Mission, uint, error) {
	m, err := h.mission(c)
	if err != nil {
		return nil, 0, err
	}
	id, err := idParam(c, name)
	if err != nil {
		return nil, 0, err
	}
	return m, id, nil
}
