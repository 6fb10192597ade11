package models

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Text rules, the same on both databases (PostgreSQL refuses NUL and invalid UTF-8 with an error;
// SQLite would store them and hand them back). Every string that reaches the database passes here:
// Validate checks a struct's text before its other rules, and a GORM callback (RegisterTextChecks)
// checks every create and update, so nothing written can skip the rules.
//
//   - invalid UTF-8 and NUL are refused everywhere;
//   - one-line fields also refuse every other control character (tab, CR, LF, escape…), the Unicode
//     line and paragraph separators, and the bidirectional overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069) that make text read differently from what it stores;
//   - multi-line fields allow line breaks and tabs, and refuse the rest;
//   - text is kept in Unicode normal form C, so "é" typed two ways is stored one way.

// textKind says which rules a field follows.
type textKind int

const (
	oneLine textKind = iota
	multiLine
	rawText // written by the program itself (hashes, JSON of audit events): only what the databases need
)

// multiLineFields are the fields (by JSON key or column name) typed in a text area. A field of a
// struct may also say so itself with the tag `text:"multiline"`.
var multiLineFields = map[string]bool{
	"address": true, "description": true, "notes": true, "staff_notes": true, "objectives": true,
	"dietary_requirements": true, "access_needs": true, "comment": true, "message": true, "body": true,
}

// rawFields are written by the program, not typed by people (a tag `text:"raw"` says the same, and so
// does `json:"-"`: a field never taken from a client).
var rawFields = map[string]bool{
	"password_hash": true, "token_hash": true, "token": true, "before": true, "after": true, "cells": true,
	"data": true, "key": true, "account": true, "last_error": true, "body_text": true, "body_html": true,
	"attachments": true, "changes": true,
}

// TextProblem is what is wrong with s as the text of a field (one-line unless multiline), or "".
func TextProblem(s string, multiline bool) string {
	kind := oneLine
	if multiline {
		kind = multiLine
	}
	return textProblem(s, kind)
}

func textProblem(s string, kind textKind) string {
	if !utf8.ValidString(s) {
		return "This contains bytes that are not valid UTF-8 text: type or paste it again"
	}
	for _, r := range s {
		switch {
		case r == 0:
			return "Remove the NUL character (a zero byte)"
		case kind == rawText:
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			if kind == oneLine {
				return "Remove the line break: this takes one line"
			}
		case r == '\t':
			if kind == oneLine {
				return "Remove the tab character: this takes one line"
			}
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return "Remove the control character (such as escape) from this text"
		case (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			return "Remove the text-direction control character (such as U+202E)"
		}
	}
	return ""
}

// CleanText returns s in normal form C when it breaks no rule, else the problem.
func CleanText(s string, multiline bool) (string, string) {
	if p := TextProblem(s, multiline); p != "" {
		return s, p
	}
	return norm.NFC.String(s), ""
}

func kindOf(name string, tag reflect.StructTag) textKind {
	switch tag.Get("text") {
	case "multiline":
		return multiLine
	case "raw":
		return rawText
	}
	switch {
	case rawFields[name]:
		return rawText
	case multiLineFields[name]:
		return multiLine
	}
	return oneLine
}

// checkStructText checks (and normalises to NFC, when v is addressable) every string field of the
// struct v, its string lists, and the fields of embedded structs. Problems are keyed by the field's
// JSON name (which is also its form field name).
func checkStructText(v reflect.Value, errs FieldErrors) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			checkStructText(v.Index(i), errs)
		}
		return
	case reflect.Struct:
	default:
		return
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		fv := v.Field(i)
		if sf.Anonymous {
			checkStructText(fv, errs)
			continue
		}
		name := strings.SplitN(sf.Tag.Get("json"), ",", 2)[0]
		kind := textKind(-1)
		if name == "-" {
			kind = rawText // never sent to or taken from a client: the program wrote it
		}
		if name == "" || name == "-" {
			name = schema.NamingStrategy{}.ColumnName("", sf.Name)
		}
		if kind < 0 {
			kind = kindOf(name, sf.Tag)
		}
		checkValueText(fv, name, kind, errs)
	}
}

// checkValueText checks one field's value: a string, a pointer to one, or a list of strings.
func checkValueText(fv reflect.Value, name string, kind textKind, errs FieldErrors) {
	for fv.Kind() == reflect.Pointer {
		if fv.IsNil() {
			return
		}
		fv = fv.Elem()
	}
	switch fv.Kind() {
	case reflect.String:
		s := fv.String()
		if p := textProblem(s, kind); p != "" {
			errs.Add(name, p)
		} else if kind != rawText && fv.CanSet() && !norm.NFC.IsNormalString(s) {
			fv.SetString(norm.NFC.String(s))
		}
	case reflect.Slice:
		if fv.Type().Elem().Kind() == reflect.String {
			for i := 0; i < fv.Len(); i++ {
				checkValueText(fv.Index(i), name, kind, errs)
			}
		}
	}
}

// CheckText checks the text of a struct (or a pointer to one, which is then normalised in place).
func CheckText(v any) FieldErrors {
	errs := FieldErrors{}
	checkStructText(reflect.ValueOf(v), errs)
	return errs
}

// RegisterTextChecks makes every create and update through db apply the text rules: a value that
// breaks them fails the statement with FieldErrors (answered 422) before anything is sent.
func RegisterTextChecks(db *gorm.DB) error {
	if err := db.Callback().Create().Before("gorm:create").Register("missionplanner:text", textCallback); err != nil {
		return err
	}
	return db.Callback().Update().Before("gorm:update").Register("missionplanner:text", textCallback)
}

func textCallback(db *gorm.DB) {
	if db.Error != nil || db.Statement == nil {
		return
	}
	errs := FieldErrors{}
	switch dest := db.Statement.Dest.(type) {
	case map[string]any:
		for col, val := range dest {
			name := col
			var tag reflect.StructTag
			kind := textKind(-1)
			if db.Statement.Schema != nil {
				if f := db.Statement.Schema.LookUpField(col); f != nil {
					name, tag = f.DBName, f.Tag
					if strings.SplitN(tag.Get("json"), ",", 2)[0] == "-" {
						kind = rawText
					}
				}
			}
			if kind < 0 {
				kind = kindOf(name, tag)
			}
			switch s := val.(type) {
			case string:
				if p := textProblem(s, kind); p != "" {
					errs.Add(name, p)
				} else if kind != rawText {
					dest[col] = norm.NFC.String(s)
				}
			case *string:
				if s != nil {
					if p := textProblem(*s, kind); p != "" {
						errs.Add(name, p)
					}
				}
			}
		}
	default:
		// Create(&x), Save(&x) and Updates(x): the value written is Dest; Model's value is checked too
		// when Dest is not a struct of its own (Updates with a Select, UpdateColumns on a model).
		if dv := reflect.ValueOf(dest); dest != nil && (reflect.Indirect(dv).Kind() == reflect.Struct || reflect.Indirect(dv).Kind() == reflect.Slice) {
			checkStructText(dv, errs)
		} else if db.Statement.ReflectValue.IsValid() {
			checkStructText(db.Statement.ReflectValue, errs)
		}
	}
	if len(errs) > 0 {
		_ = db.AddError(errs)
	}
}
