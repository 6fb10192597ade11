package privacy

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// scrubber replaces a person's address and names in text, and optionally the values of named keys in
// JSON (the audit log's copies of a record).
type scrubber struct {
	re   *regexp.Regexp  // any needle, ignoring case; nil for none
	keys map[string]bool // JSON keys whose values are replaced whatever they hold
}

func newScrubber(needles []string, keys ...string) *scrubber {
	s := &scrubber{keys: map[string]bool{}}
	var parts []string
	for _, n := range needles {
		if n != "" {
			parts = append(parts, regexp.QuoteMeta(n))
		}
	}
	if len(parts) > 0 {
		s.re = regexp.MustCompile("(?i)" + strings.Join(parts, "|"))
	}
	for _, k := range keys {
		s.keys[k] = true
	}
	return s
}

// text scrubs s and reports whether it changed. JSON stays valid JSON: it is read, scrubbed value by
// value, and written again.
func (s *scrubber) text(in string) (string, bool) {
	trimmed := strings.TrimSpace(in)
	if trimmed != "" && (trimmed[0] == '{' || trimmed[0] == '[') && json.Valid([]byte(trimmed)) {
		dec := json.NewDecoder(strings.NewReader(trimmed))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err == nil {
			v, changed := s.value(v)
			if !changed {
				return in, false
			}
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err == nil {
				return strings.TrimSuffix(b.String(), "\n"), true
			}
		}
	}
	if s.re == nil || !s.re.MatchString(in) {
		return in, false
	}
	return s.re.ReplaceAllLiteralString(in, Erased), true
}

func (s *scrubber) value(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		if s.re != nil && s.re.MatchString(x) {
			return s.re.ReplaceAllLiteralString(x, Erased), true
		}
	case []any:
		changed := false
		for i, e := range x {
			var c bool
			x[i], c = s.value(e)
			changed = changed || c
		}
		return x, changed
	case map[string]any:
		changed := false
		for k, e := range x {
			if s.keys[k] && e != nil && e != "" && e != Erased {
				x[k], changed = Erased, true
				continue
			}
			var c bool
			x[k], c = s.value(e)
			changed = changed || c
		}
		return x, changed
	}
	return v, false
}
