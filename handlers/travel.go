package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

var travelFieldOrder = []string{"direction", "carrier", "number", "from", "to", "departs_date", "departs_time", "arrives_date", "arrives_time"}

// travelDirections are the journeys a segment belongs to.
var travelDirections = []models.Option{{Code: "outbound", Label: "Outbound (to the destination)"}, {Code: "return", Label: "Return (home)"}}

// travelForm is the travel segment form as typed: the dates in three fields, the times as HH:MM, both
// local at each airport.
type travelForm struct {
	F       map[string]string
	Dates   map[string]DateInput
	Choices map[string][]models.Option // a time that happens twice: its two readings, by time field
}

func travelFormOf(s *models.TravelSegment) travelForm {
	dep, arr := s.DepartsAt.In(s.DepartureZone()), s.ArrivesAt.In(s.ArrivalZone())
	return travelForm{
		F: map[string]string{"direction": s.Direction, "carrier": s.Carrier, "number": s.Number, "from": s.From, "to": s.To,
			"departs_time": dep.Format("15:04"), "arrives_time": arr.Format("15:04")},
		Dates: map[string]DateInput{
			"departs_date": DateInputOf(models.DateIn(s.DepartsAt, s.DepartureZone())),
			"arrives_date": DateInputOf(models.DateIn(s.ArrivesAt, s.ArrivalZone())),
		},
	}
}

// parseTravelForm reads the form into seg, turning each local time into UTC at its own airport.
func parseTravelForm(c *fiber.Ctx, seg *models.TravelSegment) (travelForm, models.FieldErrors) {
	errs := models.FieldErrors{}
	f := travelForm{F: map[string]string{}, Dates: map[string]DateInput{}}
	for _, k := range []string{"direction", "carrier", "number", "from", "to", "departs_time", "arrives_time", "departs_time_fold", "arrives_time_fold"} {
		f.F[k] = form(c, k)
	}
	seg.Direction, seg.Carrier, seg.Number, seg.From, seg.To = f.F["direction"], f.F["carrier"], f.F["number"], f.F["from"], f.F["to"]
	seg.Normalise()
	dates := map[string]string{}
	for field, label := range map[string]string{"departs_date": "date of departure", "arrives_date": "date of arrival"} {
		in := dateInput(c, field)
		f.Dates[field] = in
		d, msg := in.Parse(label)
		switch {
		case msg != "":
			errs.Add(field, msg)
		case d.IsZero():
			errs.Add(field, "Enter the "+label)
		}
		dates[field] = d.String()
	}
	for field, label := range map[string]string{"departs_time": "time of departure", "arrives_time": "time of arrival"} {
		if f.F[field] == "" {
			errs.Add(field, "Enter the "+label+", like 07:05")
		} else if _, _, err := models.ParseClock(f.F[field]); err != nil {
			errs.Add(field, "Enter the "+label+" as HH:MM on the 24-hour clock, like 07:05 or 18:40")
		}
	}
	if len(errs) == 0 {
		timeErrs, choices := seg.SetLocalTimesFold(models.LocalClock{Date: dates["departs_date"], Clock: f.F["departs_time"], Fold: f.F["departs_time_fold"]},
			models.LocalClock{Date: dates["arrives_date"], Clock: f.F["arrives_time"], Fold: f.F["arrives_time_fold"]})
		field := map[string]string{"departs_at": "departs_time", "arrives_at": "arrives_time"}
		for k, v := range timeErrs {
			errs.Add(field[k], v)
		}
		if len(choices) > 0 {
			f.Choices = map[string][]models.Option{}
			for k, opts := range choices {
				f.Choices[field[k]] = opts
			}
		}
	}
	verrs := seg.Validate()
	_, badFrom := verrs["from"]
	_, badTo := verrs["to"]
	prior := len(errs) > 0
	for k, v := range verrs {
		switch k {
		case "departs_at":
			if !prior && !badFrom {
				errs.Add("departs_date", v)
			}
		case "arrives_at":
			if !prior && !badFrom && !badTo {
				errs.Add("arrives_date", v)
			}
		default:
			errs.Add(k, v)
		}
	}
	return f, errs
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
	f := travelForm{F: map[string]string{"direction": "outbound"}, Dates: map[string]DateInput{}}
	if len(d.TravelSegments) > 0 {
		last := d.TravelSegments[len(d.TravelSegments)-1]
		f.F["direction"], f.F["from"] = last.Direction, last.To // the next leg usually leaves where the last one landed
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
	f, errs := parseTravelForm(c, &seg)
	action, title := delegatePath(m, r, d)+"/travel", "Add travel for "+d.FullName
	if id != 0 {
		action, title = fmt.Sprintf("%s/travel/%d", delegatePath(m, r, d), id), "Edit travel for "+d.FullName
	}
	if err = errs.Err(); err == nil {
		err = h.Store.SaveTravelSegment(c.UserContext(), currentUser(c), d, &seg)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		v := h.travelView(m, r, d, title, action, f)
		v["Errors"], v["Order"] = fe, travelFieldOrder
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
