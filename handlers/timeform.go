package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// localTime reads a GOV.UK date and an HH:MM time, both fields of the form, as a wall-clock time in the
// mission's zone; messages name them by their labels. A time that does not exist on a clock-change
// night is refused with its message on the time field; one that happens twice is read as fold says
// ("first" or "second"), or refused with its two readings returned, for the form to offer.
func (r fieldReader) localTime(m *models.Mission, date *DateInput, hhmm *string, fold string) (time.Time, bool, []models.Option) {
	df, tf := r.field(date), r.field(hhmm)
	d, msg := date.Parse(df.Label)
	if msg != "" {
		r.errs.Add(df.Name, msg)
	} else if date.Empty() {
		r.errs.Add(df.Name, "Enter the "+df.Label)
	}
	if *hhmm == "" {
		r.errs.Add(tf.Name, "Enter the "+tf.Label+", like 09:30")
		return time.Time{}, false, nil
	}
	if _, _, err := models.ParseClock(*hhmm); err != nil {
		r.errs.Add(tf.Name, capitalise(tf.Label)+" must be a time of day in the form HH:MM, like 09:30")
		return time.Time{}, false, nil
	}
	if d.IsZero() {
		return time.Time{}, false, nil
	}
	t, err := models.LocalInstantFold(m.Zone(), d.String(), *hhmm, fold)
	if errors.Is(err, models.ErrAmbiguousLocalTime) {
		r.errs.Add(tf.Name, models.RepeatedTimeMessage(err))
		return time.Time{}, false, models.RepeatedTimeChoices(m.Zone(), d.String(), *hhmm)
	}
	if err != nil {
		r.errs.Add(tf.Name, capitalise(err.Error()))
		return time.Time{}, false, nil
	}
	return t, true, nil
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
