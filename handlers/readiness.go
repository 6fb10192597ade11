package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// documentsForm is the travel documents form as typed: staff's (with the hotel booking) and the
// delegate's own at /my/documents (without it).
type documentsForm struct {
	PassportNationality          string    `form:"passport_nationality"`
	PassportExpires              DateInput `form:"passport_expires"`
	PassportLast4                string    `form:"passport_last4"`
	EstaStatus                   string    `form:"esta_status"`
	EstaExpires                  DateInput `form:"esta_expires"`
	MobileAbroad                 string    `form:"mobile_abroad"`
	EmergencyContactName         string    `form:"emergency_contact_name"`
	EmergencyContactRelationship string    `form:"emergency_contact_relationship"`
	EmergencyContactPhone        string    `form:"emergency_contact_phone"`
	HotelID                      string    `form:"hotel_id"`
	ArrivesOn                    DateInput `form:"arrives_on"`
	DepartsOn                    DateInput `form:"departs_on"`
	Room                         string    `form:"room"`
	Confirmation                 string    `form:"confirmation"`
}

var documentsFields = specOf[documentsForm]()

func documentsFormOf(d *models.Delegate) documentsForm {
	f := documentsForm{
		PassportNationality: d.PassportNationality, PassportLast4: d.PassportLast4, EstaStatus: d.EstaStatus, MobileAbroad: d.MobileAbroad,
		EmergencyContactName: d.EmergencyContactName, EmergencyContactRelationship: d.EmergencyContactRelationship,
		EmergencyContactPhone: d.EmergencyContactPhone, PassportExpires: DateInputOf(d.PassportExpires), EstaExpires: DateInputOf(d.EstaExpires),
	}
	if b := d.HotelBooking; b != nil {
		f.HotelID, f.Room, f.Confirmation = strconv.FormatUint(uint64(b.HotelID), 10), b.Room, b.Confirmation
		f.ArrivesOn, f.DepartsOn = DateInputOf(b.ArrivesOn), DateInputOf(b.DepartsOn)
	}
	return f
}

func parseDocumentsForm(c *fiber.Ctx) documentsForm {
	var f documentsForm
	documentsFields.bind(c, &f)
	return f
}

// documents reads the travel documents; date errors go to errs.
func (f documentsForm) documents(errs models.FieldErrors) models.TravelDocuments {
	doc := models.TravelDocuments{
		PassportNationality: f.PassportNationality, PassportLast4: f.PassportLast4, EstaStatus: f.EstaStatus, MobileAbroad: f.MobileAbroad,
		EmergencyContactName: f.EmergencyContactName, EmergencyContactRelationship: f.EmergencyContactRelationship, EmergencyContactPhone: f.EmergencyContactPhone,
	}
	var msg string
	if doc.PassportExpires, msg = f.PassportExpires.Parse("passport expiry date"); msg != "" {
		errs.Add("passport_expires", msg)
	}
	if doc.EstaExpires, msg = f.EstaExpires.Parse("ESTA expiry date"); msg != "" {
		errs.Add("esta_expires", msg)
	}
	return doc
}

// booking reads the hotel booking: none when no hotel is chosen.
func (f documentsForm) booking(errs models.FieldErrors) *models.HotelBooking {
	if f.HotelID == "" {
		return nil
	}
	id, err := strconv.ParseUint(f.HotelID, 10, 32)
	if err != nil {
		errs.Add("hotel_id", "Select one of this mission's hotels")
		return nil
	}
	b := &models.HotelBooking{HotelID: uint(id), Room: f.Room, Confirmation: f.Confirmation}
	var msg string
	if b.ArrivesOn, msg = f.ArrivesOn.Parse("arrival date"); msg != "" {
		errs.Add("arrives_on", msg)
	}
	if b.DepartsOn, msg = f.DepartsOn.Parse("departure date"); msg != "" {
		errs.Add("departs_on", msg)
	}
	return b
}

// formErrors keys the store's booking errors (hotel_booking.field) by the form's field names.
func formErrors(fe models.FieldErrors) models.FieldErrors {
	out := models.FieldErrors{}
	for k, v := range fe {
		out.Add(strings.TrimPrefix(k, "hotel_booking."), v)
	}
	return out
}

// mergeErrors adds the store's errors to the form's, the form's (about how dates were typed) first.
func mergeErrors(form models.FieldErrors, err error) (models.FieldErrors, bool) {
	fe, ok := models.AsFieldErrors(err)
	if !ok && len(form) == 0 {
		return nil, false
	}
	out := models.FieldErrors{}
	for k, v := range form {
		out.Add(k, v)
	}
	for k, v := range formErrors(fe) {
		if _, taken := out[k]; !taken {
			out.Add(k, v)
		}
	}
	return out, true
}

func delegateDocumentsPath(m *models.Mission, r *models.Registration, d *models.Delegate) string {
	return fmt.Sprintf("%s/delegates/%d/documents", registrationPath(m, r), d.ID)
}

func (h *Handler) documentsView(c *fiber.Ctx, m *models.Mission, r *models.Registration, d *models.Delegate, f documentsForm) (View, error) {
	hotels, err := h.Store.Hotels(c.UserContext(), m.ID)
	if err != nil {
		return nil, err
	}
	opts := make([]models.Option, len(hotels))
	for i, ho := range hotels {
		opts[i] = models.Option{Code: strconv.FormatUint(uint64(ho.ID), 10), Label: ho.Name + ", " + ho.City}
	}
	return View{"Title": "Travel documents, hotel and emergency contact", "Mission": m, "Registration": r, "Delegate": d, "F": f,
		"HotelOptions": opts, "Staff": true, "Action": delegateDocumentsPath(m, r, d), "Order": documentsFields}, nil
}

