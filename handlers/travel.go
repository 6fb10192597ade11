package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// travelDirections are the journeys a segment belongs to.
var travelDirections = []models.Option{{Code: "outbound", Label: "Outbound (to the destination)"}, {Code: "return", Label: "Return (home)"}}

// travelForm is the travel segment form as typed: the dates in three fields, the times as HH:MM, both
// local at each airport.
type travelForm struct {
	Direction       string    `form:"direction"`
	Carrier         string    `form:"carrier"`
	Number          string    `form:"number"`
	From            string    `form:"from"`
	To              string    `form:"to"`
	DepartsDate     DateInput `form:"departs_date" label:"date of departure"`
	DepartsTime     string    `form:"departs_time" label:"time of departure"`
	DepartsTimeFold string    `form:"departs_time_fold"`
	ArrivesDate     DateInput `form:"arrives_date" label:"date of arrival"`
	ArrivesTime     string    `form:"arrives_time" label:"time of arrival"`
	ArrivesTimeFold string    `form:"arrives_time_fold"`
	// A time that happens twice: its two readings.
	DepartsChoices, ArrivesChoices []models.Option
}

var travelFields = specOf[travelForm]()

// newTravelForm reads the posted travel form.
func newTravelForm(c *fiber.Ctx) travelForm {
	var f travelForm
	travelFields.bind(c, &f)
	return f
}

func travelFormOf(s *models.TravelSegment) travelForm {
	dep, arr := s.DepartsAt.In(s.DepartureZone()), s.ArrivesAt.In(s.ArrivalZone())
	return travelForm{
		Direction: s.Direction, Carrier: s.Carrier, Number: s.Number, From: s.From, To: s.To,
		DepartsTime: dep.Format("15:04"), ArrivesTime: arr.Format("15:04"),
		DepartsDate: DateInputOf(models.DateIn(s.DepartsAt, s.DepartureZone())),
		ArrivesDate: DateInputOf(models.DateIn(s.ArrivesAt, s.ArrivalZone())),
	}
}

// apply reads the form into seg, turning each local time into UTC at its own airport, and checks it,
// returning every problem by field.
func (f *travelForm) apply(seg *models.TravelSegment) models.FieldErrors {
	errs := models.FieldErrors{}
	r := readerOf(travelFields, f, errs)
	seg.Direction, seg.Carrier, seg.Number, seg.From, seg.To = f.Direction, f.Carrier, f.Number, f.From, f.To
	seg.Normalise()
	var dates [2]string
	for i, in := range []*DateInput{&f.DepartsDate, &f.ArrivesDate} {
		field := r.field(in)
		d, msg := in.Parse(field.Label)
		switch {
		case msg != "":
			errs.Add(field.Name, msg)
		case d.IsZero():
			errs.Add(field.Name, "Enter the "+field.Label)
		}
		dates[i] = d.String()
	}
	for _, hhmm := range []*string{&f.DepartsTime, &f.ArrivesTime} {
		field := r.field(hhmm)
		if *hhmm == "" {
			errs.Add(field.Name, "Enter the "+field.Label+", like 07:05")
		} else if _, _, err := models.ParseClock(*hhmm); err != nil {
			errs.Add(field.Name, "Enter the "+field.Label+" as HH:MM on the 24-hour clock, like 07:05 or 18:40")
		}
	}
	departsTime, arrivesTime := r.name(&f.DepartsTime), r.name(&f.ArrivesTime)
	if len(errs) == 0 {
		timeErrs, choices := seg.SetLocalTimesFold(models.LocalClock{Date: dates[0], Clock: f.DepartsTime, Fold: f.DepartsTimeFold},
			models.LocalClock{Date: dates[1], Clock: f.ArrivesTime, Fold: f.ArrivesTimeFold})
		field := map[string]string{"departs_at": departsTime, "arrives_at": arrivesTime}
		for k, v := range timeErrs {
			errs.Add(field[k], v)
		}
		f.DepartsChoices, f.ArrivesChoices = choices["departs_at"], choices["arrives_at"]
	}
	verrs := seg.Validate()
	_, badFrom := verrs["from"]
	_, badTo := verrs["to"]
	prior := len(errs) > 0
	for k, v := range verrs {
		switch k {
		case "departs_at":
			if !prior && !badFrom {
				errs.Add(r.name(&f.DepartsDate), v)
			}
		case "arrives_at":
			if !prior && !badFrom && !badTo {
				errs.Add(r.name(&f.ArrivesDate), v)
			}
		default:
			errs.Add(k, v)
		}
	}
	return errs
}

