package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// firmInput is a new firm as the API accepts it.
type firmInput struct {
	CompanyName          string `json:"company_name"`
	CompaniesHouseNumber string `json:"companies_house_number"`
	Website              string `json:"website"`
	Address              string `json:"address"`
	City                 string `json:"city"`
	Postcode             string `json:"postcode"`
	Sector               string `json:"sector"`
	Employees            string `json:"employees"`
	ExportExperience     string `json:"export_experience"`
	USPresence           bool   `json:"us_presence"`
	Description          string `json:"description"`
	ContactName          string `json:"contact_name"`
	ContactEmail         string `json:"contact_email"`
	ContactPhone         string `json:"contact_phone"`
	readOnlyKeys
}

// is reports whether the object carries the id of firm id, as the firm of a registration read from the API does.
func (in firmInput) is(id uint) bool {
	var got uint
	return in.ID != nil && json.Unmarshal(*in.ID, &got) == nil && got == id
}

func (in firmInput) firm() models.Firm {
	return models.Firm{
		CompanyName: in.CompanyName, CompaniesHouseNumber: in.CompaniesHouseNumber, Website: in.Website, Address: in.Address,
		City: in.City, Postcode: in.Postcode, Sector: in.Sector, Employees: in.Employees, ExportExperience: in.ExportExperience,
		USPresence: in.USPresence, Description: in.Description, ContactName: in.ContactName, ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone,
	}
}

// registrationInput is a registration as the API accepts it: POST takes firm_id or firm; PATCH
// changes only what is sent (status goes through the workflow), and takes back the registration's own
// firm_id, firm and status as they were read.
type registrationInput struct {
	FirmID        *uint      `json:"firm_id"`
	Firm          *firmInput `json:"firm"`
	Status        *string    `json:"status"`
	Objectives    *string    `json:"objectives"`
	TargetSectors *[]string  `json:"target_sectors"`
	WantsToMeet   *[]string  `json:"wants_to_meet"`
	readOnlyKeys
	MissionID       *uint            `json:"mission_id"`
	StatusChangedAt *json.RawMessage `json:"status_changed_at"`
	Delegates       *json.RawMessage `json:"delegates"`
}

func (in registrationInput) apply(r *models.Registration) {
	if in.Objectives != nil {
		r.Objectives = *in.Objectives
	}
	if in.TargetSectors != nil {
		r.TargetSectors = models.NewStringList(*in.TargetSectors...)
	}
	if in.WantsToMeet != nil {
		r.WantsToMeet = models.NewStringList(*in.WantsToMeet...)
	}
}

// APIRegistrations lists a mission's registrations, filtered by status, sector and q (part of the
// firm's name), a page at a time.
func (h *Handler) APIRegistrations(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	f := models.RegistrationFilter{Status: c.Query("status"), Sector: c.Query("sector"), Query: c.Query("q"), Sort: c.Query("sort")}
	errs := models.FieldErrors{}
	if f.Status != "" && !models.InList(models.RegistrationStatuses, f.Status) {
		errs.Add("status", "Filter by one of the statuses: applied, approved, waitlisted, confirmed, withdrawn, rejected")
	}
	if f.Sector != "" && !models.InList(models.Sectors, f.Sector) {
		errs.Add("sector", "Filter by one of the sector codes")
	}
	if len(errs) > 0 {
		return errs
	}
	regs, total, err := h.Store.Registrations(c.UserContext(), m.ID, f, pageFromQuery(c))
	if err != nil {
		return err
	}
	return apiList(c, regs, total)
}

