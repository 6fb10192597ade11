package workbooks

import (
	"fmt"
	"io"
	"time"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// Itinerary maps an itinerary onto the plain data of the itinerary workbook.
func Itinerary(it *models.Itinerary) exports.ItineraryBook {
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

// WriteItineraries writes every going firm's itinerary workbook into one zip, its files dated now.
func WriteItineraries(w io.Writer, src *models.ItinerarySource, now time.Time) error {
	books := make([]exports.NamedBook, 0, len(src.Registrations))
	for _, r := range src.Registrations {
		it, err := src.Itinerary(r.ID)
		if err != nil {
			return fmt.Errorf("itinerary of registration %d: %w", r.ID, err)
		}
		books = append(books, exports.NamedBook{FileName: "itinerary-" + it.FirmName, Book: Itinerary(it), Modified: now})
	}
	return exports.WriteItinerariesZip(w, books)
}
