package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// meetingView is a meeting as the pages show it.
type meetingView struct {
	models.MeetingRow
	When string // "Mon 15 Mar 10:00–10:45", or "" for a request
	Home string // the same in UK time, "16:00–16:45"
}

// meetingGroup is a heading of the meetings list and its meetings.
type meetingGroup struct {
	Title    string
	Meetings []meetingView
}

func viewOf(m *models.Mission, r models.MeetingRow) meetingView {
	v := meetingView{MeetingRow: r}
	if r.StartsAt != nil && r.EndsAt != nil {
		zone, home := m.Zone(), m.HomeZone()
		v.When = models.FormatDay(*r.StartsAt, zone) + " " + models.FormatClock(*r.StartsAt, zone) + "–" + models.FormatClock(*r.EndsAt, zone)
		v.Home = models.FormatClock(*r.StartsAt, home) + "–" + models.FormatClock(*r.EndsAt, home)
		if models.FormatDay(*r.StartsAt, home) != models.FormatDay(*r.StartsAt, zone) {
			v.Home = models.FormatDay(*r.StartsAt, home) + " " + v.Home
		}
	}
	return v
}

// meetingFilterOf reads the list's filters from the query string.
func meetingFilterOf(c *fiber.Ctx) (models.MeetingFilter, url.Values) {
	var f models.MeetingFilter
	q := url.Values{}
	if d, err := models.ParseDate(c.Query("day")); err == nil {
		f.Day = d
		q.Set("day", d.String())
	}
	if n, err := strconv.ParseUint(c.Query("registration_id"), 10, 32); err == nil {
		f.RegistrationID = uint(n)
		q.Set("registration_id", c.Query("registration_id"))
	}
	if n, err := strconv.ParseUint(c.Query("contact_id"), 10, 32); err == nil {
		f.ContactID = uint(n)
		q.Set("contact_id", c.Query("contact_id"))
	}
	if models.InList(models.MeetingStatuses, c.Query("status")) {
		f.Status = c.Query("status")
		q.Set("status", f.Status)
	}
	if name := strings.TrimSpace(c.Query("contact")); name != "" {
		f.ContactName = name
		q.Set("contact", name)
	}
	return f, q
}

// Meetings lists the mission's meetings by day, firm or contact, filtered, at most a hundred a page. A
// list longer than a page shows the first day with meetings unless a day, or every day, is chosen.
func (h *Handler) Meetings(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	f, q := meetingFilterOf(c)
	every := c.Query("day") == "all"
	if every {
		q.Set("day", "all")
	}
	by := c.Query("by", "day")
	if by != "firm" && by != "contact" {
		by = "day"
	}
	page, _ := strconv.Atoi(c.Query("page"))
	list, err := h.Store.ListMeetings(c.UserContext(), m, f, every, by, page)
	if err != nil {
		return err
	}
	var groups []meetingGroup
	index := map[string]int{}
	var requests []meetingView
	for _, r := range list.Rows {
		v := viewOf(m, r)
		var key string
		switch {
		case by == "firm":
			key = r.Firm
		case by == "contact":
			key = r.Contact.FullName + " (" + r.Contact.Organisation + ")"
		case r.StartsAt == nil:
			requests = append(requests, v)
			continue
		default:
			key = models.FormatDay(*r.StartsAt, m.Zone())
		}
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, meetingGroup{Title: key})
		}
		groups[i].Meetings = append(groups[i].Meetings, v)
	}
	if len(requests) > 0 {
		groups = append(groups, meetingGroup{Title: "Requested, not yet scheduled", Meetings: requests})
	}
	if by != "day" {
		sortGroups(groups)
	}
	book := list.Book
	var regOpts []models.Option
	for _, id := range book.RegOrder {
		regOpts = append(regOpts, models.Option{Code: idString(id), Label: models.RegistrationLabel(book.Registrations[id])})
	}
	day := q.Get("day")
	if list.Defaulted {
		day = list.Day.String()
	} else if day == "" {
		day = "all"
	}
	days := append([]models.Option{{Code: "all", Label: "Every day"}}, dayOptions(m)...)
	fv := map[string]string{"day": day, "registration_id": q.Get("registration_id"), "contact_id": q.Get("contact_id"), "status": q.Get("status"), "contact": q.Get("contact")}
	pq := url.Values{"by": {by}}
	for k, v := range q {
		pq[k] = v
	}
	if list.Defaulted {
		pq.Set("day", day)
	}
	first := list.Page.Offset() + 1
	last := list.Page.Offset() + len(list.Rows)
	return h.render(c, fiber.StatusOK, "meetings/index", View{"Title": "Meetings", "Mission": m, "Groups": groups, "By": by, "Filter": fv, "Query": q,
		"Days": days, "RegistrationOptions": regOpts, "ContactOptions": contactOptions(list.Contacts), "Count": int(list.Total),
		"Defaulted": list.Defaulted, "DayLabel": list.Day.Label(), "First": first, "Last": last,
		"Page": list.Page.Page, "Pages": list.Page.Pages(list.Total), "PageQuery": pq})
}

