// Package exports writes the mission's Excel workbooks (registrations,
// itineraries, the master schedule) from plain data to an io.Writer. It
// knows nothing of the database or of HTTP.
package exports

// SafeText returns s so that no spreadsheet treats it as a formula: text
// beginning with = + - @, a tab, a carriage return or a line feed gets a
// leading apostrophe. Callers write the result as a string cell; the
// apostrophe is what keeps the value inert when a user copies it into a
// formula bar or re-saves the sheet as CSV.
func SafeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}
