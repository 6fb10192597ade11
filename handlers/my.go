package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// RequireDelegate lets only signed-in delegates through: staff and admins have no "own" itinerary.
func (h *Handler) RequireDelegate(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return redirectToLogin(c)
	}
	if u.Role != "delegate" || u.RegistrationID == nil {
		return fiber.ErrForbidden
	}
	off, err := h.Store.RegistrationOffMission(c.UserContext(), *u.RegistrationID)
	if err != nil {
		return err
	}
	if off {
		// A withdrawn or rejected firm's delegates are told so, and see nothing more of the mission.
		return h.render(c, fiber.StatusForbidden, "my/not_on_mission", View{"Title": "Your firm is not on this mission"})
	}
	return c.Next()
}

// ownDelegateID is the signed-in delegate's own delegate record; an account for the firm without one
// has no details or travel of its own.
func ownDelegateID(c *fiber.Ctx) (uint, error) {
	u := currentUser(c)
	if u == nil || u.DelegateID == nil {
		return 0, fiber.ErrNotFound
	}
	return *u.DelegateID, nil
}

// MyItinerary shows the signed-in delegate their own firm's itinerary.
func (h *Handler) MyItinerary(c *fiber.Ctx) error {
	u := currentUser(c)
	it, err := h.Store.RegistrationItinerary(c.UserContext(), 0, *u.RegistrationID)
	if err != nil {
		return err
	}
	done, err := h.Store.RegistrationOutcomeIDs(c.UserContext(), *u.RegistrationID)
	if err != nil {
		return err
	}
	data := View{"Title": "Your itinerary", "It": it, "XLSXURL": "/my/itinerary.xlsx", "Outcomes": outcomeLinks{Now: h.Now(), Done: done}}
	if e, d, ok := it.Next(h.Now()); ok {
		data["Next"] = View{"Entry": e, "Day": d}
	}
	if u.DelegateID != nil {
		feed, err := h.Store.DelegateCalendarFeed(c.UserContext(), *u.RegistrationID, *u.DelegateID)
		switch {
		case err == nil:
			fv := h.feedViews([]models.CalendarFeed{*feed}, nil, it.Zone, it.Home, it.HomeLabel)[0]
			data["MyFeed"] = fv
		case !errors.Is(err, models.ErrNotFound):
			return err
		}
	}
	return h.render(c, fiber.StatusOK, "itinerary/show", data)
}

// MyItineraryXLSX downloads the delegate's own firm's itinerary workbook.
func (h *Handler) MyItineraryXLSX(c *fiber.Ctx) error {
	it, err := h.Store.RegistrationItinerary(c.UserContext(), 0, *currentUser(c).RegistrationID)
	if err != nil {
		return err
	}
	return sendItineraryXLSX(c, it)
}

// MyCalendar creates the delegate's own calendar link, unless they have one already.
func (h *Handler) MyCalendar(c *fiber.Ctx) error {
	u := currentUser(c)
	did, err := ownDelegateID(c)
	if err != nil {
		return err
	}
	_, err = h.Store.DelegateCalendarFeed(c.UserContext(), *u.RegistrationID, did)
	if errors.Is(err, models.ErrNotFound) {
		_, err = h.Store.CreateCalendarFeed(c.UserContext(), u, *u.RegistrationID, &did, h.Now())
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/my/itinerary#calendar", "Your calendar link is ready")
}

// MyDetailsForm shows the delegate's dietary requirements and access needs.
func (h *Handler) MyDetailsForm(c *fiber.Ctx) error {
	did, err := ownDelegateID(c)
	if err != nil {
		return err
	}
	d, err := h.Store.AccessDelegate(c.UserContext(), 0, *currentUser(c).RegistrationID, did)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "my/details", View{"Title": "Your needs", "Delegate": d,
		"F": map[string]string{"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds}})
}

// MyDetails saves the delegate's dietary requirements and access needs.
func (h *Handler) MyDetails(c *fiber.Ctx) error {
	did, err := ownDelegateID(c)
	if err != nil {
		return err
	}
	f := map[string]string{"dietary_requirements": form(c, "dietary_requirements"), "access_needs": form(c, "access_needs")}
	err = h.Store.UpdateOwnNeeds(c.UserContext(), currentUser(c), did, f["dietary_requirements"], f["access_needs"], h.Now())
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "my/details", View{"Title": "Your needs", "F": f, "Errors": fe,
			"Order": []string{"dietary_requirements", "access_needs"}})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/my/itinerary", "Your dietary and access needs are saved")
}

// MyTravel lists the delegate's own flights and trains.
func (h *Handler) MyTravel(c *fiber.Ctx) error {
	did, err := ownDelegateID(c)
	if err != nil {
		return err
	}
	d, err := h.Store.Delegate(c.UserContext(), did)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "my/travel", View{"Title": "Your flights", "Segments": d.TravelSegments})
}

// MyTravelNew shows an empty travel form.
func (h *Handler) MyTravelNew(c *fiber.Ctx) error {
	if _, err := ownDelegateID(c); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "my/travel_form", myTravelView("Add a flight", "/my/travel", travelForm{Direction: "outbound"}))
}

