package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// hotelForm is the hotel form as typed.
type hotelForm struct {
	Name          string    `form:"name"`
	Address       string    `form:"address"`
	City          string    `form:"city"`
	CheckIn       string    `form:"check_in"`
	CheckOut      string    `form:"check_out"`
	BlockStartsOn DateInput `form:"block_starts_on"`
	BlockEndsOn   DateInput `form:"block_ends_on"`
	Rooms         string    `form:"rooms"`
}

var hotelFields = specOf[hotelForm]()

func hotelFormOf(ho *models.Hotel) hotelForm {
	return hotelForm{Name: ho.Name, Address: ho.Address, City: ho.City, CheckIn: ho.CheckIn, CheckOut: ho.CheckOut,
		Rooms: strconv.Itoa(ho.Rooms), BlockStartsOn: DateInputOf(ho.BlockStartsOn), BlockEndsOn: DateInputOf(ho.BlockEndsOn)}
}

func parseHotelForm(c *fiber.Ctx) hotelForm {
	var f hotelForm
	hotelFields.bind(c, &f)
	return f
}

// apply sets the typed values on ho; errors about how they were typed go to errs.
func (f hotelForm) apply(ho *models.Hotel, errs models.FieldErrors) {
	ho.Name, ho.Address, ho.City, ho.CheckIn, ho.CheckOut = f.Name, f.Address, f.City, f.CheckIn, f.CheckOut
	ho.Rooms = 0
	if f.Rooms != "" {
		n, err := strconv.Atoi(f.Rooms)
		if err != nil {
			errs.Add("rooms", "Number of rooms must be a whole number, like 20")
		}
		ho.Rooms = n
	}
	var msg string
	if ho.BlockStartsOn, msg = f.BlockStartsOn.Parse("first night of the block"); msg != "" {
		errs.Add("block_starts_on", msg)
	}
	if ho.BlockEndsOn, msg = f.BlockEndsOn.Parse("check-out day of the block"); msg != "" {
		errs.Add("block_ends_on", msg)
	}
}

func hotelsPath(m *models.Mission) string { return fmt.Sprintf("/missions/%d/hotels", m.ID) }

func (h *Handler) hotelsPage(c *fiber.Ctx, status int, m *models.Mission, v View) error {
	hotels, err := h.Store.Hotels(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	bookings, err := h.Store.HotelBookings(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	booked := map[uint]int{}
	for _, b := range bookings {
		booked[b.HotelID]++
	}
	v["Title"], v["Mission"], v["Hotels"], v["Booked"], v["Order"] = "Hotels", m, hotels, booked, hotelFields
	if _, ok := v["F"]; !ok {
		v["F"] = hotelForm{CheckIn: "15:00", CheckOut: "11:00"}
	}
	return h.render(c, status, "hotels/index", v)
}

// Hotels lists the mission's hotels with a form to add one.
func (h *Handler) Hotels(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.hotelsPage(c, fiber.StatusOK, m, View{})
}

// CreateHotel adds a hotel to the mission.
func (h *Handler) CreateHotel(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	f := parseHotelForm(c)
	errs := models.FieldErrors{}
	ho := models.Hotel{MissionID: m.ID}
	f.apply(&ho, errs)
	if len(errs) == 0 {
		err = h.Store.SaveHotel(c.UserContext(), currentUser(c), &ho)
	}
	if fe, ok := mergeErrors(errs, err); ok {
		return h.hotelsPage(c, fiber.StatusUnprocessableEntity, m, View{"F": f, "Errors": fe})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, hotelsPath(m), ho.Name+" added")
}

func (h *Handler) hotel(c *fiber.Ctx) (*models.Mission, *models.Hotel, error) {
	m, err := h.mission(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := idParam(c, "hid")
	if err != nil {
		return nil, nil, fiber.ErrNotFound
	}
	ho, err := h.Store.Hotel(c.UserContext(), m.ID, id)
	return m, ho, err
}

// EditHotel shows a hotel's form.
func (h *Handler) EditHotel(c *fiber.Ctx) error {
	m, ho, err := h.hotel(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "hotels/form", View{"Title": "Edit " + ho.Name, "Mission": m, "Hotel": ho, "F": hotelFormOf(ho)})
}

// UpdateHotel saves a hotel's fields.
func (h *Handler) UpdateHotel(c *fiber.Ctx) error {
	m, ho, err := h.hotel(c)
	if err != nil {
		return err
	}
	f := parseHotelForm(c)
	errs := models.FieldErrors{}
	name := ho.Name
	f.apply(ho, errs)
	if len(errs) == 0 {
		err = h.Store.SaveHotel(c.UserContext(), currentUser(c), ho)
	}
	if fe, ok := mergeErrors(errs, err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "hotels/form", View{"Title": "Edit " + name, "Mission": m, "Hotel": ho, "F": f, "Errors": fe, "Order": hotelFields})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, hotelsPath(m), ho.Name+" saved")
}

// ConfirmDeleteHotel asks before a hotel is removed.
func (h *Handler) ConfirmDeleteHotel(c *fiber.Ctx) error {
	m, ho, err := h.hotel(c)
	if err != nil {
		return err
	}
	return h.confirm(c, Confirmation{Caption: m.Name, Heading: fmt.Sprintf("Are you sure you want to remove %s, %s?", ho.Name, ho.City),
		Detail: []string{"A hotel where delegates are booked cannot be removed: change their bookings first."},
		Action: fmt.Sprintf("/missions/%d/hotels/%d/delete", m.ID, ho.ID), Button: "Yes, remove " + ho.Name, Back: hotelsPath(m)})
}

// DeleteHotel removes a hotel nobody is booked at.
func (h *Handler) DeleteHotel(c *fiber.Ctx) error {
	m, ho, err := h.hotel(c)
	if err != nil {
		return err
	}
	err = h.Store.DeleteHotel(c.UserContext(), currentUser(c), m.ID, ho.ID)
	var conflict *models.ConflictError
	if errors.As(err, &conflict) {
		return h.hotelsPage(c, fiber.StatusConflict, m, View{"Refused": conflict.Errors.First()})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, hotelsPath(m), "Hotel removed: "+ho.Name)
}
