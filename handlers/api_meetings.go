package handlers

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/scheduler"
)

// rfc3339In writes an instant in RFC 3339 with the mission's offset, e.g. 2027-03-15T10:00:00-05:00.
func rfc3339In(t *time.Time, zone *time.Location) *string {
	if t == nil {
		return nil
	}
	s := t.In(zone).Format(time.RFC3339)
	return &s
}

// meetingJSON is a meeting as the API answers it, its times in the mission's zone.
type meetingJSON struct {
	ID             uint      `json:"id"`
	MissionID      uint      `json:"mission_id"`
	RegistrationID uint      `json:"registration_id"`
	ContactID      uint      `json:"contact_id"`
	StartsAt       *string   `json:"starts_at"`
	EndsAt         *string   `json:"ends_at"`
	Minutes        int       `json:"minutes"`
	LocationID     *uint     `json:"location_id"`
	Status         string    `json:"status"`
	Priority       int       `json:"priority"`
	Locked         bool      `json:"locked"`
	Notes          string    `json:"notes"`
	StaffNotes     string    `json:"staff_notes"`
	Sequence       int       `json:"sequence"`
	DelegateIDs    []uint    `json:"delegate_ids"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func meetingOut(m *models.Mission, mt *models.Meeting) meetingJSON {
	zone := m.Zone()
	ids := mt.DelegateIDs
	if ids == nil {
		ids = []uint{}
	}
	return meetingJSON{ID: mt.ID, MissionID: mt.MissionID, RegistrationID: mt.RegistrationID, ContactID: mt.ContactID,
		StartsAt: rfc3339In(mt.StartsAt, zone), EndsAt: rfc3339In(mt.EndsAt, zone), Minutes: mt.Minutes, LocationID: mt.LocationID,
		Status: mt.Status, Priority: mt.Priority, Locked: mt.Locked, Notes: mt.Notes, StaffNotes: mt.StaffNotes, Sequence: mt.Sequence,
		DelegateIDs: ids, CreatedAt: mt.CreatedAt, UpdatedAt: mt.UpdatedAt}
}

// meetingInput is a meeting as the API accepts it; read-only fields are accepted and ignored.
type meetingInput struct {
	RegistrationID *uint   `json:"registration_id"`
	ContactID      *uint   `json:"contact_id"`
	StartsAt       *string `json:"starts_at"`
	Minutes        *int    `json:"minutes"`
	LocationID     *uint   `json:"location_id"`
	Status         *string `json:"status"`
	Priority       *int    `json:"priority"`
	Locked         *bool   `json:"locked"`
	Notes          *string `json:"notes"`
	StaffNotes     *string `json:"staff_notes"`
	DelegateIDs    *[]uint `json:"delegate_ids"`
	readOnlyKeys
	MissionID *uint            `json:"mission_id"`
	EndsAt    *json.RawMessage `json:"ends_at"`
	Sequence  *int             `json:"sequence"`
}

// apply copies what was sent onto mt; raw says which keys were present (null clears a time or location).
func (in meetingInput) apply(m *models.Mission, mt *models.Meeting, raw map[string]json.RawMessage) models.FieldErrors {
	errs := models.FieldErrors{}
	if in.RegistrationID != nil {
		mt.RegistrationID = *in.RegistrationID
	}
	if in.ContactID != nil {
		mt.ContactID = *in.ContactID
	}
	if _, ok := raw["starts_at"]; ok {
		mt.StartsAt = nil
		if in.StartsAt != nil && *in.StartsAt != "" {
			t, err := models.ParseLocalOrRFC3339(m.Zone(), *in.StartsAt)
			if err != nil {
				errs.Add("starts_at", capitalise(err.Error()))
			} else {
				mt.StartsAt = &t
			}
		}
	}
	if in.Minutes != nil {
		mt.Minutes = *in.Minutes
	}
	if _, ok := raw["location_id"]; ok {
		mt.LocationID = in.LocationID
	}
	if in.Status != nil {
		mt.Status = *in.Status
	}
	if in.Priority != nil {
		mt.Priority = *in.Priority
	}
	if in.Locked != nil {
		mt.Locked = *in.Locked
	}
	if in.Notes != nil {
		mt.Notes = *in.Notes
	}
	if in.StaffNotes != nil {
		mt.StaffNotes = *in.StaffNotes
	}
	if in.DelegateIDs != nil {
		mt.DelegateIDs = *in.DelegateIDs
	}
	return errs
}

// APIMeetings lists a mission's meetings, filtered by status, registration_id, contact_id or day.
func (h *Handler) APIMeetings(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	f, _ := meetingFilterOf(c)
	meetings, total, err := h.Store.MeetingsPage(c.UserContext(), m, f, pageFromQuery(c))
	if err != nil {
		return err
	}
	items := []meetingJSON{}
	for i := range meetings {
		items = append(items, meetingOut(m, &meetings[i]))
	}
	return apiList(c, items, total)
}

// APICreateMeeting books a meeting (with starts_at) or records a request (status requested, no time).
func (h *Handler) APICreateMeeting(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var in meetingInput
	raw, err := decodeJSON(c, &in)
	if err != nil {
		return err
	}
	mt := models.Meeting{}
	errs := in.apply(m, &mt, raw)
	if in.RegistrationID == nil {
		errs.Add("registration_id", "Give the registration_id of the firm meeting the contact")
	}
	if in.ContactID == nil {
		errs.Add("contact_id", "Give the contact_id of the contact to meet")
	}
	if len(errs) > 0 {
		return errs
	}
	if err := h.Store.SaveMeeting(c.UserContext(), currentUser(c), m.ID, &mt); err != nil {
		return err
	}
	c.Location("/api/v1/meetings/" + idString(mt.ID))
	return c.Status(fiber.StatusCreated).JSON(meetingOut(m, &mt))
}

func (h *Handler) apiMeeting(c *fiber.Ctx) (*models.Mission, *models.Meeting, error) {
	id, err := idParam(c, "mid")
	if err != nil {
		return nil, nil, err
	}
	mt, err := h.Store.Meeting(c.UserContext(), id)
	if err != nil {
		return nil, nil, err
	}
	m, err := h.Store.Mission(c.UserContext(), mt.MissionID)
	if err != nil {
		return nil, nil, err
	}
	return m, mt, nil
}

// APIMeeting answers one meeting.
func (h *Handler) APIMeeting(c *fiber.Ctx) error {
	m, mt, err := h.apiMeeting(c)
	if err != nil {
		return err
	}
	recs, err := h.Store.MeetingOutcomes(c.UserContext(), mt.ID)
	if err != nil {
		return err
	}
	return c.JSON(struct {
		meetingJSON
		Outcome *outcomeWithRecords `json:"outcome"`
	}{meetingOut(m, mt), outcomesOut(recs)})
}

// APIUpdateMeeting changes what was sent, checked against every rule; without a status the rules
// choose it (giving a request a time schedules it).
func (h *Handler) APIUpdateMeeting(c *fiber.Ctx) error {
	m, mt, err := h.apiMeeting(c)
	if err != nil {
		return err
	}
	var in meetingInput
	raw, err := decodeJSON(c, &in)
	if err != nil {
		return err
	}
	out, err := h.Store.UpdateMeeting(c.UserContext(), currentUser(c), m.ID, mt.ID, func(cur *models.Meeting) error {
		cur.Status = ""
		if errs := in.apply(m, cur, raw); len(errs) > 0 {
			return errs
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(meetingOut(m, out))
}

// APICancelMeeting cancels a meeting (it stays, with its history).
func (h *Handler) APICancelMeeting(c *fiber.Ctx) error {
	m, mt, err := h.apiMeeting(c)
	if err != nil {
		return err
	}
	out, err := h.Store.CancelMeeting(c.UserContext(), currentUser(c), m.ID, mt.ID)
	if err != nil {
		return err
	}
	return c.JSON(meetingOut(m, out))
}

// APISchedule answers the scheduler's proposal without saving it; {"publish": true} saves it in
// one transaction.
func (h *Handler) APISchedule(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var in struct {
		Publish bool `json:"publish"`
	}
	if len(c.Body()) > 0 {
		if _, err := decodeJSON(c, &in); err != nil {
			return err
		}
	}
	var p *scheduler.Proposal
	if in.Publish {
		p, err = scheduler.Publish(c.UserContext(), h.Store, currentUser(c), m.ID, "")
	} else {
		p, err = scheduler.Propose(c.UserContext(), h.Store, m)
	}
	if err != nil {
		return err
	}
	type placed struct {
		RequestID      uint    `json:"request_id"`
		MeetingID      uint    `json:"meeting_id"`
		RegistrationID uint    `json:"registration_id"`
		ContactID      uint    `json:"contact_id"`
		StartsAt       *string `json:"starts_at"`
		EndsAt         *string `json:"ends_at"`
		Label          string  `json:"label"`
	}
	type unplaced struct {
		RequestID uint   `json:"request_id"`
		Code      string `json:"code"`
		Reason    string `json:"reason"`
	}
	type firmShare struct {
		RegistrationID uint   `json:"registration_id"`
		Firm           string `json:"firm"`
		Requested      int    `json:"requested"`
		Scheduled      int    `json:"scheduled"`
		Placed         int    `json:"placed"`
		Meetings       int    `json:"meetings"`
		BelowMinimum   bool   `json:"below_minimum"`
	}
	type spread struct {
		Fewest int `json:"fewest"`
		Median int `json:"median"`
		Most   int `json:"most"`
	}
	q := qualityOf(m, p)
	out := struct {
		Placed       []placed    `json:"placed"`
		Unplaced     []unplaced  `json:"unplaced"`
		Published    bool        `json:"published"`
		Requests     int         `json:"requests"`
		UpperBound   int         `json:"upper_bound"`
		Spread       spread      `json:"spread"`
		Firms        []firmShare `json:"firms"`
		BelowMinimum []uint      `json:"below_minimum"`
	}{Placed: []placed{}, Unplaced: []unplaced{}, Published: in.Publish, Requests: q.Requests, UpperBound: q.Bound,
		Spread: spread{q.Fewest, q.Median, q.Most}, Firms: []firmShare{}, BelowMinimum: []uint{}}
	for _, f := range q.Firms {
		out.Firms = append(out.Firms, firmShare{RegistrationID: f.RegistrationID, Firm: f.Firm, Requested: f.Requested, Scheduled: f.Scheduled,
			Placed: f.Placed, Meetings: f.Meetings(), BelowMinimum: f.BelowMinimum})
	}
	for _, f := range q.BelowMinimum {
		out.BelowMinimum = append(out.BelowMinimum, f.RegistrationID)
	}
	zone := m.Zone()
	for _, pl := range p.Result.Placed {
		mt := p.Requests[pl.RequestID]
		st, en := pl.Span.Start, pl.Span.End
		out.Placed = append(out.Placed, placed{RequestID: pl.RequestID, MeetingID: pl.RequestID, RegistrationID: mt.RegistrationID, ContactID: mt.ContactID,
			StartsAt: rfc3339In(&st, zone), EndsAt: rfc3339In(&en, zone), Label: p.Book.Label(mt.RegistrationID, mt.ContactID)})
	}
	for _, u := range p.Result.Unplaced {
		out.Unplaced = append(out.Unplaced, unplaced{RequestID: u.RequestID, Code: u.Code, Reason: u.Reason})
	}
	return c.JSON(out)
}