// MeetingsGrid shows one day: rows are times, columns are firms, to spot gaps.
func (h *Handler) MeetingsGrid(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	book, err := h.Store.LoadMissionBook(c.UserContext(), m)
	if err != nil {
		return err
	}
	day, err := models.ParseDate(c.Query("day"))
	if err != nil || day.Before(m.StartDate.Time) || day.After(m.EndDate.Time) {
		day = book.FirstDayWithMeetings()
	}
	slot := 15
	if m.MeetingMinutes%30 == 0 {
		slot = 30
	}
	return h.render(c, fiber.StatusOK, "meetings/grid", View{"Title": "Day grid, " + day.Label(), "Mission": m, "Grid": book.Grid(day, slot), "Days": dayOptions(m), "Day": day.String(),
		"Breaches": len(book.CheckTimetable())})
}

// meetingForm is the booking form as typed; the reschedule form is its time, length and place.
type meetingForm struct {
	RegistrationID string            `form:"registration_id"`
	ContactID      string            `form:"contact_id"`
	Date           DateInput         `form:"date" label:"date of the meeting"`
	StartTime      string            `form:"start_time" label:"start time"`
	StartTimeFold  string            `form:"start_time_fold"`
	Minutes        string            `form:"minutes" label:"meeting length"`
	LocationID     string            `form:"location_id"`
	DelegateIDs    models.StringList `form:"delegate_ids"`
	Notes          string            `form:"notes"`
	StaffNotes     string            `form:"staff_notes"`
	Choices        []models.Option   // a start time that happens twice: its two readings
}

var meetingFields = specOf[meetingForm]()

// newMeetingForm reads the posted booking or reschedule form.
func newMeetingForm(c *fiber.Ctx) meetingForm {
	var f meetingForm
	meetingFields.bind(c, &f)
	return f
}

// meeting reads a new booking: the firm, the contact, the delegates and the time; what cannot be
// read goes to errs.
func (f *meetingForm) meeting(m *models.Mission, errs models.FieldErrors) models.Meeting {
	r := readerOf(meetingFields, f, errs)
	mt := models.Meeting{Status: models.MeetingScheduled, Notes: f.Notes, StaffNotes: f.StaffNotes}
	if id := r.id(&f.RegistrationID, "Select a firm"); id != nil {
		mt.RegistrationID = *id
	} else {
		errs.Add("registration_id", "Select the firm meeting the contact")
	}
	if id := r.id(&f.ContactID, "Select a contact"); id != nil {
		mt.ContactID = *id
	} else {
		errs.Add("contact_id", "Select the contact to meet")
	}
	mt.DelegateIDs = r.ids(&f.DelegateIDs)
	f.when(m, &mt, errs)
	return mt
}

// when reads the date, start time, length and location of the booking and reschedule forms into mt.
func (f *meetingForm) when(m *models.Mission, mt *models.Meeting, errs models.FieldErrors) {
	r := readerOf(meetingFields, f, errs)
	mt.Minutes = r.int(&f.Minutes, m.MeetingMinutes)
	mt.LocationID = r.id(&f.LocationID, "Select a location of this mission")
	start, ok, choices := r.localTime(m, &f.Date, &f.StartTime, f.StartTimeFold)
	f.Choices = choices
	if ok {
		mt.StartsAt = &start
	}
}

func (h *Handler) renderMeetingForm(c *fiber.Ctx, status int, m *models.Mission, f meetingForm, errs models.FieldErrors, clash []models.ClashDetail) error {
	ctx := c.UserContext()
	regs, err := h.Store.MissionRegistrations(ctx, m.ID)
	if err != nil {
		return err
	}
	contacts, err := h.Store.ActiveContacts(ctx)
	if err != nil {
		return err
	}
	locs, err := h.Store.Locations(ctx, m.ID)
	if err != nil {
		return err
	}
	dels, err := h.Store.MissionDelegates(ctx, m.ID)
	if err != nil {
		return err
	}
	firm := map[uint]string{}
	for i := range regs {
		firm[regs[i].ID] = models.RegistrationLabel(&regs[i])
	}
	var delOpts []models.Option
	for _, d := range dels {
		delOpts = append(delOpts, models.Option{Code: idString(d.ID), Label: d.FullName + " (" + firm[d.RegistrationID] + ")"})
	}
	v := View{"Title": "Book a meeting", "Mission": m, "Form": f, "RegistrationOptions": registrationOptions(regs, true), "ContactOptions": contactOptions(contacts),
		"LocationOptions": locationOptions(locs), "DelegateOptions": delOpts, "Clash": clash}
	if len(errs) > 0 {
		v["Errors"], v["Order"] = errs, meetingFields
	}
	return h.render(c, status, "meetings/form", v)
}