// APICreateRegistration registers a firm of the directory (firm_id) or a new firm (firm) for the
// mission, as applied.
func (h *Handler) APICreateRegistration(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var in registrationInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	switch {
	case in.Status != nil:
		return models.FieldErrors{"status": "A registration starts as applied: PATCH /api/v1/registrations/:rid with a status to decide it"}
	case in.FirmID == nil && in.Firm == nil:
		return models.FieldErrors{"firm_id": "Send firm_id of a firm in the directory, or a firm object for a new one"}
	case in.FirmID != nil && in.Firm != nil:
		return models.FieldErrors{"firm_id": "Send either firm_id or a firm object, not both"}
	}
	var reg models.Registration
	in.apply(&reg)
	var firmID uint
	var firm models.Firm
	if in.FirmID != nil {
		firmID = *in.FirmID
		if firmID == 0 {
			return models.FieldErrors{"firm_id": "Select a firm that is in the directory"}
		}
	} else {
		firm = in.Firm.firm()
	}
	err = h.Store.RegisterFirm(c.UserContext(), currentUser(c), m, h.Now(), firmID, &firm, &reg)
	var dup *models.DuplicateFirmError
	if errors.As(err, &dup) {
		if dup.Registration != nil {
			return &models.ConflictError{Errors: models.FieldErrors{"firm_id": fmt.Sprintf("%s (registration %d)", dup.Message(), dup.Registration.ID)}}
		}
		return models.FieldErrors{"firm." + dup.Field: fmt.Sprintf("%s: send firm_id %d to register it", dup.Message(), dup.Existing.ID)}
	}
	if fe, ok := models.AsFieldErrors(err); ok && in.Firm != nil {
		out := models.FieldErrors{}
		for k, v := range fe {
			if models.IsFirmField(k) {
				k = "firm." + k
			}
			out[k] = v
		}
		return out
	}
	if err != nil {
		return err
	}
	c.Location("/api/v1/registrations/" + idString(reg.ID))
	return c.Status(fiber.StatusCreated).JSON(reg)
}

