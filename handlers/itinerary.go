package handlers

import (
	"fmt"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// feedView is a calendar subscription as the itinerary page lists it.
type feedView struct {
	ID        uint
	For       string       // "Whole firm" or a delegate's name
	URL       string       // https://…/feeds/<token>.ics
	Webcal    template.URL // webcal://… for one-click subscription (built here, so trusted)
	CreatedAt string
}

// feedURL is the public address of a feed.
func (h *Handler) feedURL(token string) string { return h.Opts.BaseURL + "/feeds/" + token + ".ics" }

// feedViews lists feeds for the page, each created-time in the mission's zone with UK time beside it.
func (h *Handler) feedViews(feeds []models.CalendarFeed, delegates []models.Delegate, zone, home *time.Location, homeLabel string) []feedView {
	names := map[uint]string{}
	for _, d := range delegates {
		names[d.ID] = d.FullName
	}
	out := make([]feedView, 0, len(feeds))
	for _, f := range feeds {
		v := feedView{ID: f.ID, For: "Whole firm", URL: h.feedURL(f.Token), CreatedAt: f.CreatedAt.In(zone).Format("Mon 2 Jan 2006 15:04") + " (" + homeLabel + " " + models.FormatClock(f.CreatedAt, home) + ")"}
		if f.DelegateID != nil {
			v.For = names[*f.DelegateID]
		}
		v.Webcal = webcal(v.URL)
		out = append(out, v)
	}
	return out
}

// webcal turns an http(s) feed address into the webcal:// form calendar apps subscribe to.
func webcal(u string) template.URL {
	for _, p := range []string{"https://", "http://"} {
		if len(u) > len(p) && u[:len(p)] == p {
			return template.URL("webcal://" + u[len(p):])
		}
	}
	return template.URL(u)
}

// StaffItinerary shows a registration's itinerary to staff, with its calendar feeds and sign-in links.
func (h *Handler) StaffItinerary(c *fiber.Ctx) error {
	mid, rid, err := itinIDs(c)
	if err != nil {
		return err
	}
	it, err := h.Store.RegistrationItinerary(c.UserContext(), mid, rid)
	if err != nil {
		return err
	}
	feeds, err := h.Store.CalendarFeeds(c.UserContext(), rid)
	if err != nil {
		return err
	}
	base := fmt.Sprintf("/missions/%d/registrations/%d", mid, rid)
	data := View{
		"Title": "Itinerary: " + it.FirmName, "It": it, "Staff": true, "Base": base,
		"XLSXURL": base + "/itinerary.xlsx", "Feeds": h.feedViews(feeds, it.Delegates, it.Zone, it.Home, it.HomeLabel), "InvitationLifetime": invitationLifetime(),
	}
	if e, d, ok := it.Next(h.Now()); ok {
		data["Next"] = View{"Entry": e, "Day": d}
	}
	return h.render(c, fiber.StatusOK, "itinerary/show", data)
}