// MyTravelCreate adds a flight or train.
func (h *Handler) MyTravelCreate(c *fiber.Ctx) error {
	return h.saveOwnTravel(c, &models.TravelSegment{}, "Add a flight", "/my/travel", "Flight added")
}

// MyTravelEdit shows one of the delegate's own segments for editing.
func (h *Handler) MyTravelEdit(c *fiber.Ctx) error {
	seg, err := h.ownSegment(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "my/travel_form", myTravelView("Change a flight", fmt.Sprintf("/my/travel/%d", seg.ID), travelFormOf(seg)))
}

// MyTravelUpdate saves changes to one of the delegate's own segments.
func (h *Handler) MyTravelUpdate(c *fiber.Ctx) error {
	seg, err := h.ownSegment(c)
	if err != nil {
		return err
	}
	return h.saveOwnTravel(c, seg, "Change a flight", fmt.Sprintf("/my/travel/%d", seg.ID), "Flight updated")
}

// MyTravelDelete removes one of the delegate's own segments.
func (h *Handler) MyTravelDelete(c *fiber.Ctx) error {
	seg, err := h.ownSegment(c)
	if err != nil {
		return err
	}
	d, err := h.Store.Delegate(c.UserContext(), seg.DelegateID)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteTravelSegment(c.UserContext(), currentUser(c), d, seg.ID); err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/my/travel", "Flight removed")
}

// myTravelView is what the delegate's own travel form shows: the same fields and journeys as the staff form.
func myTravelView(title, action string, f travelForm) View {
	return View{"Title": title, "Form": f, "Action": action, "Directions": travelDirections}
}

func (h *Handler) ownSegment(c *fiber.Ctx) (*models.TravelSegment, error) {
	did, err := ownDelegateID(c)
	if err != nil {
		return nil, err
	}
	sid, err := idParam(c, "sid")
	if err != nil {
		return nil, err
	}
	seg, err := h.Store.TravelSegment(c.UserContext(), sid)
	if err == nil && seg.DelegateID != did {
		return nil, models.ErrNotFound // another delegate's flight: not found, not forbidden
	}
	return seg, err
}

func (h *Handler) saveOwnTravel(c *fiber.Ctx, seg *models.TravelSegment, title, action, done string) error {
	did, err := ownDelegateID(c)
	if err != nil {
		return err
	}
	d, err := h.Store.Delegate(c.UserContext(), did)
	if err != nil {
		return err
	}
	f := newTravelForm(c)
	err = f.apply(seg).Err()
	if err == nil {
		err = h.Store.SaveTravelSegment(c.UserContext(), currentUser(c), d, seg)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		v := myTravelView(title, action, f)
		v["Errors"], v["Order"] = fe, travelFields
		return h.render(c, fiber.StatusUnprocessableEntity, "my/travel_form", v)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/my/travel", done)
}
