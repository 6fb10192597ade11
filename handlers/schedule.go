package handlers

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/scheduler"
)

// placedView is a proposed placement as the preview shows it.
type placedView struct {
	meetingView
	Priority int
}

// unplacedView is a request the scheduler could not place.
type unplacedView struct {
	scheduler.Unplaced
	Label string
}

// firmShareView is one firm's line in the preview's table of shares.
type firmShareView struct {
	scheduler.FirmShare
	Firm         string
	BelowMinimum bool
}

// scheduleQuality is how good a proposal is, as the preview and the API show it.
type scheduleQuality struct {
	Firms        []firmShareView
	BelowMinimum []firmShareView
	Minimum      int
	Maximum      int
	Placed       int
	Requests     int
	Fewest       int
	Median       int
	Most         int
	Bound        int
	CannotFit    int // requests no timetable could place
	MightFit     int // requests below the bound left out: a better timetable might place them
}

func qualityOf(m *models.Mission, p *scheduler.Proposal) scheduleQuality {
	res := p.Result
	q := scheduleQuality{Minimum: m.MinMeetingsPerFirm, Maximum: m.MaxMeetingsPerFirm, Placed: len(res.Placed), Requests: len(p.Requests),
		Fewest: res.Fewest, Median: res.Median, Most: res.Most, Bound: res.Bound}
	q.CannotFit, q.MightFit = max(q.Requests-q.Bound, 0), max(q.Bound-q.Placed, 0)
	below := map[uint]bool{}
	for _, id := range res.BelowMinimum {
		below[id] = true
	}
	for _, f := range res.Firms {
		v := firmShareView{FirmShare: f, Firm: p.Book.FirmName(f.RegistrationID), BelowMinimum: below[f.RegistrationID]}
		q.Firms = append(q.Firms, v)
		if v.BelowMinimum {
			q.BelowMinimum = append(q.BelowMinimum, v)
		}
	}
	byName := func(a, b firmShareView) int {
		if c := strings.Compare(a.Firm, b.Firm); c != 0 {
			return c
		}
		return cmp.Compare(a.RegistrationID, b.RegistrationID)
	}
	slices.SortStableFunc(q.Firms, byName)
	slices.SortStableFunc(q.BelowMinimum, byName)
	return q
}

func proposalViews(m *models.Mission, p *scheduler.Proposal) ([]placedView, []unplacedView) {
	var placed []placedView
	for _, pl := range p.Result.Placed {
		mt := *p.Requests[pl.RequestID]
		st, en := pl.Span.Start, pl.Span.End
		mt.StartsAt, mt.EndsAt = &st, &en
		placed = append(placed, placedView{meetingView: viewOf(m, p.Book.Row(mt)), Priority: mt.Priority})
	}
	var unplaced []unplacedView
	for _, u := range p.Result.Unplaced {
		v := unplacedView{Unplaced: u}
		if mt, ok := p.Requests[u.RequestID]; ok {
			v.Label = p.Book.Label(mt.RegistrationID, mt.ContactID)
		}
		unplaced = append(unplaced, v)
	}
	return placed, unplaced
}

// SchedulePreview shows what the scheduler would do with the mission's requests; nothing is saved.
func (h *Handler) SchedulePreview(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.renderSchedule(c, fiber.StatusOK, m, "")
}

func (h *Handler) renderSchedule(c *fiber.Ctx, status int, m *models.Mission, problem string) error {
	p, err := scheduler.Propose(c.UserContext(), h.Store, m)
	if err != nil {
		return err
	}
	placed, unplaced := proposalViews(m, p)
	var firms []models.Option
	for _, id := range p.Book.RegOrder {
		if p.Book.CanMeet(id) {
			firms = append(firms, models.Option{Code: idString(id), Label: p.Book.FirmName(id)})
		}
	}
	v := View{"Title": "Schedule meeting requests", "Mission": m, "Placed": placed, "Unplaced": unplaced, "Fingerprint": p.Fingerprint,
		"Requests": len(p.Requests), "Firms": firms, "Quality": qualityOf(m, p), "Breaches": len(p.Book.CheckTimetable())}
	if problem != "" {
		v["Errors"] = models.FieldErrors{"schedule": problem}
	}
	return h.render(c, status, "meetings/schedule", v)
}

// PublishSchedule saves the proposal in one transaction, making the placed meetings scheduled.
// Without publish=1 it only shows the preview again.
func (h *Handler) PublishSchedule(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	// Only a preview's own form publishes: it carries the fingerprint of what was shown.
	if form(c, "publish") != "1" || form(c, "fingerprint") == "" {
		return h.renderSchedule(c, fiber.StatusOK, m, "")
	}
	p, err := scheduler.Publish(c.UserContext(), h.Store, currentUser(c), m.ID, form(c, "fingerprint"))
	if conflict, ok := asConflict(err); ok {
		return h.renderSchedule(c, fiber.StatusConflict, m, conflict)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/meetings", m.ID),
		fmt.Sprintf("Schedule published: %d meeting(s) scheduled, %d request(s) left unplaced", len(p.Result.Placed), len(p.Result.Unplaced)))
}
