package handlers

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// documentsInput is a delegate's readiness fields as the API accepts them (inside delegateInput);
// dates are "YYYY-MM-DD" or "" to clear.
type documentsInput struct {
	PassportNationality          *string  `json:"passport_nationality"`
	PassportExpires              *string  `json:"passport_expires"`
	PassportLast4                *string  `json:"passport_last4"`
	EstaStatus                   *string  `json:"esta_status"`
	EstaExpires                  *string  `json:"esta_expires"`
	MobileAbroad                 *string  `json:"mobile_abroad"`
	EmergencyContactName         *string  `json:"emergency_contact_name"`
	EmergencyContactRelationship *string  `json:"emergency_contact_relationship"`
	EmergencyContactPhone        *string  `json:"emergency_contact_phone"`
	HotelBooking                 sentJSON `json:"hotel_booking"`
}

// sentJSON is a key's raw value and whether it was sent at all (null included, which a pointer
// cannot tell from absent).
type sentJSON struct {
	Set bool
	Raw json.RawMessage
}

// UnmarshalJSON keeps the value; encoding/json calls it for null too.
func (s *sentJSON) UnmarshalJSON(b []byte) error {
	s.Set, s.Raw = true, append(json.RawMessage(nil), b...)
	return nil
}

// bookingInput is a hotel booking as the API accepts it.
type bookingInput struct {
	HotelID      uint   `json:"hotel_id"`
	ArrivesOn    string `json:"arrives_on"`
	DepartsOn    string `json:"departs_on"`
	Room         string `json:"room"`
	Confirmation string `json:"confirmation"`
}

// apiDate reads an optional date field into dst, adding an error keyed field.
func apiDate(dst *models.Date, v *string, field string, errs models.FieldErrors) {
	if v == nil {
		return
	}
	if *v == "" {
		*dst = models.Date{}
		return
	}
	d, err := models.ParseDate(*v)
	if err != nil {
		errs.Add(field, "Must be a real date in the form YYYY-MM-DD")
		return
	}
	*dst = d
}

// apply sets the fields sent on doc; it answers the booking to set (nil removes it) and whether one
// was sent at all.
func (in documentsInput) apply(doc *models.TravelDocuments, errs models.FieldErrors) (booking *models.HotelBooking, setBooking bool) {
	for _, p := range []struct {
		dst *string
		v   *string
	}{{&doc.PassportNationality, in.PassportNationality}, {&doc.PassportLast4, in.PassportLast4}, {&doc.EstaStatus, in.EstaStatus},
		{&doc.MobileAbroad, in.MobileAbroad}, {&doc.EmergencyContactName, in.EmergencyContactName},
		{&doc.EmergencyContactRelationship, in.EmergencyContactRelationship}, {&doc.EmergencyContactPhone, in.EmergencyContactPhone}} {
		if p.v != nil {
			*p.dst = *p.v
		}
	}
	apiDate(&doc.PassportExpires, in.PassportExpires, "passport_expires", errs)
	apiDate(&doc.EstaExpires, in.EstaExpires, "esta_expires", errs)
	if !in.HotelBooking.Set {
		return nil, false
	}
	if string(in.HotelBooking.Raw) == "null" {
		return nil, true
	}
	var b bookingInput
	if err := json.Unmarshal(in.HotelBooking.Raw, &b); err != nil {
		errs.Add("hotel_booking", "Send an object with hotel_id, arrives_on, departs_on, room and confirmation, or null")
		return nil, true
	}
	hb := &models.HotelBooking{HotelID: b.HotelID, Room: b.Room, Confirmation: b.Confirmation}
	apiDate(&hb.ArrivesOn, &b.ArrivesOn, "hotel_booking.arrives_on", errs)
	apiDate(&hb.DepartsOn, &b.DepartsOn, "hotel_booking.departs_on", errs)
	return hb, true
}

// APIReadiness answers the readiness of every delegate of the mission's going firms.
func (h *Handler) APIReadiness(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	b, err := h.Store.MissionReadiness(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": b.Items()})
}

// hotelInput is a hotel as the API accepts it; dates "YYYY-MM-DD", times "HH:MM".
type hotelInput struct {
	Name          *string `json:"name"`
	Address       *string `json:"address"`
	City          *string `json:"city"`
	CheckIn       *string `json:"check_in"`
	CheckOut      *string `json:"check_out"`
	BlockStartsOn *string `json:"block_starts_on"`
	BlockEndsOn   *string `json:"block_ends_on"`
	Rooms         *int    `json:"rooms"`
	readOnlyKeys
	MissionID  *uint `json:"mission_id"`
	LocationID *uint `json:"location_id"`
}

func (in hotelInput) apply(ho *models.Hotel) models.FieldErrors {
	for _, p := range []struct {
		dst *string
		v   *string
	}{{&ho.Name, in.Name}, {&ho.Address, in.Address}, {&ho.City, in.City}, {&ho.CheckIn, in.CheckIn}, {&ho.CheckOut, in.CheckOut}} {
		if p.v != nil {
			*p.dst = *p.v
		}
	}
	if in.Rooms != nil {
		ho.Rooms = *in.Rooms
	}
	errs := models.FieldErrors{}
	apiDate(&ho.BlockStartsOn, in.BlockStartsOn, "block_starts_on", errs)
	apiDate(&ho.BlockEndsOn, in.BlockEndsOn, "block_ends_on", errs)
	return errs
}

// APIHotels lists a mission's hotels.
func (h *Handler) APIHotels(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	hs, err := h.Store.Hotels(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	return apiList(c, hs, int64(len(hs)))
}

// APICreateHotel adds a hotel (and the location it owns) to a mission.
func (h *Handler) APICreateHotel(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var in hotelInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	ho := models.Hotel{MissionID: m.ID}
	if errs := in.apply(&ho); len(errs) > 0 {
		return errs
	}
	if err := h.Store.SaveHotel(c.UserContext(), currentUser(c), &ho); err != nil {
		return err
	}
	c.Location("/api/v1/missions/" + idString(m.ID) + "/hotels/" + idString(ho.ID))
	return c.Status(fiber.StatusCreated).JSON(ho)
}

func (h *Handler) apiHotel(c *fiber.Ctx) (*models.Hotel, error) {
	m, id, err := h.missionAndID(c, "hid")
	if err != nil {
		return nil, err
	}
	return h.Store.Hotel(c.UserContext(), m.ID, id)
}

// APIHotel answers one hotel of the mission.
func (h *Handler) APIHotel(c *fiber.Ctx) error {
	ho, err := h.apiHotel(c)
	if err != nil {
		return err
	}
	return c.JSON(ho)
}

// APIUpdateHotel changes the fields sent.
func (h *Handler) APIUpdateHotel(c *fiber.Ctx) error {
	ho, err := h.apiHotel(c)
	if err != nil {
		return err
	}
	var in hotelInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	if errs := in.apply(ho); len(errs) > 0 {
		return errs
	}
	if err := h.Store.SaveHotel(c.UserContext(), currentUser(c), ho); err != nil {
		return err
	}
	return c.JSON(ho)
}

// APIDeleteHotel removes a hotel nobody is booked at.
func (h *Handler) APIDeleteHotel(c *fiber.Ctx) error {
	ho, err := h.apiHotel(c)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteHotel(c.UserContext(), currentUser(c), ho.MissionID, ho.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func orNew(errs models.FieldErrors) models.FieldErrors {
	if errs == nil {
		return models.FieldErrors{}
	}
	return errs
}