// EditDelegateDocuments shows staff the delegate's travel documents, hotel booking and emergency contact.
func (h *Handler) EditDelegateDocuments(c *fiber.Ctx) error {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	v, err := h.documentsView(c, m, r, d, documentsFormOf(d))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "readiness/documents", v)
}

// SaveDelegateDocuments saves the delegate's travel documents, hotel booking and emergency contact.
func (h *Handler) SaveDelegateDocuments(c *fiber.Ctx) error {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	f := parseDocumentsForm(c)
	errs := models.FieldErrors{}
	doc, booking := f.documents(errs), f.booking(errs)
	if len(errs) == 0 {
		err = h.Store.SaveTravelDocuments(c.UserContext(), currentUser(c), d.ID, doc, booking, true)
	}
	if fe, ok := mergeErrors(errs, err); ok {
		v, verr := h.documentsView(c, m, r, d, f)
		if verr != nil {
			return verr
		}
		v["Errors"] = fe
		return h.render(c, fiber.StatusUnprocessableEntity, "readiness/documents", v)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, registrationPath(m, r), d.FullName+"'s travel documents saved")
}

// MyDocuments shows the signed-in delegate their own travel documents and emergency contact, their
// hotel booking (staff make it) and what is still missing.
func (h *Handler) MyDocuments(c *fiber.Ctx) error {
	d, err := h.ownDelegate(c)
	if err != nil {
		return err
	}
	return h.renderMyDocuments(c, fiber.StatusOK, d, documentsFormOf(d), nil)
}

// SaveMyDocuments saves the signed-in delegate's travel documents and emergency contact.
func (h *Handler) SaveMyDocuments(c *fiber.Ctx) error {
	d, err := h.ownDelegate(c)
	if err != nil {
		return err
	}
	f := parseDocumentsForm(c)
	errs := models.FieldErrors{}
	doc := f.documents(errs)
	if len(errs) == 0 {
		err = h.Store.SaveTravelDocuments(c.UserContext(), currentUser(c), d.ID, doc, nil, false)
	}
	if fe, ok := mergeErrors(errs, err); ok {
		return h.renderMyDocuments(c, fiber.StatusUnprocessableEntity, d, f, fe)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/my/documents", "Your travel documents and emergency contact are saved")
}

func (h *Handler) ownDelegate(c *fiber.Ctx) (*models.Delegate, error) {
	did, err := ownDelegateID(c)
	if err != nil {
		return nil, err
	}
	d, err := h.Store.Delegate(c.UserContext(), did)
	if err != nil {
		return nil, err
	}
	if u := currentUser(c); u.RegistrationID == nil || *u.RegistrationID != d.RegistrationID {
		return nil, fiber.ErrNotFound
	}
	return d, nil
}

func (h *Handler) renderMyDocuments(c *fiber.Ctx, status int, d *models.Delegate, f documentsForm, errs models.FieldErrors) error {
	r, err := h.Store.DelegateReadinessOf(c.UserContext(), d)
	if err != nil {
		return err
	}
	v := View{"Title": "Your travel documents", "Delegate": d, "F": f, "Readiness": r, "Action": "/my/documents", "Order": documentsFields}
	if d.HotelBooking != nil {
		m, err := h.Store.Mission(c.UserContext(), d.MissionID)
		if err != nil {
			return err
		}
		ho, err := h.Store.Hotel(c.UserContext(), m.ID, d.HotelBooking.HotelID)
		if err != nil {
			return err
		}
		v["Hotel"] = ho
	}
	if errs != nil {
		v["Errors"] = errs
	}
	return h.render(c, status, "my/documents", v)
}

// Readiness shows the readiness board: every going delegate's checks, with filters and counts.
func (h *Handler) Readiness(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	b, err := h.Store.MissionReadiness(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	f := models.ReadinessFilter{Check: c.Query("check"), Level: c.Query("level"), Ready: c.Query("ready")}
	if !f.Valid() {
		f = models.ReadinessFilter{}
	}
	counts := models.CountReadiness(b.Items())
	shown := 0
	firms := make([]models.ReadinessFirm, 0, len(b.Firms))
	for _, firm := range b.Firms {
		var lines []models.ReadinessLine
		for _, l := range firm.Delegates {
			if f.Match(l.Readiness) {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			firm.Delegates = lines
			firms = append(firms, firm)
			shown += len(lines)
		}
	}
	return h.render(c, fiber.StatusOK, "readiness/board", View{"Title": "Readiness", "Mission": m, "Board": b, "Firms": firms,
		"Counts": counts, "Filter": f, "Shown": shown, "Checks": models.ReadinessChecks, "Levels": models.ReadinessLevels,
		"NotReady": counts.Delegates - counts.Ready})
}

// RemindMissing emails every delegate with something missing their own list, through the outbox.
func (h *Handler) RemindMissing(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	if h.Opts.Notify == nil {
		return fiber.NewError(fiber.StatusServiceUnavailable, "Messages cannot be sent from this server")
	}
	n, err := h.Opts.Notify.RemindMissing(c.UserContext(), currentUser(c), m.ID, h.Now())
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%d reminders are in the outbox", n)
	switch {
	case n == 0:
		msg = "No new reminders: everyone with something missing was already sent today's list"
	case n == 1:
		msg = "1 reminder is in the outbox"
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/readiness", m.ID), msg)
}
