package handlers

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// scheduleSlotMinutes is the row height of the master schedule's day grids.
const scheduleSlotMinutes = 15

// ItineraryWorkbook maps an itinerary onto the plain data of the itinerary workbook.
func ItineraryWorkbook(it *models.Itinerary) exports.ItineraryBook {
	book := exports.ItineraryBook{
		MissionName: it.MissionName, FirmName: it.FirmName, Zone: it.Zone, Home: it.Home,
		ZoneLabel: it.ZoneLabel, HomeLabel: it.HomeLabel,
	}
	for _, e := range it.Entries() {
		book.Entries = append(book.Entries, exports.ItineraryEntry{
			Start: e.Start, End: e.End, Kind: e.KindLabel, Title: e.Title, With: e.With,
			Organisation: e.Organisation, Address: e.Address, Delegates: e.Delegates, Notes: e.Notes,
			TravelNote: e.TravelNote(),
		})
	}
	for _, p := range it.People {
		book.People = append(book.People, exports.Person{Name: p.Name, JobTitle: p.JobTitle, Organisation: p.Organisation, Email: p.Email, Phone: p.Phone, Address: p.Address})
	}
	return book
}

// ScheduleWorkbook maps a whole mission onto the plain data of the master schedule workbook.
func ScheduleWorkbook(src *models.ItinerarySource) exports.MasterSchedule {
	m := &src.Mission
	s := exports.MasterSchedule{
		MissionName: m.Name, Zone: m.Zone(), Home: m.HomeZone(), ZoneLabel: m.ZoneLabel(), HomeLabel: m.HomeLabel(),
		DayStarts: m.DayStarts, DayEnds: m.DayEnds, SlotMinutes: scheduleSlotMinutes, SectorCounts: map[string]int{},
	}
	for _, d := range m.Days() {
		s.Days = append(s.Days, d.Time)
	}
	firmName := make(map[uint]string, len(src.Registrations))
	for _, r := range src.Registrations {
		name, sector := "", ""
		if r.Firm != nil {
			name, sector = r.Firm.CompanyName, models.Label(models.Sectors, r.Firm.Sector)
		}
		firmName[r.ID] = name
		s.Firms = append(s.Firms, exports.FirmColumn{ID: r.ID, Name: name, Sector: sector})
		s.SectorCounts[sector]++
	}
	delegateName := make(map[uint]string, len(src.Delegates))
	firmDelegates := map[uint][]string{} // a meeting naming nobody is attended by the whole firm
	for _, d := range src.Delegates {
		delegateName[d.ID] = d.FullName
		firmDelegates[d.RegistrationID] = append(firmDelegates[d.RegistrationID], d.FullName)
		out, ret := journeys(d.TravelSegments)
		s.Delegates = append(s.Delegates, exports.ManifestRow{
			Firm: firmName[d.RegistrationID], Name: d.FullName, JobTitle: d.JobTitle, Email: d.Email, Phone: d.Phone,
			Dietary: d.DietaryRequirements, Access: d.AccessNeeds, Outbound: out, Return: ret,
		})
	}
	sort.SliceStable(s.Delegates, func(i, j int) bool { return s.Delegates[i].Firm < s.Delegates[j].Firm })
	s.Meetings = make([]exports.ScheduleMeeting, 0, len(src.Meetings))
	var names []string
	for _, mt := range src.Meetings {
		if mt.StartsAt == nil || mt.EndsAt == nil {
			continue
		}
		c := src.Contacts[mt.ContactID]
		place := src.MeetingAddress(mt)
		names = names[:0]
		for _, id := range mt.DelegateIDs {
			names = append(names, delegateName[id])
		}
		if len(names) == 0 {
			names = append(names, firmDelegates[mt.RegistrationID]...)
		}
		s.Meetings = append(s.Meetings, exports.ScheduleMeeting{
			FirmID: mt.RegistrationID, Start: *mt.StartsAt, End: *mt.EndsAt, Firm: firmName[mt.RegistrationID],
			Contact: c.FullName, Organisation: c.Organisation, Location: place, Status: models.Label(models.MeetingStatuses, mt.Status),
			Delegates: strings.Join(names, "; "),
		})
	}
	return s
}

