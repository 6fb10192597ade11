package models

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-playground/validator/v10"
)

// FieldErrors maps a field's name (the JSON key and form field name) to a message a person can act on.
// It is also the error a domain operation returns when input is invalid.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// First is the message of the first field in alphabetical order (stable, for one-line summaries), or
// "" when there is none.
func (e FieldErrors) First() string {
	first := ""
	for k := range e {
		if first == "" || k < first {
			first = k
		}
	}
	return e[first]
}

// Add records msg for field unless the field already has a message (the first problem is the one to fix).
func (e FieldErrors) Add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// Err returns e as an error, or nil when it is empty.
func (e FieldErrors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// AsFieldErrors unwraps err into field errors, if it is one.
func AsFieldErrors(err error) (FieldErrors, bool) {
	var fe FieldErrors
	if errors.As(err, &fe) {
		return fe, true
	}
	return nil, false
}

var (
	validate     *validator.Validate
	validateOnce sync.Once

	chNumberRe = regexp.MustCompile(`^([0-9]{8}|[A-Z]{2}[0-9]{6})$`)
	postcodeRe = regexp.MustCompile(`^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9 ()\-]{7,20}$`)
	hhmmRe     = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		v := validator.New(validator.WithRequiredStructEnabled())
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			name := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]
			if name == "-" || name == "" {
				return f.Name
			}
			return name
		})
		must := func(tag string, fn func(string) bool) {
			if err := v.RegisterValidation(tag, func(fl validator.FieldLevel) bool { return fn(fl.Field().String()) }); err != nil {
				panic(err)
			}
		}
		must("ch_number", func(s string) bool { return s == "" || chNumberRe.MatchString(s) })
		must("uk_postcode", func(s string) bool { return s == "" || postcodeRe.MatchString(s) })
		must("phone", func(s string) bool { return s == "" || phoneRe.MatchString(s) })
		must("hhmm", func(s string) bool { return hhmmRe.MatchString(s) })
		must("iana_tz", func(s string) bool {
			if s == "" || s == "Local" {
				return false
			}
			_, err := time.LoadLocation(s)
			return err == nil
		})
		must("web_url", func(s string) bool {
			if s == "" {
				return true
			}
			u, err := url.Parse(s)
			return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.Contains(u.Host, ".")
		})
		must("sector", func(s string) bool { return s == "" || InList(Sectors, s) })
		must("employees", func(s string) bool { return s == "" || InList(EmployeeBands, s) })
		must("org_type", func(s string) bool { return InList(OrganisationTypes, s) })
		validate = v
	})
	return validate
}

// Validate checks s against its `validate` tags and returns field errors keyed by JSON name. Messages
// come from the field's `msg` tag ("required=Enter a name|max=Name must be 200 characters or fewer")
// or, failing that, are built from its `label` tag.
//
// Text rules (see text.go) come first, so a field with a NUL or a line break is reported as such; when
// s is a pointer its text is normalised to NFC in place.
func Validate(s any) FieldErrors {
	errs := CheckText(s)
	checkDateRange(reflect.ValueOf(s), errs)
	err := validatorInstance().Struct(s)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return errs
	}
	t := reflect.TypeOf(s)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for _, fe := range verrs {
		// A list's item ("sectors[2]") is reported against the list itself.
		field, _, _ := strings.Cut(fe.Field(), "[")
		structField, _, _ := strings.Cut(fe.StructField(), "[")
		sf, _ := t.FieldByName(structField)
		errs.Add(field, message(sf, fe))
	}
	return errs
}

// Dates a person may type: 2000 to 2100. A year-0 closing date or a passport "expiring" in 9999 is a
// typing slip, and such years break date arithmetic elsewhere.
var (
	MinDate = DateOf(2000, 1, 1)
	MaxDate = DateOf(2100, 12, 31)
)

// checkDateRange reports every Date field of the struct v outside MinDate–MaxDate.
func checkDateRange(v reflect.Value, errs FieldErrors) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	dateType := reflect.TypeOf(Date{})
	for i := 0; i < v.NumField(); i++ {
		sf, fv := v.Type().Field(i), v.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous {
			checkDateRange(fv, errs)
			continue
		}
		if fv.Kind() == reflect.Pointer && !fv.IsNil() {
			fv = fv.Elem()
		}
		if fv.Type() != dateType {
			continue
		}
		d := fv.Interface().(Date)
		if !d.IsZero() && (d.Before(MinDate.Time) || d.After(MaxDate.Time)) {
			name := strings.SplitN(sf.Tag.Get("json"), ",", 2)[0]
			if name == "" || name == "-" {
				name = sf.Name
			}
			errs.Add(name, "Enter a date between 2000 and 2100")
		}
	}
}

func message(sf reflect.StructField, fe validator.FieldError) string {
	for _, part := range strings.Split(sf.Tag.Get("msg"), "|") {
		if tag, msg, ok := strings.Cut(part, "="); ok && tag == fe.Tag() {
			return msg
		}
	}
	label := sf.Tag.Get("label")
	if label == "" {
		label, _, _ = strings.Cut(strings.ReplaceAll(fe.Field(), "_", " "), "[")
	}
	upper := strings.ToUpper(label[:1]) + label[1:]
	switch fe.Tag() {
	case "required":
		return "Enter " + article(label) + label
	case "max":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("%s must be %s characters or fewer", upper, fe.Param())
		}
		return fmt.Sprintf("%s must be %s or fewer", upper, fe.Param())
	case "min", "gte":
		return fmt.Sprintf("%s must be %s or more", upper, fe.Param())
	case "lte":
		return fmt.Sprintf("%s must be %s or fewer", upper, fe.Param())
	case "email":
		return "Enter an email address in the correct format, like name@example.com"
	case "oneof", "sector", "employees", "org_type":
		return "Select " + article(label) + label + " from the list"
	case "ch_number":
		return "Enter a Companies House number in the correct format: 8 digits, or 2 letters and 6 digits, like 01234567 or SC123456"
	case "uk_postcode":
		return "Enter a real UK postcode, like B1 1BB"
	case "phone":
		return "Enter a telephone number, like 0121 496 0000 or +44 121 496 0000"
	case "hhmm":
		return upper + " must be a time of day in the form HH:MM, like 09:00"
	case "iana_tz":
		return upper + " must be a time zone name, like America/Chicago"
	case "web_url":
		return "Enter a website address starting with https://, like https://example.co.uk"
	}
	return upper + " is not valid"
}

func article(label string) string {
	if strings.HasPrefix(label, "an ") || strings.HasPrefix(label, "a ") || strings.HasPrefix(label, "the ") || strings.HasPrefix(label, "your ") {
		return ""
	}
	if strings.ContainsRune("aeiou", rune(label[0])) {
		return "an "
	}
	return "a "
}

// NormalisePostcode upper-cases a UK postcode and puts the single space before the inward code.
func NormalisePostcode(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) > 3 {
		s = s[:len(s)-3] + " " + s[len(s)-3:]
	}
	return s
}

// NormaliseEmail trims and lower-cases an email address.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