// NewMeeting shows the booking form (registration_id and contact_id may be given in the query).
func (h *Handler) NewMeeting(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	f := meetingForm{Minutes: strconv.Itoa(m.MeetingMinutes), RegistrationID: c.Query("registration_id"), ContactID: c.Query("contact_id")}
	if d, err := models.ParseDate(c.Query("day")); err == nil {
		f.Date = DateInputOf(d)
	}
	return h.renderMeetingForm(c, fiber.StatusOK, m, f, nil, nil)
}

// meetingErrors maps the store's field names onto the form's.
func meetingErrors(errs models.FieldErrors, err error) (models.FieldErrors, []models.ClashDetail, bool) {
	if msg, ok := asConflict(err); ok {
		// The message goes in the summary and beside the time; the box beside them names what it
		// clashes with rather than repeating it.
		errs.Add("start_time", msg)
		var conflict *models.ConflictError
		errors.As(err, &conflict)
		return errs, conflict.Clashes, true
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		for k, v := range fe {
			if k == "starts_at" {
				k = "start_time"
			}
			errs.Add(k, v)
		}
		return errs, nil, true
	}
	return errs, nil, len(errs) > 0 && err == nil
}

// CreateMeeting books a meeting, refused with the clash named when it breaks any rule.
func (h *Handler) CreateMeeting(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	errs := models.FieldErrors{}
	f := newMeetingForm(c)
	mt := f.meeting(m, errs)
	if len(errs) == 0 {
		err = h.Store.SaveMeeting(c.UserContext(), currentUser(c), m.ID, &mt)
	}
	if errs, clash, bad := meetingErrors(errs, err); bad {
		status := fiber.StatusUnprocessableEntity
		return h.renderMeetingForm(c, status, m, f, errs, clash)
	}
	if err != nil {
		return err
	}
	v := viewOf(m, models.MeetingRow{Meeting: mt})
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/meetings/%d", m.ID, mt.ID), "Meeting booked: "+v.When)
}

// ShowMeeting shows a meeting with its history and the forms to reschedule or cancel it.
func (h *Handler) ShowMeeting(c *fiber.Ctx) error {
	m, mt, err := h.meeting(c)
	if err != nil {
		return err
	}
	f := meetingForm{Minutes: strconv.Itoa(mt.Minutes)}
	if mt.StartsAt != nil {
		f.Date = DateInputOf(models.DateIn(*mt.StartsAt, m.Zone()))
		f.StartTime = models.FormatClock(*mt.StartsAt, m.Zone())
	}
	if mt.LocationID != nil {
		f.LocationID = idString(*mt.LocationID)
	}
	return h.renderMeeting(c, fiber.StatusOK, m, mt, f, nil, nil)
}

func (h *Handler) renderMeeting(c *fiber.Ctx, status int, m *models.Mission, mt *models.Meeting, f meetingForm, errs models.FieldErrors, clash []models.ClashDetail) error {
	return h.renderMeetingPage(c, status, m, mt, f, errs, clash, nil)
}

// renderMeetingOutcome shows the meeting page with the outcome form as typed and its errors.
func (h *Handler) renderMeetingOutcome(c *fiber.Ctx, status int, m *models.Mission, mt *models.Meeting, f meetingForm, errs models.FieldErrors, of *outcomeForm) error {
	return h.renderMeetingPage(c, status, m, mt, f, errs, nil, of)
}

