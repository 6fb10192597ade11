package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

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

// readTimetableChoice takes staff's answer to a change that would break meetings out of an API body
// ("unschedule_conflicts": true, "meeting_times": "local" or "instant"), carries it in the request's
// context for the store, and returns the body without those keys (nil when it had none), so any write
// of the API can carry them.
func readTimetableChoice(c *fiber.Ctx, raw map[string]json.RawMessage) ([]byte, error) {
	u, hasU := raw["unschedule_conflicts"]
	t, hasT := raw["meeting_times"]
	if !hasU && !hasT {
		return nil, nil
	}
	var ch models.TimetableChoice
	if hasU && json.Unmarshal(u, &ch.UnscheduleConflicts) != nil {
		return nil, models.FieldErrors{"unschedule_conflicts": "Must be true or false"}
	}
	if hasT && (json.Unmarshal(t, &ch.MeetingTimes) != nil || (ch.MeetingTimes != models.MeetingTimesLocal && ch.MeetingTimes != models.MeetingTimesInstant)) {
		return nil, models.FieldErrors{"meeting_times": `Must be "local" (meetings keep their local times) or "instant" (meetings keep their moment in time)`}
	}
	delete(raw, "unschedule_conflicts")
	delete(raw, "meeting_times")
	c.SetUserContext(models.WithTimetableChoice(c.UserContext(), ch))
	return json.Marshal(raw)
}

// formTimetableChoice reads the same answer from a posted form (the confirmation page's fields).
func formTimetableChoice(c *fiber.Ctx) {
	ch := models.TimetableChoice{UnscheduleConflicts: c.FormValue("unschedule_conflicts") == "1"}
	if v := c.FormValue("meeting_times"); v == models.MeetingTimesLocal || v == models.MeetingTimesInstant {
		ch.MeetingTimes = v
	}
	if ch.UnscheduleConflicts && c.Request().PostArgs().Has("agreed_meetings") {
		ch.Agreed = agreedMeetings(c.FormValue("agreed_meetings"))
	}
	if ch.UnscheduleConflicts || ch.MeetingTimes != "" {
		c.SetUserContext(models.WithTimetableChoice(c.UserContext(), ch))
	}
}

// agreedMeetings reads the ids of the meetings a confirmation page listed ("12 15 17"); never nil, so
// an empty list still means "agreed to none".
func agreedMeetings(v string) []uint {
	ids := []uint{}
	for _, f := range strings.Fields(v) {
		if n, err := strconv.ParseUint(f, 10, 32); err == nil {
			ids = append(ids, uint(n))
		}
	}
	return ids
}

// agreedField is the confirmation form's list of the meetings it names (see agreedMeetings).
func agreedField(meetings []models.AffectedMeeting) string {
	ids := make([]string, len(meetings))
	for i, a := range meetings {
		ids[i] = idString(a.ID)
	}
	return strings.Join(ids, " ")
}

// formField is a posted field carried to the confirmation page and sent again from it.
type formField struct{ Name, Value string }

// affectedView is an affected meeting as the confirmation page shows it.
type affectedView struct {
	models.AffectedMeeting
	When, Home string
	Href       string
}

// affectedViews writes affected meetings' times in the mission's zone and in UK time.
func affectedViews(m *models.Mission, list []models.AffectedMeeting) []affectedView {
	out := make([]affectedView, len(list))
	for i, a := range list {
		out[i] = affectedView{AffectedMeeting: a, Href: "/missions/" + idString(m.ID) + "/meetings/" + idString(a.ID)}
		out[i].When, out[i].Home = spanLabels(m, models.Interval{Start: a.StartsAt, End: a.EndsAt})
	}
	return out
}

// AskBeforeBreakingMeetings reads staff's answer from a posted form, and, when the change the handler
// tried would break scheduled meetings (a *models.BreaksMeetingsError), shows them and asks: go
// ahead (the same form is posted again with the answer) or stop. Nothing was saved meanwhile.
func (h *Handler) AskBeforeBreakingMeetings(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodPost {
		return c.Next()
	}
	formTimetableChoice(c)
	err := c.Next()
	var be *models.BreaksMeetingsError
	if !errors.As(err, &be) {
		return err
	}
	id, idErr := idParam(c, "id")
	if idErr != nil {
		return err
	}
	m, mErr := h.Store.Mission(c.UserContext(), id)
	if mErr != nil {
		return mErr
	}
	var fields []formField
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		switch name := string(k); name {
		case "_csrf", "unschedule_conflicts", "meeting_times", "agreed_meetings":
		default:
			fields = append(fields, formField{name, string(v)})
		}
	})
	meetings := affectedViews(m, be.Meetings)
	title := fmt.Sprintf("This change affects %d scheduled meeting(s)", len(be.Meetings))
	if be.AskMeetingTimes {
		title = "The time zone changes: what happens to meeting times?"
	}
	back := "/missions/" + idString(m.ID)
	if ref := c.Get(fiber.HeaderReferer); ref != "" {
		if u, err := url.Parse(ref); err == nil && strings.HasPrefix(u.Path, "/") && (u.Host == "" || u.Host == c.Hostname()) {
			back = u.RequestURI()
		}
	}
	return h.render(c, fiber.StatusConflict, "missions/confirm_change", View{
		"Title": title, "Mission": m, "Action": c.OriginalURL(), "Fields": fields, "Meetings": meetings, "Cancel": be.Cancel,
		"AskMeetingTimes": be.AskMeetingTimes, "NewZone": c.FormValue("timezone"), "MeetingTimes": strings.Clone(c.FormValue("meeting_times")),
		"MeetingTimesOptions": []models.Option{
			{Code: models.MeetingTimesLocal, Label: "Keep their local times (09:00 stays 09:00 in the new time zone)"},
			{Code: models.MeetingTimesInstant, Label: "Keep their moment in time (the local clock times change)"},
		},
		"Back": back,
	})
}