func (h *Handler) travelView(m *models.Mission, r *models.Registration, d *models.Delegate, title, action string, f travelForm) View {
	return View{"Title": title, "Mission": m, "Registration": r, "Delegate": d, "Form": f, "Action": action, "Directions": travelDirections}
}

func delegatePath(m *models.Mission, r *models.Registration, d *models.Delegate) string {
	return fmt.Sprintf("%s/delegates/%d", registrationPath(m, r), d.ID)
}

// NewTravel shows the form to add a flight or train to a delegate's journey.
func (h *Handler) NewTravel(c *fiber.Ctx) error {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	f := travelForm{Direction: "outbound"}
	if len(d.TravelSegments) > 0 {
		last := d.TravelSegments[len(d.TravelSegments)-1]
		f.Direction, f.From = last.Direction, last.To // the next leg usually leaves where the last one landed
	}
	return h.render(c, fiber.StatusOK, "delegates/travel", h.travelView(m, r, d, "Add travel for "+d.FullName, delegatePath(m, r, d)+"/travel", f))
}

// CreateTravel saves a new travel segment.
func (h *Handler) CreateTravel(c *fiber.Ctx) error {
	return h.saveTravel(c, 0)
}

// EditTravel shows a travel segment's form.
func (h *Handler) EditTravel(c *fiber.Ctx) error {
	m, r, d, seg, err := h.travelParams(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "delegates/travel", h.travelView(m, r, d, "Edit travel for "+d.FullName, fmt.Sprintf("%s/travel/%d", delegatePath(m, r, d), seg.ID), travelFormOf(seg)))
}

// UpdateTravel saves a changed travel segment.
func (h *Handler) UpdateTravel(c *fiber.Ctx) error {
	_, _, _, seg, err := h.travelParams(c)
	if err != nil {
		return err
	}
	return h.saveTravel(c, seg.ID)
}

func (h *Handler) saveTravel(c *fiber.Ctx, id uint) error {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	seg := models.TravelSegment{ID: id}
	f := newTravelForm(c)
	errs := f.apply(&seg)
	action, title := delegatePath(m, r, d)+"/travel", "Add travel for "+d.FullName
	if id != 0 {
		action, title = fmt.Sprintf("%s/travel/%d", delegatePath(m, r, d), id), "Edit travel for "+d.FullName
	}
	if err = errs.Err(); err == nil {
		err = h.Store.SaveTravelSegment(c.UserContext(), currentUser(c), d, &seg)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		v := h.travelView(m, r, d, title, action, f)
		v["Errors"], v["Order"] = fe, travelFields
		return h.render(c, fiber.StatusUnprocessableEntity, "delegates/travel", v)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, registrationPath(m, r), fmt.Sprintf("%s %s %s to %s saved for %s", seg.Carrier, seg.Number, seg.From, seg.To, d.FullName))
}

// DeleteTravel removes a travel segment.
func (h *Handler) DeleteTravel(c *fiber.Ctx) error {
	m, r, d, seg, err := h.travelParams(c)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteTravelSegment(c.UserContext(), currentUser(c), d, seg.ID); err != nil {
		return err
	}
	return h.redirectWithFlash(c, registrationPath(m, r), fmt.Sprintf("%s to %s removed from %s's travel", seg.From, seg.To, d.FullName))
}

func (h *Handler) travelParams(c *fiber.Ctx) (*models.Mission, *models.Registration, *models.Delegate, *models.TravelSegment, error) {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	sid, err := idParam(c, "sid")
	if err != nil {
		return nil, nil, nil, nil, fiber.ErrNotFound
	}
	seg, err := h.Store.TravelSegment(c.UserContext(), sid)
	if err == nil && seg.DelegateID != d.ID {
		return nil, nil, nil, nil, fiber.ErrNotFound
	}
	return m, r, d, seg, err
}
