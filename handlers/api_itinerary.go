package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// itineraryJSON is an itinerary as the API answers it.
type itineraryJSON struct {
	RegistrationID uint                  `json:"registration_id"`
	MissionID      uint                  `json:"mission_id"`
	Mission        string                `json:"mission"`
	Firm           string                `json:"firm"`
	Timezone       string                `json:"timezone"`
	HomeTimezone   string                `json:"home_timezone"`
	Days           []itineraryDayJSON    `json:"days"`
	People         []itineraryPersonJSON `json:"people"`
}

type itineraryDayJSON struct {
	Date      string               `json:"date"`
	HomeAhead string               `json:"home_difference"`
	Entries   []itineraryEntryJSON `json:"entries"`
}

type itineraryEntryJSON struct {
	ID                  string   `json:"id"` // "meeting-12": the kind and the record's id
	Kind                string   `json:"kind"`
	StartsAt            string   `json:"starts_at"`
	EndsAt              string   `json:"ends_at"`
	HomeStartsAt        string   `json:"home_starts_at"`
	HomeEndsAt          string   `json:"home_ends_at"`
	Title               string   `json:"title"`
	With                string   `json:"with"`
	Organisation        string   `json:"organisation"`
	Address             string   `json:"address"`
	Delegates           []string `json:"delegates"`
	TravelMinutesBefore int      `json:"travel_minutes_before"`
	Notes               string   `json:"notes"`
	From                string   `json:"from,omitempty"`
	To                  string   `json:"to,omitempty"`
}

type itineraryPersonJSON struct {
	ID           uint   `json:"id"`
	FullName     string `json:"full_name"`
	JobTitle     string `json:"job_title"`
	Organisation string `json:"organisation"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
}

func itineraryToJSON(it *models.Itinerary) itineraryJSON {
	out := itineraryJSON{RegistrationID: it.RegistrationID, MissionID: it.MissionID, Mission: it.MissionName, Firm: it.FirmName,
		Timezone: it.Zone.String(), HomeTimezone: it.Home.String(), Days: []itineraryDayJSON{}, People: []itineraryPersonJSON{}}
	for _, d := range it.Days {
		dj := itineraryDayJSON{Date: d.Date.String(), HomeAhead: d.HomeAhead, Entries: []itineraryEntryJSON{}}
		for _, e := range d.Entries {
			delegates := e.Delegates
			if delegates == nil {
				delegates = []string{}
			}
			dj.Entries = append(dj.Entries, itineraryEntryJSON{
				ID: fmt.Sprintf("%s-%d", e.Kind, e.ID), Kind: e.Kind,
				StartsAt: e.Start.In(it.Zone).Format(time.RFC3339), EndsAt: e.End.In(it.Zone).Format(time.RFC3339),
				HomeStartsAt: e.Start.In(it.Home).Format(time.RFC3339), HomeEndsAt: e.End.In(it.Home).Format(time.RFC3339),
				Title: e.Title, With: e.With, Organisation: e.Organisation, Address: e.Address, Delegates: delegates,
				TravelMinutesBefore: e.TravelMinutes(), Notes: e.Notes, From: e.From, To: e.To,
			})
		}
		out.Days = append(out.Days, dj)
	}
	for _, p := range it.People {
		out.People = append(out.People, itineraryPersonJSON{ID: p.ID, FullName: p.Name, JobTitle: p.JobTitle, Organisation: p.Organisation, Email: p.Email, Phone: p.Phone, Address: p.Address})
	}
	return out
}

// APIItinerary answers a registration's itinerary: days in the mission's zone, each entry with its
// times in the mission's offset and at home.
func (h *Handler) APIItinerary(c *fiber.Ctx) error {
	rid, err := idParam(c, "rid")
	if err != nil {
		return err
	}
	it, err := h.Store.RegistrationItinerary(c.UserContext(), 0, rid)
	if err != nil {
		return err
	}
	return c.JSON(itineraryToJSON(it))
}
