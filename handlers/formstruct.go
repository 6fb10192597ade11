package handlers

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// A form is a struct listing its fields in the order the page shows them. Each field carries
// `form:"name"`, the input's name, and where a message names the field, `label:"..."`, the field in a
// sentence ("start date"). A string is read trimmed, a DateInput from <name>-day, -month and -year, a
// models.StringList from every value of a repeated field (checkboxes); a struct field tagged `form:""`
// brings its own tagged fields in at that place (the firm's fields on the registration form). Numbers and ids stay text as
// typed, so a 422 shows them again; the form's own methods turn them into the model with fieldReader.

// taggedField is one tagged field of a form struct.
type taggedField struct {
	Name, Label string
	Date        bool // three inputs: the error summary links to <name>-day
	index       []int
	kind        fieldKind
	offset      uintptr
}

type fieldKind int

const (
	textField fieldKind = iota
	dateField
	listField
)

// formSpec is what a form struct's tags say: its fields in order. It is also the "Order" a page passes
// to render, so the error summary lists problems in the form's order and links dates to their day.
type formSpec struct {
	Fields   []taggedField
	byOffset map[uintptr]*taggedField
}

var (
	dateInputType  = reflect.TypeOf(DateInput{})
	stringListType = reflect.TypeOf(models.StringList(nil))
)

// specOf reads the tags of form struct T. It panics on a field it cannot bind: a programming error
// found when the package starts, as every form's spec is a package variable.
func specOf[T any]() *formSpec {
	s := &formSpec{byOffset: map[uintptr]*taggedField{}}
	s.add(reflect.TypeOf((*T)(nil)).Elem(), nil, 0)
	for i := range s.Fields {
		s.byOffset[s.Fields[i].offset] = &s.Fields[i]
	}
	return s
}

// add appends the tagged fields of struct t, found at index path and offset within the form.
func (s *formSpec) add(t reflect.Type, path []int, offset uintptr) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, ok := sf.Tag.Lookup("form")
		if !ok {
			continue
		}
		index := append(append([]int(nil), path...), i)
		if name == "" && sf.Type.Kind() == reflect.Struct {
			s.add(sf.Type, index, offset+sf.Offset)
			continue
		}
		f := taggedField{Name: name, Label: sf.Tag.Get("label"), index: index, offset: offset + sf.Offset}
		switch sf.Type {
		case dateInputType:
			f.kind, f.Date = dateField, true
		case stringListType:
			f.kind = listField
		default:
			if sf.Type.Kind() != reflect.String || name == "" {
				panic(fmt.Sprintf("form %s: field %s: cannot bind a %s named %q", t, sf.Name, sf.Type, name))
			}
		}
		s.Fields = append(s.Fields, f)
	}
}

// Names lists the form's field names in order.
func (s *formSpec) Names() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Name
	}
	return out
}

// isDate reports whether name is a date of three inputs.
func (s *formSpec) isDate(name string) bool {
	for _, f := range s.Fields {
		if f.Name == name {
			return f.Date
		}
	}
	return false
}

// bind fills the tagged fields of the struct dst points to from the posted form.
func (s *formSpec) bind(c *fiber.Ctx, dst any) {
	v := reflect.ValueOf(dst).Elem()
	for _, f := range s.Fields {
		fv := v.FieldByIndex(f.index)
		switch f.kind {
		case dateField:
			fv.Set(reflect.ValueOf(dateInput(c, f.Name)))
		case listField:
			fv.Set(reflect.ValueOf(formList(c, f.Name)))
		default:
			fv.SetString(form(c, f.Name))
		}
	}
}

// fieldReader turns a bound form's text into values. It finds a field's name and label from a pointer
// to the field, so neither is written again, and adds a message by the field's name for what cannot
// be read.
type fieldReader struct {
	spec *formSpec
	base uintptr
	errs models.FieldErrors
}

// readerOf reads the form struct form points to, described by spec, adding messages to errs.
func readerOf(spec *formSpec, form any, errs models.FieldErrors) fieldReader {
	return fieldReader{spec: spec, base: reflect.ValueOf(form).Pointer(), errs: errs}
}

// field is the tagged field p points to.
func (r fieldReader) field(p any) *taggedField {
	f, ok := r.spec.byOffset[reflect.ValueOf(p).Pointer()-r.base]
	if !ok {
		panic(fmt.Sprintf("fieldReader: %T is not a tagged field of the form", p))
	}
	return f
}

// name is the input name of the field p points to.
func (r fieldReader) name(p any) string { return r.field(p).Name }

// int reads a whole number; empty gives def. A value that is not a number is reported.
func (r fieldReader) int(p *string, def int) int {
	if *p == "" {
		return def
	}
	n, err := strconv.Atoi(*p)
	if err != nil {
		f := r.field(p)
		r.errs.Add(f.Name, capitalise(f.Label)+" must be a whole number, like 25")
		return def
	}
	return n
}

// date reads an optional date: empty gives the zero date.
func (r fieldReader) date(p *DateInput) models.Date {
	f := r.field(p)
	d, msg := p.Parse(f.Label)
	if msg != "" {
		r.errs.Add(f.Name, msg)
	}
	return d
}

// id reads a field holding an id; empty or 0 is nil, anything else not a number is reported with msg.
func (r fieldReader) id(p *string, msg string) *uint {
	if *p == "" || *p == "0" {
		return nil
	}
	n, err := strconv.ParseUint(*p, 10, 32)
	if err != nil || n == 0 {
		r.errs.Add(r.name(p), msg)
		return nil
	}
	id := uint(n)
	return &id
}

// ids reads a repeated field of ids, ignoring what is not a number, and keeps only those in the form.
func (r fieldReader) ids(p *models.StringList) []uint {
	var out []uint
	for _, v := range *p {
		if n, err := strconv.ParseUint(v, 10, 32); err == nil && n > 0 {
			out = append(out, uint(n))
		}
	}
	*p = idStrings(out)
	return out
}
