package models

import (
	"sort"
	"strings"
	"time"
)

// airportZones maps the IATA codes of airports (and a few railway stations) on the routes our
// missions use to their IANA time zones. Travel times are typed in each airport's local time.
var airportZones = map[string]string{
	// United Kingdom and Ireland
	"BHX": "Europe/London", "LHR": "Europe/London", "LGW": "Europe/London", "LCY": "Europe/London",
	"STN": "Europe/London", "LTN": "Europe/London", "MAN": "Europe/London", "EMA": "Europe/London",
	"BRS": "Europe/London", "EDI": "Europe/London", "GLA": "Europe/London", "NCL": "Europe/London",
	"LBA": "Europe/London", "LPL": "Europe/London", "CWL": "Europe/London", "BFS": "Europe/London",
	"DUB": "Europe/Dublin", "SNN": "Europe/Dublin", "ORK": "Europe/Dublin",
	// Continental Europe and Iceland
	"AMS": "Europe/Amsterdam", "FRA": "Europe/Berlin", "MUC": "Europe/Berlin", "DUS": "Europe/Berlin",
	"BER": "Europe/Berlin", "HAM": "Europe/Berlin", "CDG": "Europe/Paris", "ORY": "Europe/Paris",
	"BRU": "Europe/Brussels", "ZRH": "Europe/Zurich", "GVA": "Europe/Zurich", "VIE": "Europe/Vienna",
	"CPH": "Europe/Copenhagen", "ARN": "Europe/Stockholm", "OSL": "Europe/Oslo", "HEL": "Europe/Helsinki",
	"MAD": "Europe/Madrid", "BCN": "Europe/Madrid", "LIS": "Europe/Lisbon", "FCO": "Europe/Rome",
	"MXP": "Europe/Rome", "IST": "Europe/Istanbul", "WAW": "Europe/Warsaw", "KEF": "Atlantic/Reykjavik",
	// North America
	"ORD": "America/Chicago", "MDW": "America/Chicago", "RFD": "America/Chicago", "MKE": "America/Chicago",
	"MSP": "America/Chicago", "DFW": "America/Chicago", "IAH": "America/Chicago", "STL": "America/Chicago",
	"JFK": "America/New_York", "EWR": "America/New_York", "LGA": "America/New_York", "BOS": "America/New_York",
	"IAD": "America/New_York", "DCA": "America/New_York", "PHL": "America/New_York", "ATL": "America/New_York",
	"CLT": "America/New_York", "MIA": "America/New_York", "DTW": "America/Detroit", "CLE": "America/New_York",
	"PIT": "America/New_York", "IND": "America/Indiana/Indianapolis",
	"YYZ": "America/Toronto", "YUL": "America/Toronto", "YOW": "America/Toronto",
	"DEN": "America/Denver", "PHX": "America/Phoenix", "LAX": "America/Los_Angeles",
	"SFO": "America/Los_Angeles", "SEA": "America/Los_Angeles", "YVR": "America/Vancouver",
	// Middle East hubs
	"DXB": "Asia/Dubai", "DOH": "Asia/Qatar", "AUH": "Asia/Dubai",
}

// AirportZone returns the time zone of the airport with the given IATA code (any case), and whether
// the code is one we know.
func AirportZone(code string) (*time.Location, bool) {
	name, ok := airportZones[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return nil, false
	}
	return loadZone(name), true
}

// AirportCodes lists the known IATA codes in alphabetical order.
func AirportCodes() []string {
	out := make([]string, 0, len(airportZones))
	for k := range airportZones {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// unknownAirportMessage is the message for a code we do not know.
func unknownAirportMessage(label string) string {
	return "Enter the " + label + " as a 3-letter IATA code we know, like BHX, DUB, AMS, LHR or ORD"
}
