package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// breachView is a meeting or programme item that breaks a rule, as the pages show it.
type breachView struct {
	models.Breach
	When, Home string // in the mission's zone, and UK time (with its day when that differs)
	Href       string
}

// spanLabels writes a span in the mission's zone and in home time, the home day added when it differs.
func spanLabels(m *models.Mission, iv models.Interval) (when, home string) {
	zone, hz := m.Zone(), m.HomeZone()
	when = models.FormatDay(iv.Start, zone) + " " + models.FormatClock(iv.Start, zone) + "–" + models.FormatClock(iv.End, zone)
	home = models.FormatClock(iv.Start, hz) + "–" + models.FormatClock(iv.End, hz)
	if models.FormatDay(iv.Start, hz) != models.FormatDay(iv.Start, zone) {
		home = models.FormatDay(iv.Start, hz) + " " + home
	}
	return when, home
}

func breachViews(m *models.Mission, breaches []models.Breach) []breachView {
	out := make([]breachView, len(breaches))
	for i, b := range breaches {
		v := breachView{Breach: b}
		v.When, v.Home = spanLabels(m, b.Span)
		if b.MeetingID != 0 {
			v.Href = "/missions/" + idString(m.ID) + "/meetings/" + idString(b.MeetingID)
		} else {
			v.Href = "/missions/" + idString(m.ID) + "/programme/" + idString(b.ProgrammeItemID) + "/edit"
		}
		out[i] = v
	}
	return out
}

// TimetableCheck lists every scheduled meeting and programme item of the mission that breaks a rule.
func (h *Handler) TimetableCheck(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	book, breaches, err := h.Store.CheckMission(c.UserContext(), id)
	if err != nil {
		return err
	}
	m := book.Mission
	return h.render(c, fiber.StatusOK, "missions/check", View{"Title": "Timetable check", "Mission": m, "Breaches": breachViews(m, breaches)})
}

// TimetableWarning is the master schedule's warning while n meetings or programme items break a rule
// ("" when none does).
func TimetableWarning(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("Warning: %d scheduled meeting(s) or programme item(s) break a rule and may be missing from the day grids: see the mission's timetable check", n)
}
