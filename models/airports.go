package models

import (
	"strings"
	"time"
)

// airportZones maps the IATA codes of airports (and a few railway stations) on the routes our
// missions use to their IANA time zones. Travel times are typed in each airport's local time.
var airportZones = map[string]string{
	// United Kingdom and Ireland
	"BHX": "Europe/London", "LHR": "Europe/London", "LGW": "Europe/London", "STN": "Europe/London",
	"LTN": "Europe/London", "LCY": "Europe/London", "MAN": "Europe/London", "EDI": "Europe/London",
	"GLA": "Europe/London", "BRS": "Europe/London", "NCL": "Europe/London", "LBA": "Europe/London",
	"EMA": "Europe/London", "LPL": "Europe/London", "BFS": "Europe/London", "BHD": "Europe/London",
	"ABZ": "Europe/London", "CWL": "Europe/London", "SOU": "Europe/London", "EXT": "Europe/London",
	"NWI": "Europe/London", "JER": "Europe/Jersey", "GCI": "Europe/Guernsey", "IOM": "Europe/Isle_of_Man",
	"DUB": "Europe/Dublin", "SNN": "Europe/Dublin", "ORK": "Europe/Dublin", "NOC": "Europe/Dublin",
	// Continental Europe
	"AMS": "Europe/Amsterdam", "FRA": "Europe/Berlin", "MUC": "Europe/Berlin", "BER": "Europe/Berlin",
	"DUS": "Europe/Berlin", "HAM": "Europe/Berlin", "CDG": "Europe/Paris", "ORY": "Europe/Paris",
	"BRU": "Europe/Brussels", "ZRH": "Europe/Zurich", "GVA": "Europe/Zurich", "VIE": "Europe/Vienna",
	"CPH": "Europe/Copenhagen", "ARN": "Europe/Stockholm", "OSL": "Europe/Oslo", "HEL": "Europe/Helsinki",
	"KEF": "Atlantic/Reykjavik", "MAD": "Europe/Madrid", "BCN": "Europe/Madrid", "LIS": "Europe/Lisbon",
	"FCO": "Europe/Rome", "MXP": "Europe/Rome", "WAW": "Europe/Warsaw", "PRG": "Europe/Prague",
	"IST": "Europe/Istanbul", "ATH": "Europe/Athens",
	// Middle East
	"DXB": "Asia/Dubai", "AUH": "Asia/Dubai", "DOH": "Asia/Qatar",
	// Canada
	"YYZ": "America/Toronto", "YUL": "America/Toronto", "YOW": "America/Toronto", "YHZ": "America/Halifax",
	"YYC": "America/Edmonton", "YEG": "America/Edmonton", "YVR": "America/Vancouver", "YWG": "America/Winnipeg",
	// United States: Central
	"ORD": "America/Chicago", "MDW": "America/Chicago", "RFD": "America/Chicago", "MKE": "America/Chicago",
	"MSP": "America/Chicago", "STL": "America/Chicago", "DFW": "America/Chicago", "DAL": "America/Chicago",
	"IAH": "America/Chicago", "HOU": "America/Chicago", "AUS": "America/Chicago", "SAT": "America/Chicago",
	"MCI": "America/Chicago", "MSY": "America/Chicago", "BNA": "America/Chicago", "MEM": "America/Chicago",
	"OMA": "America/Chicago", "DSM": "America/Chicago", "CID": "America/Chicago", "MLI": "America/Chicago",
	"PIA": "America/Chicago", "BMI": "America/Chicago", "CMI": "America/Chicago", "SPI": "America/Chicago",
	"MSN": "America/Chicago", "GRB": "America/Chicago", "OKC": "America/Chicago", "TUL": "America/Chicago",
	// United States: Eastern
	"JFK": "America/New_York", "EWR": "America/New_York", "LGA": "America/New_York", "BOS": "America/New_York",
	"PHL": "America/New_York", "IAD": "America/New_York", "DCA": "America/New_York", "BWI": "America/New_York",
	"ATL": "America/New_York", "CLT": "America/New_York", "MIA": "America/New_York", "MCO": "America/New_York",
	"TPA": "America/New_York", "FLL": "America/New_York", "RDU": "America/New_York", "PIT": "America/New_York",
	"CLE": "America/New_York", "CVG": "America/New_York", "CMH": "America/New_York", "DTW": "America/Detroit",
	"IND": "America/Indiana/Indianapolis", "SDF": "America/Kentucky/Louisville", "GRR": "America/Detroit",
	// United States: Mountain and Pacific
	"DEN": "America/Denver", "SLC": "America/Denver", "PHX": "America/Phoenix", "LAS": "America/Los_Angeles",
	"LAX": "America/Los_Angeles", "SFO": "America/Los_Angeles", "SJC": "America/Los_Angeles",
	"SEA": "America/Los_Angeles", "PDX": "America/Los_Angeles", "SAN": "America/Los_Angeles",
	// Railway stations sometimes used for connections (UIC-style codes as airlines book them)
	"ZYR": "Europe/Brussels", "XPG": "Europe/Paris", "QQS": "Europe/London", "CUS": "America/Chicago",
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

// unknownAirportMessage is the message for a code we do not know.
func unknownAirportMessage(label string) string {
	return "Enter the " + label + " as a 3-letter IATA code we know, like BHX, DUB, AMS, LHR or ORD"
}
