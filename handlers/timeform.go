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