// APIRegistration answers one registration with its firm, delegates and their travel.
func (h *Handler) APIRegistration(c *fiber.Ctx) error {
	r, err := h.apiRegistration(c)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// APIUpdateRegistration changes the fields sent; a status goes through the workflow (an approval past
// capacity answers the registration wait-listed; a move the workflow does not allow is 409).
func (h *Handler) APIUpdateRegistration(c *fiber.Ctx) error {
	r, err := h.apiRegistration(c)
	if err != nil {
		return err
	}
	var in registrationInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	if (in.FirmID != nil && *in.FirmID != r.FirmID) || (in.Firm != nil && !in.Firm.is(r.FirmID)) {
		return models.FieldErrors{"firm_id": "A registration's firm cannot be changed: withdraw it and register the other firm"}
	}
	fieldsSent := in.Objectives != nil || in.TargetSectors != nil || in.WantsToMeet != nil
	in.apply(r)
	if err := h.Store.ChangeRegistration(c.UserContext(), currentUser(c), r, fieldsSent, in.Status, h.Now()); err != nil {
		return err
	}
	fresh, err := h.Store.Registration(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	return c.JSON(fresh)
}

func (h *Handler) apiRegistration(c *fiber.Ctx) (*models.Registration, error) {
	id, err := idParam(c, "rid")
	if err != nil {
		return nil, err
	}
	return h.Store.Registration(c.UserContext(), id)
}

// segmentInput is a travel segment as the API accepts it; departs_at and arrives_at are RFC 3339, or
// local "YYYY-MM-DDTHH:MM" at the segment's own airport.
type segmentInput struct {
	Direction string `json:"direction"`
	Carrier   string `json:"carrier"`
	Number    string `json:"number"`
	From      string `json:"from"`
	To        string `json:"to"`
	DepartsAt string `json:"departs_at"`
	ArrivesAt string `json:"arrives_at"`
	readOnlyKeys
	DelegateID *uint `json:"delegate_id"`
}

// delegateInput is a delegate as the API accepts it; travel_segments, when sent, replaces the
// delegate's travel.
type delegateInput struct {
	FullName            *string         `json:"full_name"`
	JobTitle            *string         `json:"job_title"`
	Email               *string         `json:"email"`
	Phone               *string         `json:"phone"`
	DietaryRequirements *string         `json:"dietary_requirements"`
	AccessNeeds         *string         `json:"access_needs"`
	TravelSegments      *[]segmentInput `json:"travel_segments"`
	documentsInput
	readOnlyKeys
	RegistrationID *uint `json:"registration_id"`
	MissionID      *uint `json:"mission_id"`
}

func (in delegateInput) apply(d *models.Delegate) ([]models.TravelSegment, models.FieldErrors) {
	for _, p := range []struct {
		dst *string
		v   *string
	}{{&d.FullName, in.FullName}, {&d.JobTitle, in.JobTitle}, {&d.Email, in.Email}, {&d.Phone, in.Phone}, {&d.DietaryRequirements, in.DietaryRequirements}, {&d.AccessNeeds, in.AccessNeeds}} {
		if p.v != nil {
			*p.dst = *p.v
		}
	}
	if in.TravelSegments == nil {
		return nil, nil
	}
	errs := models.FieldErrors{}
	segs := make([]models.TravelSegment, len(*in.TravelSegments))
	for i, s := range *in.TravelSegments {
		segs[i] = models.TravelSegment{Direction: s.Direction, Carrier: s.Carrier, Number: s.Number, From: s.From, To: s.To}
		segs[i].Normalise()
		for k, v := range segs[i].SetInstants(s.DepartsAt, s.ArrivesAt) {
			errs.Add("travel_segments["+strconv.Itoa(i)+"]."+k, v)
		}
	}
	return segs, errs
}

// APIDelegates lists a registration's delegates with their travel.
func (h *Handler) APIDelegates(c *fiber.Ctx) error {
	r, err := h.apiRegistration(c)
	if err != nil {
		return err
	}
	ds, err := h.Store.Delegates(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	return apiList(c, ds, int64(len(ds)))
}

// APICreateDelegate adds a delegate (with travel_segments, if sent) to a registration.
func (h *Handler) APICreateDelegate(c *fiber.Ctx) error {
	r, err := h.apiRegistration(c)
	if err != nil {
		return err
	}
	var in delegateInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	var d models.Delegate
	segs, errs := in.apply(&d)
	errs = orNew(errs)
	d.HotelBooking, _ = in.documentsInput.apply(&d.TravelDocuments, errs)
	if len(errs) > 0 {
		return errs
	}
	if segs == nil {
		segs = []models.TravelSegment{}
	}
	if err := h.Store.AddDelegate(c.UserContext(), currentUser(c), r.ID, &d, segs); err != nil {
		return err
	}
	c.Location("/api/v1/delegates/" + idString(d.ID))
	return c.Status(fiber.StatusCreated).JSON(d)
}

// APIDelegate answers one delegate with their travel.
func (h *Handler) APIDelegate(c *fiber.Ctx) error {
	d, err := h.apiDelegate(c)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

// APIUpdateDelegate changes the fields sent; travel_segments, when sent, replaces the travel.
func (h *Handler) APIUpdateDelegate(c *fiber.Ctx) error {
	d, err := h.apiDelegate(c)
	if err != nil {
		return err
	}
	var in delegateInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	segs, errs := in.apply(d)
	errs = orNew(errs)
	booking, setBooking := in.documentsInput.apply(&d.TravelDocuments, errs)
	if len(errs) > 0 {
		return errs
	}
	if err := h.Store.UpdateDelegateAndBooking(c.UserContext(), currentUser(c), d, segs, booking, setBooking); err != nil {
		return err
	}
	return c.JSON(d)
}

// APIDeleteDelegate removes a delegate and their travel.
func (h *Handler) APIDeleteDelegate(c *fiber.Ctx) error {
	d, err := h.apiDelegate(c)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteDelegate(c.UserContext(), currentUser(c), d.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) apiDelegate(c *fiber.Ctx) (*models.Delegate, error) {
	id, err := idParam(c, "did")
	if err != nil {
		return nil, err
	}
	return h.Store.Delegate(c.UserContext(), id)
}
