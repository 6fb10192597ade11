package workbooks

import (
	"strconv"
	"strings"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// Roster turns the roster into the workbook's plain rows.
func Roster(r *models.Roster) exports.RosterBook {
	b := exports.RosterBook{MissionName: r.MissionName, AsOf: models.FormatDay(r.Now, r.Zone) + " " + models.FormatClock(r.Now, r.Zone) + " (" + r.ZoneLabel + ")"}
	entry := func(e *models.RosterEntry) string {
		if e == nil {
			return ""
		}
		return rosterLine(*e, true)
	}
	for _, p := range r.People {
		b.People = append(b.People, exports.RosterRow{Name: p.Name, Firm: p.Firm, Phone: p.Phone, Hotel: p.Hotel, Emergency: p.Emergency,
			EmergencyPhone: p.EmergencyPhone, Now: entry(p.Now), Next: entry(p.Next)})
	}
	for _, d := range r.Days {
		day := exports.RosterDay{Label: d.Label, Sheet: d.Date.Format("Mon 2 Jan")}
		for _, dp := range d.People {
			lines := make([]string, len(dp.Entries))
			for i, e := range dp.Entries {
				lines[i] = rosterLine(e, false)
			}
			p := dp.Person
			day.Rows = append(day.Rows, exports.RosterDayRow{Name: p.Name, Firm: p.Firm, Phone: p.Phone, Hotel: dp.Hotel, Emergency: p.Emergency,
				EmergencyPhone: p.EmergencyPhone, Plan: strings.Join(lines, "\n")})
		}
		b.Days = append(b.Days, day)
	}
	return b
}

func rosterLine(e models.RosterEntry, withDay bool) string {
	s := e.Time + " " + e.Title
	if withDay {
		s = e.Day + " " + s
	}
	if e.Where != "" {
		s += " (" + e.Where + ")"
	}
	return s
}

// Rooming turns the rooming list into the workbook's plain rows.
func Rooming(m *models.Mission, hotels []models.HotelRooming) exports.RoomingBook {
	b := exports.RoomingBook{MissionName: m.Name}
	for _, hr := range hotels {
		h := hr.Hotel
		out := exports.RoomingHotel{Name: h.Name, Address: strings.Join(nonBlank(h.Address, h.City), ", "), CheckIn: h.CheckIn, CheckOut: h.CheckOut}
		if !h.BlockStartsOn.IsZero() {
			out.Block = strconv.Itoa(h.Rooms) + " rooms, " + strconv.Itoa(h.BlockNights()) + " nights from " + h.BlockStartsOn.Label()
		}
		for _, r := range hr.Rooms {
			row := exports.RoomingRow{Arrives: r.ArrivesOn.Time, Departs: r.DepartsOn.Time, Nights: r.Nights(), Room: models.Label(models.RoomTypes, r.Room), Confirmation: r.Confirmation}
			for _, g := range r.Guests {
				row.Guests, row.Firms = append(row.Guests, g.Name), append(row.Firms, g.Firm)
			}
			out.Rooms = append(out.Rooms, row)
		}
		for _, mv := range hr.Movements {
			out.ArrivalsDepartures = append(out.ArrivalsDepartures, exports.RoomingDay{Date: mv.Date.Time, Arrivals: mv.Arrivals, Departures: mv.Departures,
				RoomsIn: mv.RoomsIn, RoomsOut: mv.RoomsOut, RoomsOccupied: mv.Occ})
		}
		b.Hotels = append(b.Hotels, out)
	}
	return b
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
