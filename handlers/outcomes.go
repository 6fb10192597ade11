package handlers

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

var outcomeFieldOrder = []string{"attendance", "interest", "next_step", "estimated_value_gbp", "expected_by", "notes"}

// outcomeForm is the outcome form as typed (staff's on the meeting page, the delegate's on /my).
type outcomeForm struct {
	F          map[string]string
	ExpectedBy DateInput
}

// outcomeFormOf fills the form from a recorded outcome (nil gives an empty form).
func outcomeFormOf(o *models.MeetingOutcome) outcomeForm {
	f := outcomeForm{F: map[string]string{}}
	if o == nil {
		return f
	}
	f.F["attendance"], f.F["interest"], f.F["next_step"], f.F["notes"] = o.Attendance, o.Interest, o.NextStep, o.Notes
	if o.EstimatedValueGBP != nil {
		f.F["estimated_value_gbp"] = strconv.FormatInt(*o.EstimatedValueGBP, 10)
	}
	if o.ExpectedBy != nil {
		f.ExpectedBy = DateInputOf(*o.ExpectedBy)
	}
	return f
}

// parseOutcomeForm reads the outcome form; a date that is not real is reported in errs.
func parseOutcomeForm(c *fiber.Ctx) (models.OutcomeInput, outcomeForm, models.FieldErrors) {
	errs := models.FieldErrors{}
	f := outcomeForm{F: map[string]string{}, ExpectedBy: dateInput(c, "expected_by")}
	for _, k := range outcomeFieldOrder {
		if k != "expected_by" {
			f.F[k] = form(c, k)
		}
	}
	in := models.OutcomeInput{Attendance: f.F["attendance"], Interest: f.F["interest"], NextStep: f.F["next_step"],
		EstimatedValueGBP: f.F["estimated_value_gbp"], Notes: f.F["notes"]}
	if d, msg := f.ExpectedBy.Parse("expected date"); msg != "" {
		errs.Add("expected_by", msg)
	} else if !d.IsZero() {
		in.ExpectedBy = &d
	}
	return in, f, errs
}

// recordOutcome saves the form's outcome as source's record, merging the form's own errors with the rules'.
func (h *Handler) recordOutcome(c *fiber.Ctx, missionID, meetingID uint, source string) (outcomeForm, models.FieldErrors, error) {
	in, f, errs := parseOutcomeForm(c)
	if _, more := in.Outcome(); len(more) > 0 || len(errs) > 0 {
		for k, v := range more {
			errs.Add(k, v)
		}
		return f, errs, nil
	}
	_, err := h.Store.RecordOutcome(c.UserContext(), currentUser(c), missionID, meetingID, source, in, h.Now())
	if fe, ok := models.AsFieldErrors(err); ok {
		return f, fe, nil
	}
	return f, nil, err
}

// outcomeView adds a meeting's outcome records to a page: the one that counts, both records, and
// whether an outcome may be recorded now.
func (h *Handler) outcomeView(c *fiber.Ctx, v View, mt *models.Meeting, f *outcomeForm) error {
	recs, err := h.Store.MeetingOutcomes(c.UserContext(), mt.ID)
	if err != nil {
		return err
	}
	v["Outcome"], v["Outcomes"], v["OutcomeOpen"] = recs.Effective(), recs, models.OutcomeOpen(mt, h.Now())
	if f == nil {
		of := outcomeFormOf(recs.Effective())
		f = &of
	}
	v["OutcomeForm"] = f
	return nil
}

// RecordMeetingOutcome saves staff's record of a meeting's outcome (a correction when the firm's
// delegate recorded one already).
func (h *Handler) RecordMeetingOutcome(c *fiber.Ctx) error {
	m, mt, err := h.meeting(c)
	if err != nil {
		return err
	}
	f, errs, err := h.recordOutcome(c, m.ID, mt.ID, models.OutcomeByStaff)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		mf := meetingForm{Minutes: strconv.Itoa(mt.Minutes)}
		return h.renderMeetingOutcome(c, fiber.StatusUnprocessableEntity, m, mt, mf, errs, &f)
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/meetings/%d#outcome", m.ID, mt.ID), "Outcome saved")
}

