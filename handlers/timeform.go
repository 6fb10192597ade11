package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// localTime reads a GOV.UK date (dateField-day/-month/-year) and an HH:MM time (timeField) as a
// wall-clock time in the mission's zone. A time that does not exist on a clock-change night is refused
// with its message on timeField; one that happens twice is read as timeField_fold says ("first" or
// "second"), or refused with its two readings returned, for the form to offer.
func localTime(c *fiber.Ctx, m *models.Mission, dateField, timeField, dateLabel, timeLabel string, errs models.FieldErrors) (DateInput, time.Time, bool, []models.Option) {
	in := dateInput(c, dateField)
	d, msg := in.Parse(dateLabel)
	if msg != "" {
		errs.Add(dateField, msg)
	} else if in.Empty() {
		errs.Add(dateField, "Enter the "+dateLabel)
	}
	hhmm := form(c, timeField)
	if hhmm == "" {
		errs.Add(timeField, "Enter the "+timeLabel+", like 09:30")
		return in, time.Time{}, false, nil
	}
	if _, _, err := models.ParseClock(hhmm); err != nil {
		errs.Add(timeField, capitalise(timeLabel)+" must be a time of day in the form HH:MM, like 09:30")
		return in, time.Time{}, false, nil
	}
	if d.IsZero() {
		return in, time.Time{}, false, nil
	}
	t, err := models.LocalInstantFold(m.Zone(), d.String(), hhmm, form(c, timeField+"_fold"))
	if errors.Is(err, models.ErrAmbiguousLocalTime) {
		errs.Add(timeField, models.RepeatedTimeMessage(err))
		return in, time.Time{}, false, models.RepeatedTimeChoices(m.Zone(), d.String(), hhmm)
	}
	if err != nil {
		errs.Add(timeField, capitalise(err.Error()))
		return in, time.Time{}, false, nil
	}
	return in, t, true, nil
}

// optionalID reads a form field holding an id; empty or 0 is nil, anything else not a number is an error.
func optionalID(c *fiber.Ctx, field string, errs models.FieldErrors, msg string) *uint {
	v := form(c, field)
	if v == "" || v == "0" {
		return nil
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n == 0 {
		errs.Add(field, msg)
		return nil
	}
	id := uint(n)
	return &id
}

// formIDs reads a repeated field of ids (checkboxes), ignoring what is not a number.
func formIDs(c *fiber.Ctx, field string) []uint {
	var out []uint
	for _, v := range formList(c, field) {
		if n, err := strconv.ParseUint(v, 10, 32); err == nil && n > 0 {
			out = append(out, uint(n))
		}
	}
	return out
}

func idString(id uint) string { return strconv.FormatUint(uint64(id), 10) }

func idStrings(ids []uint) models.StringList {
	out := models.StringList{}
	for _, id := range ids {
		out = append(out, idString(id))
	}
	return out
}

// registrationOptions are a mission's registrations as choices, labelled with the firm's name.
func registrationOptions(regs []models.Registration, onlyActive bool) []models.Option {
	var out []models.Option
	for i := range regs {
		r := &regs[i]
		if onlyActive && !r.CanMeet() {
			continue
		}
		out = append(out, models.Option{Code: idString(r.ID), Label: models.RegistrationLabel(r)})
	}
	return out
}

// locationOptions are a mission's locations as choices.
func locationOptions(locs []models.Location) []models.Option {
	out := make([]models.Option, len(locs))
	for i, l := range locs {
		out[i] = models.Option{Code: idString(l.ID), Label: l.Name + " (" + l.City + ")"}
	}
	return out
}

// contactOptions are contacts as choices, labelled with their name, organisation and city.
func contactOptions(contacts []models.Contact) []models.Option {
	out := make([]models.Option, len(contacts))
	for i, ct := range contacts {
		label := ct.FullName + " (" + ct.Organisation
		if ct.City != "" {
			label += ", " + ct.City
		}
		out[i] = models.Option{Code: idString(ct.ID), Label: label + ")"}
	}
	return out
}

// dayOptions are the mission's days as choices.
func dayOptions(m *models.Mission) []models.Option {
	var out []models.Option
	for _, d := range m.Days() {
		out = append(out, models.Option{Code: d.String(), Label: d.Label()})
	}
	return out
}

// asConflict returns the first message of a *models.ConflictError.
func asConflict(err error) (string, bool) {
	var conflict *models.ConflictError
	if !errors.As(err, &conflict) {
		return "", false
	}
	for _, k := range []string{"starts_at", "schedule"} {
		if msg, ok := conflict.Errors[k]; ok {
			return msg, true
		}
	}
	for _, msg := range conflict.Errors {
		return msg, true
	}
	return "", true
}