// journeys summarises a delegate's outbound and return flights for the manifest, each time in its
// own airport's local time and the date at the departure airport: "EI 3271 BHX 07:05 → DUB 08:20, Wed 10 Mar; …".
func journeys(segs []models.TravelSegment) (outbound, ret string) {
	var out, back []string
	for _, s := range segs {
		text := fmt.Sprintf("%s %s %s → %s %s, %s", s.FlightName(), s.From, models.AirportClock(s.DepartsAt, s.From, "15:04"),
			s.To, models.AirportClock(s.ArrivesAt, s.To, "15:04"), models.FormatDay(s.DepartsAt, s.DepartureZone()))
		if s.Direction == "return" {
			back = append(back, text)
		} else {
			out = append(out, text)
		}
	}
	return strings.Join(out, "; "), strings.Join(back, "; ")
}

// WriteMissionItineraries writes every going firm's itinerary workbook into one zip, its files dated now.
func WriteMissionItineraries(w io.Writer, src *models.ItinerarySource, now time.Time) error {
	books := make([]exports.NamedBook, 0, len(src.Registrations))
	for _, r := range src.Registrations {
		it, err := src.Itinerary(r.ID)
		if err != nil {
			return fmt.Errorf("itinerary of registration %d: %w", r.ID, err)
		}
		books = append(books, exports.NamedBook{FileName: "itinerary-" + it.FirmName, Book: ItineraryWorkbook(it), Modified: now})
	}
	return exports.WriteItinerariesZip(w, books)
}

// sendExport answers a finished download named name+ext (made safe as the zip's entries are): the
// whole file is written to memory first, so a failure half-way is a clean error page rather than a
// broken file.
func sendExport(c *fiber.Ctx, contentType, name, ext string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+exports.SafeFileName(name, ext)+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(buf.Bytes())
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ItineraryXLSX downloads a registration's itinerary workbook.
func (h *Handler) ItineraryXLSX(c *fiber.Ctx) error {
	mid, rid, err := itinIDs(c)
	if err != nil {
		return err
	}
	it, err := h.Store.RegistrationItinerary(c.UserContext(), mid, rid)
	if err != nil {
		return err
	}
	return sendItineraryXLSX(c, it)
}

func sendItineraryXLSX(c *fiber.Ctx, it *models.Itinerary) error {
	return sendExport(c, xlsxType, "itinerary-"+it.FirmName, ".xlsx", func(w io.Writer) error {
		return exports.WriteItinerary(w, ItineraryWorkbook(it))
	})
}

// ScheduleXLSX downloads the mission's master schedule workbook.
func (h *Handler) ScheduleXLSX(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	_, breaches, err := h.Store.CheckMission(c.UserContext(), id)
	if err != nil {
		return err
	}
	return h.sendMissionExport(c, xlsxType, "schedule-", ".xlsx", func(w io.Writer, src *models.ItinerarySource) error {
		s := ScheduleWorkbook(src)
		s.Warning = TimetableWarning(len(breaches))
		return exports.WriteSchedule(w, s)
	})
}

// ItinerariesZip downloads every going firm's itinerary workbook in one zip.
func (h *Handler) ItinerariesZip(c *fiber.Ctx) error {
	return h.sendMissionExport(c, "application/zip", "itineraries-", ".zip", func(w io.Writer, src *models.ItinerarySource) error {
		return WriteMissionItineraries(w, src, h.Now())
	})
}

// sendMissionExport loads the whole mission (:id) once and sends what write makes of it, named
// prefix + the mission's name + ext.
func (h *Handler) sendMissionExport(c *fiber.Ctx, contentType, prefix, ext string, write func(io.Writer, *models.ItinerarySource) error) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	src, err := h.Store.MissionItinerarySource(c.UserContext(), id)
	if err != nil {
		return err
	}
	return sendExport(c, contentType, prefix+src.Mission.Name, ext, func(w io.Writer) error { return write(w, src) })
}

// itinIDs reads :id and :rid.
func itinIDs(c *fiber.Ctx) (uint, uint, error) {
	mid, err := idParam(c, "id")
	if err != nil {
		return 0, 0, err
	}
	rid, err := idParam(c, "rid")
	return mid, rid, err
}