// OutcomesDue lists a mission's past meetings that have no outcome yet, each linking to its page.
func (h *Handler) OutcomesDue(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	due, err := h.Store.MeetingsAwaitingOutcome(c.UserContext(), m.ID, h.Now())
	if err != nil {
		return err
	}
	type row struct {
		models.OutcomeDue
		When string
	}
	rows := make([]row, len(due))
	for i, d := range due {
		rows[i] = row{d, models.FormatDay(d.StartsAt, m.Zone()) + " " + models.FormatClock(d.StartsAt, m.Zone())}
	}
	return h.render(c, fiber.StatusOK, "meetings/outcomes_due", View{"Title": "Meetings without an outcome", "Mission": m, "Rows": rows})
}

// MyMeetingOutcome shows a delegate the outcome form for a meeting of their own firm; a meeting of
// another firm is not found.
func (h *Handler) MyMeetingOutcome(c *fiber.Ctx) error {
	mt, m, err := h.myMeeting(c)
	if err != nil {
		return err
	}
	return h.renderMyOutcome(c, fiber.StatusOK, m, mt, nil, nil)
}

// SaveMyMeetingOutcome records the delegate's outcome of a meeting of their own firm.
func (h *Handler) SaveMyMeetingOutcome(c *fiber.Ctx) error {
	mt, m, err := h.myMeeting(c)
	if err != nil {
		return err
	}
	f, errs, err := h.recordOutcome(c, m.ID, mt.ID, models.OutcomeByDelegate)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return h.renderMyOutcome(c, fiber.StatusUnprocessableEntity, m, mt, &f, errs)
	}
	return h.redirectWithFlash(c, "/my/itinerary", "Thank you: the outcome of your meeting is saved")
}

func (h *Handler) myMeeting(c *fiber.Ctx) (*models.Meeting, *models.Mission, error) {
	id, err := idParam(c, "mid")
	if err != nil {
		return nil, nil, err
	}
	mt, err := h.Store.RegistrationMeeting(c.UserContext(), *currentUser(c).RegistrationID, id)
	if err != nil {
		return nil, nil, err
	}
	if mt.Status != models.MeetingScheduled || mt.StartsAt == nil {
		return nil, nil, models.ErrNotFound
	}
	m, err := h.Store.Mission(c.UserContext(), mt.MissionID)
	if err != nil {
		return nil, nil, err
	}
	return mt, m, nil
}

// renderMyOutcome shows the delegate's form. It shows only what the firm may see: the meeting's notes
// for the firm, never staff notes; staff's correction, when there is one, is shown above the form.
func (h *Handler) renderMyOutcome(c *fiber.Ctx, status int, m *models.Mission, mt *models.Meeting, f *outcomeForm, errs models.FieldErrors) error {
	ct, err := h.Store.Contact(c.UserContext(), mt.ContactID)
	if err != nil {
		return err
	}
	recs, err := h.Store.MeetingOutcomes(c.UserContext(), mt.ID)
	if err != nil {
		return err
	}
	if f == nil {
		own := recs.Delegate
		if own == nil {
			own = recs.Staff
		}
		of := outcomeFormOf(own)
		f = &of
	}
	v := View{"Title": "Outcome of your meeting with " + ct.FullName, "Mission": m, "Contact": ct, "MeetingNotes": mt.Notes,
		"When":  models.FormatDay(*mt.StartsAt, m.Zone()) + " " + models.FormatClock(*mt.StartsAt, m.Zone()),
		"Open":  models.OutcomeOpen(mt, h.Now()),
		"Staff": recs.Staff, "Form": f, "MeetingID": mt.ID}
	if len(errs) > 0 {
		v["Errors"], v["Order"] = errs, outcomeFieldOrder
	}
	return h.render(c, status, "my/outcome", v)
}

// outcomeJSON is an outcome as the API answers it.
type outcomeJSON struct {
	ID                uint    `json:"id"`
	MeetingID         uint    `json:"meeting_id"`
	Source            string  `json:"source"`
	Attendance        string  `json:"attendance"`
	Interest          string  `json:"interest"`
	NextStep          string  `json:"next_step"`
	EstimatedValueGBP *int64  `json:"estimated_value_gbp"`
	ExpectedBy        *string `json:"expected_by"`
	Notes             string  `json:"notes"`
	Lead              bool    `json:"lead"`
	RecordedBy        string  `json:"recorded_by"`
	RecordedAt        string  `json:"recorded_at"`
}