func (h *Handler) renderMeetingPage(c *fiber.Ctx, status int, m *models.Mission, mt *models.Meeting, f meetingForm, errs models.FieldErrors, clash []models.ClashDetail, of *outcomeForm) error {
	book, err := h.Store.LoadMissionBook(c.UserContext(), m)
	if err != nil {
		return err
	}
	history, err := h.Store.AuditTrail(c.UserContext(), "meeting", mt.ID)
	if err != nil {
		return err
	}
	v := View{"Title": "Meeting: " + book.Label(mt.RegistrationID, mt.ContactID), "Mission": m, "Meeting": viewOf(m, book.Row(*mt)), "Form": f,
		"LocationOptions": locationOptions(book.LocationList), "History": history, "Clash": clash}
	if len(errs) > 0 {
		v["Errors"], v["Order"] = errs, meetingFields
		if of != nil {
			v["Order"] = outcomeFieldOrder
		}
	}
	if err := h.outcomeView(c, v, mt, of); err != nil {
		return err
	}
	return h.render(c, status, "meetings/show", v)
}

// RescheduleMeeting moves a meeting (or gives a request its time), checked against every rule; a
// cancelled or declined meeting is refused (409) by the store.
func (h *Handler) RescheduleMeeting(c *fiber.Ctx) error {
	m, existing, err := h.meeting(c)
	if err != nil {
		return err
	}
	var when models.Meeting
	errs := models.FieldErrors{}
	f := newMeetingForm(c)
	f.when(m, &when, errs)
	var mt *models.Meeting
	if len(errs) == 0 {
		mt, err = h.Store.UpdateMeeting(c.UserContext(), currentUser(c), m.ID, existing.ID, func(cur *models.Meeting) error {
			cur.StartsAt, cur.Minutes, cur.LocationID, cur.Status = when.StartsAt, when.Minutes, when.LocationID, ""
			return nil
		})
	}
	var conflict *models.ConflictError
	if errors.As(err, &conflict) && conflict.Errors["status"] != "" {
		return err
	}
	if errs, clash, bad := meetingErrors(errs, err); bad {
		return h.renderMeeting(c, fiber.StatusUnprocessableEntity, m, existing, f, errs, clash)
	}
	if err != nil {
		return err
	}
	v := viewOf(m, models.MeetingRow{Meeting: *mt})
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/meetings/%d", m.ID, mt.ID), "Meeting rescheduled: "+v.When)
}

// CancelMeeting cancels a meeting; it stays in the history.
func (h *Handler) CancelMeeting(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "mid")
	if err != nil {
		return err
	}
	if _, err := h.Store.CancelMeeting(c.UserContext(), currentUser(c), m.ID, id); err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/meetings/%d", m.ID, id), "Meeting cancelled")
}

// meeting loads the mission and the meeting of the path; a meeting of another mission is not found.
func (h *Handler) meeting(c *fiber.Ctx) (*models.Mission, *models.Meeting, error) {
	m, err := h.mission(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := idParam(c, "mid")
	if err != nil {
		return nil, nil, err
	}
	mt, err := h.Store.Meeting(c.UserContext(), id)
	if err != nil {
		return nil, nil, err
	}
	if mt.MissionID != m.ID {
		return nil, nil, fiber.ErrNotFound
	}
	return m, mt, nil
}

func sortedContacts(b *models.MissionBook) []models.Contact {
	out := make([]models.Contact, 0, len(b.Contacts))
	for _, ct := range b.Contacts {
		out = append(out, *ct)
	}
	sortBy(out, func(a, b models.Contact) bool {
		if a.FullName != b.FullName {
			return a.FullName < b.FullName
		}
		return a.ID < b.ID
	})
	return out
}

func sortGroups(gs []meetingGroup) {
	sortBy(gs, func(a, b meetingGroup) bool { return a.Title < b.Title })
}

func sortBy[T any](xs []T, less func(a, b T) bool) {
	sort.SliceStable(xs, func(i, j int) bool { return less(xs[i], xs[j]) })
}

// LockMeeting locks (locked=true) or unlocks (locked=false) a meeting: the scheduler leaves a locked
// request unplaced and a locked meeting where it is.
func (h *Handler) LockMeeting(c *fiber.Ctx) error {
	m, mt, err := h.meeting(c)
	if err != nil {
		return err
	}
	var locked bool
	switch form(c, "locked") {
	case "true":
		locked = true
	case "false":
	default:
		f := meetingForm{Minutes: strconv.Itoa(mt.Minutes)}
		return h.renderMeeting(c, fiber.StatusUnprocessableEntity, m, mt, f, models.FieldErrors{"locked": "Choose whether to lock or unlock the meeting"}, nil)
	}
	if _, err := h.Store.SetMeetingLocked(c.UserContext(), currentUser(c), m.ID, mt.ID, locked); err != nil {
		return err
	}
	msg := "Meeting unlocked: the scheduler may place or move it"
	if locked {
		msg = "Meeting locked: the scheduler will leave it as it is"
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/meetings/%d", m.ID, mt.ID), msg)
}
