package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// CalendarFeedFile serves /feeds/<token>.ics to calendar apps, without a session: the long random
// token is the credential. An unknown or revoked token is not found.
func (h *Handler) CalendarFeedFile(c *fiber.Ctx) error {
	token, ok := strings.CutSuffix(c.Params("file"), ".ics")
	if !ok {
		return fiber.ErrNotFound
	}
	feed, err := h.Store.CalendarFeedByToken(c.UserContext(), token)
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	off, err := h.Store.RegistrationOffMission(c.UserContext(), feed.RegistrationID)
	if err != nil {
		return err
	}
	if off { // the firm has withdrawn or been rejected: the feed is gone for good
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.Status(fiber.StatusGone).Type("txt", "utf-8").SendString("This calendar is no longer available: the firm is not on the mission.")
	}
	it, err := h.Store.RegistrationItinerary(c.UserContext(), 0, feed.RegistrationID)
	if err != nil {
		return err
	}
	if feed.DelegateID != nil {
		it = it.ForDelegate(*feed.DelegateID)
	}
	cal := ItineraryCalendar(it, h.calendarHost())
	var buf bytes.Buffer
	if err := exports.WriteCalendar(&buf, cal); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="itinerary.ics"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("X-Robots-Tag", "noindex")
	return c.Send(buf.Bytes())
}

// calendarHost is the domain part of event UIDs: the public host name, so UIDs stay the same
// whichever feed or export an event comes from.
func (h *Handler) calendarHost() string { return exports.CalendarHost(h.Opts.BaseURL) }

// ItineraryCalendar turns an itinerary into calendar events: every entry with a UID stable per
// meeting, programme item or flight, and cancelled meetings as STATUS:CANCELLED. The description
// carries the mission's and the home time, never staff notes.
func ItineraryCalendar(it *models.Itinerary, host string) exports.Calendar {
	cal := exports.Calendar{Name: it.MissionName + " – " + it.FirmName}
	add := func(e models.ItineraryEntry, cancelled bool) {
		updated := e.Updated
		if updated.IsZero() {
			updated = e.Start
		}
		summary := e.Title
		if cancelled {
			summary = "Cancelled: " + summary
		}
		uid := exports.EventUID(e.Kind, e.ID, host)
		if e.FlightKey != "" {
			uid = "flight-" + e.FlightKey + "@" + host
		}
		cal.Events = append(cal.Events, exports.CalendarEvent{
			UID: uid, Sequence: e.Sequence, Start: e.Start, End: e.End,
			Summary: summary, Location: e.Address, Description: eventDescription(it, e), Cancelled: cancelled, Updated: updated,
		})
	}
	for _, e := range it.Entries() {
		add(e, false)
	}
	for _, e := range it.Cancelled {
		add(e, true)
	}
	return cal
}

func eventDescription(it *models.Itinerary, e models.ItineraryEntry) string {
	lines := []string{
		fmt.Sprintf("%s: %s %s–%s %s", it.ZoneLabel, models.FormatDay(e.Start, it.Zone), e.LocalStart, e.LocalEnd, e.ZoneAbbr),
		fmt.Sprintf("%s: %s %s–%s %s", it.HomeLabel, models.FormatDay(e.Start, it.Home), e.HomeStart, e.HomeEnd, e.HomeAbbr),
	}
	if e.Kind == models.EntryFlight {
		lines = append(lines, "Departs "+e.From+" "+e.DepartsLocal+" (local time)", "Arrives "+e.To+" "+e.ArrivesLocal+" (local time)")
		if e.Connection != "" {
			lines = append(lines, e.Connection)
		}
	} else {
		if e.With != "" {
			lines = append(lines, "With: "+e.WithWhom())
		}
		if e.Notes != "" {
			lines = append(lines, "Notes: "+e.Notes)
		}
	}
	if len(e.Delegates) > 0 {
		lines = append(lines, "Delegates: "+strings.Join(e.Delegates, ", "))
	}
	if note := e.TravelNote(); note != "" {
		lines = append(lines, note)
	}
	return strings.Join(lines, "\n")
}

// CreateCalendarFeed makes a calendar link for a registration or one of its delegates.
func (h *Handler) CreateCalendarFeed(c *fiber.Ctx) error {
	mid, rid, err := itinIDs(c)
	if err != nil {
		return err
	}
	if _, err := h.Store.AccessRegistration(c.UserContext(), mid, rid); err != nil {
		return err
	}
	var delegateID *uint
	if v := form(c, "delegate_id"); v != "" {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return models.FieldErrors{"delegate_id": "Select a delegate of this firm"}
		}
		id := uint(n)
		delegateID = &id
	}
	if _, err := h.Store.CreateCalendarFeed(c.UserContext(), currentUser(c), rid, delegateID, h.Now()); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return models.FieldErrors{"delegate_id": "Select a delegate of this firm"}
		}
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations/%d/itinerary#feeds", mid, rid), "Calendar link created")
}

// RevokeCalendarFeed stops a calendar link working.
func (h *Handler) RevokeCalendarFeed(c *fiber.Ctx) error {
	mid, rid, err := itinIDs(c)
	if err != nil {
		return err
	}
	fid, err := idParam(c, "fid")
	if err != nil {
		return err
	}
	if _, err := h.Store.AccessRegistration(c.UserContext(), mid, rid); err != nil {
		return err
	}
	if err := h.Store.RevokeCalendarFeed(c.UserContext(), currentUser(c), rid, fid, h.Now()); err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations/%d/itinerary#feeds", mid, rid), "Calendar link revoked: it no longer works")
}