// outcomeWithRecords is the outcome that counts, with both sources' records.
type outcomeWithRecords struct {
	outcomeJSON
	Records []outcomeJSON `json:"records"`
}

func outcomeOut(o *models.MeetingOutcome) outcomeJSON {
	out := outcomeJSON{ID: o.ID, MeetingID: o.MeetingID, Source: o.Source, Attendance: o.Attendance, Interest: o.Interest,
		NextStep: o.NextStep, EstimatedValueGBP: o.EstimatedValueGBP, Notes: o.Notes, Lead: o.IsLead(),
		RecordedBy: o.RecordedByName, RecordedAt: o.RecordedAt.UTC().Format(time.RFC3339)}
	if o.ExpectedBy != nil {
		s := o.ExpectedBy.String()
		out.ExpectedBy = &s
	}
	return out
}

func outcomesOut(recs models.MeetingOutcomes) *outcomeWithRecords {
	eff := recs.Effective()
	if eff == nil {
		return nil
	}
	out := &outcomeWithRecords{outcomeJSON: outcomeOut(eff), Records: []outcomeJSON{}}
	for _, o := range []*models.MeetingOutcome{recs.Delegate, recs.Staff} {
		if o != nil {
			out.Records = append(out.Records, outcomeOut(o))
		}
	}
	return out
}

// outcomeInput is an outcome as the API accepts it.
type outcomeInput struct {
	Attendance        string         `json:"attendance"`
	Interest          string         `json:"interest"`
	NextStep          string         `json:"next_step"`
	EstimatedValueGBP *json.Number   `json:"estimated_value_gbp"`
	ExpectedBy        *string        `json:"expected_by"`
	Notes             string         `json:"notes"`
	Source            *string        `json:"source"`
	Lead              *bool          `json:"lead"`
	RecordedBy        *string        `json:"recorded_by"`
	RecordedAt        *string        `json:"recorded_at"`
	MeetingID         *uint          `json:"meeting_id"`
	Records           *[]outcomeJSON `json:"records"`
	readOnlyKeys
}

// APIRecordOutcome saves staff's record of a meeting's outcome and answers it (200).
func (h *Handler) APIRecordOutcome(c *fiber.Ctx) error {
	m, mt, err := h.apiMeeting(c)
	if err != nil {
		return err
	}
	var in outcomeInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	errs := models.FieldErrors{}
	oi := models.OutcomeInput{Attendance: in.Attendance, Interest: in.Interest, NextStep: in.NextStep, Notes: in.Notes}
	if in.EstimatedValueGBP != nil {
		oi.EstimatedValueGBP = in.EstimatedValueGBP.String()
	}
	if in.ExpectedBy != nil && *in.ExpectedBy != "" {
		d, err := models.ParseDate(*in.ExpectedBy)
		if err != nil {
			errs.Add("expected_by", "Give the expected date as YYYY-MM-DD")
		} else {
			oi.ExpectedBy = &d
		}
	}
	if len(errs) > 0 {
		return errs
	}
	o, err := h.Store.RecordOutcome(c.UserContext(), currentUser(c), m.ID, mt.ID, models.OutcomeByStaff, oi, h.Now())
	if err != nil {
		return err
	}
	return c.JSON(outcomeOut(o))
}

// formatGBP writes whole pounds with thousands separators: £1,250,000. It takes an int64 or *int64.
func formatGBP(v any) string {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case *int64:
		if x == nil {
			return ""
		}
		n = *x
	case int:
		n = int64(x)
	default:
		return fmt.Sprint(v)
	}
	return "£" + models.GroupThousands(n)
}

// outcomeLinks tells the delegate's itinerary which meetings offer the outcome form (those that have
// started) and which already have an outcome.
type outcomeLinks struct {
	Now  time.Time
	Done map[uint]bool
}

// Offer reports whether the entry starting at start offers the outcome form.
func (o outcomeLinks) Offer(start time.Time) bool { return !o.Now.Before(start) }
