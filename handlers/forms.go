package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// DateInput is the GOV.UK three-field date as typed, kept so a form can show it again.
type DateInput struct{ Day, Month, Year string }

// dateInput reads <field>-day, -month and -year.
func dateInput(c *fiber.Ctx, field string) DateInput {
	return DateInput{
		Day:   strings.TrimSpace(c.FormValue(field + "-day")),
		Month: strings.TrimSpace(c.FormValue(field + "-month")),
		Year:  strings.TrimSpace(c.FormValue(field + "-year")),
	}
}

// DateInputOf shows a stored date in the three fields.
func DateInputOf(d models.Date) DateInput {
	if d.IsZero() {
		return DateInput{}
	}
	return DateInput{Day: strconv.Itoa(d.Day()), Month: strconv.Itoa(int(d.Month())), Year: strconv.Itoa(d.Year())}
}

// Empty reports whether nothing was typed.
func (d DateInput) Empty() bool { return d.Day == "" && d.Month == "" && d.Year == "" }

// Parse turns the three fields into a date, with the GOV.UK messages for what is missing or unreal.
// label is the field's name in a sentence ("start date"); an empty input gives a zero date and no error.
func (d DateInput) Parse(label string) (models.Date, string) {
	if d.Empty() {
		return models.Date{}, ""
	}
	upper := capitalise(label)
	var missing []string
	for _, p := range []struct{ v, name string }{{d.Day, "day"}, {d.Month, "month"}, {d.Year, "year"}} {
		if p.v == "" {
			missing = append(missing, p.name)
		}
	}
	if len(missing) > 0 {
		return models.Date{}, upper + " must include a " + strings.Join(missing, " and ")
	}
	day, err1 := strconv.Atoi(d.Day)
	month, err2 := strconv.Atoi(d.Month)
	year, err3 := strconv.Atoi(d.Year)
	if err1 != nil || err2 != nil || err3 != nil {
		return models.Date{}, upper + " must be a real date"
	}
	if year < 1000 || year > 9999 {
		return models.Date{}, "Year must include 4 numbers"
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month || t.Year() != year {
		return models.Date{}, upper + " must be a real date"
	}
	return models.Date{Time: t}, ""
}

// formInt reads a whole number; empty gives def. A value that is not a number is reported.
func formInt(c *fiber.Ctx, field string, def int, label string, errs models.FieldErrors) int {
	v := strings.TrimSpace(c.FormValue(field))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		errs.Add(field, capitalise(label)+" must be a whole number, like 25")
		return def
	}
	return n
}

// capitalise starts a message with a capital letter, leaving one that opens with a quoted value as it is.
func capitalise(s string) string {
	if s == "" || strings.HasPrefix(s, `"`) {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// formList reads every value of a repeated field (checkboxes).
func formList(c *fiber.Ctx, field string) models.StringList {
	var vals []string
	args := c.Request().PostArgs()
	args.VisitAll(func(k, v []byte) {
		if string(k) == field {
			vals = append(vals, string(v))
		}
	})
	if form, err := c.MultipartForm(); err == nil && form != nil {
		vals = append(vals, form.Value[field]...)
	}
	return models.NewStringList(vals...)
}

// form returns a trimmed form value.
func form(c *fiber.Ctx, field string) string { return strings.TrimSpace(c.FormValue(field)) }
