package handlers

import (
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// Confirmation is an "Are you sure?" page (the GOV.UK pattern) shown before something that cannot be
// undone. It is a GET of the action's own address; its form posts back to it, so the action itself (and
// the API) stays a single call, and nothing needs JavaScript.
type Confirmation struct {
	Caption string            // the mission or list the thing belongs to
	Heading string            // "Are you sure you want to remove Ann Archer?"
	Detail  []string          // what will happen, in a sentence or two
	Action  string            // where the form posts
	Hidden  map[string]string // fields the action needs (a status)
	Button  string            // "Yes, remove Ann Archer"
	Back    string            // where "No, go back" leads
	// Meetings the action cancels or returns to requests (MeetingsHeading says which), listed so the
	// one page confirms both: the form then sends the go-ahead and the ids it listed.
	Meetings        []affectedView
	MeetingsHeading string
	// Blocked: the thing cannot go yet (Meetings and Programme say what holds it); the page only explains.
	Blocked   bool
	Programme []programmeUse
}

// programmeUse is a programme item as a confirmation page lists it.
type programmeUse struct{ Title, When, Href string }

// breaks adds the meetings an action would break to its confirmation: listed, agreed to by the form
// (only these: one booked meanwhile makes the action ask again), and counted on the button.
func (cf *Confirmation) breaks(m *models.Mission, affected []models.AffectedMeeting, cancel bool) {
	if len(affected) == 0 {
		return
	}
	n := len(affected)
	cf.Meetings = affectedViews(m, affected)
	cf.Hidden["unschedule_conflicts"] = "1"
	cf.Hidden["agreed_meetings"] = agreedField(affected)
	if cancel {
		for i := range cf.Meetings {
			cf.Meetings[i].Reasons = nil // the reason is the action itself
		}
		cf.MeetingsHeading = fmt.Sprintf("%d scheduled %s will be cancelled", n, plural(n, "meeting", "meetings"))
		cf.Button += fmt.Sprintf(" and cancel %d %s", n, plural(n, "meeting", "meetings"))
	} else {
		cf.MeetingsHeading = fmt.Sprintf("%d scheduled %s will return to requests", n, plural(n, "meeting", "meetings"))
		cf.Button += fmt.Sprintf(" and return %d %s to requests", n, plural(n, "meeting", "meetings"))
	}
}

func (h *Handler) confirm(c *fiber.Ctx, cf Confirmation) error {
	return h.render(c, fiber.StatusOK, "confirm/show", View{"Title": cf.Heading, "Confirm": cf})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ConfirmRegistrationStatus asks before a firm is withdrawn or rejected; other changes need no
// confirmation and their buttons post directly.
func (h *Handler) ConfirmRegistrationStatus(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	status := c.Query("status")
	back := registrationPath(m, r)
	if !slices.ContainsFunc(models.NextStatuses(r.Status), func(o models.Option) bool { return o.Code == status }) {
		// not a change this firm can make now: back to its page, which lists those it can
		return c.Redirect(back, fiber.StatusSeeOther)
	}
	cf := Confirmation{Caption: m.Name, Action: back + "/status", Hidden: map[string]string{"status": status}, Back: back}
	name := r.Firm.CompanyName
	switch status {
	case "withdrawn":
		cf.Heading = "Are you sure you want to withdraw " + name + "?"
		cf.Detail = []string{name + " gives up its place on the mission. If firms are on the wait list, the one waiting longest takes the place.",
			"You can reinstate the firm later, but it joins again as a new application."}
		cf.Button = "Yes, withdraw " + name
	case "rejected":
		cf.Heading = "Are you sure you want to reject " + name + "?"
		cf.Detail = []string{name + " will not go on the mission. You can reinstate it later as a new application."}
		cf.Button = "Yes, reject " + name
	default:
		return fiber.ErrNotFound
	}
	// A firm leaving loses its scheduled meetings: list them here and send the go-ahead with the form,
	// so this is the only question asked (the status change would otherwise ask again).
	affected, err := h.Store.MeetingsCancelledIfLeaving(c.UserContext(), m, r.ID)
	if err != nil {
		return err
	}
	cf.breaks(m, affected, true)
	return h.confirm(c, cf)
}

// ConfirmDeleteDelegate asks before a delegate is removed.
func (h *Handler) ConfirmDeleteDelegate(c *fiber.Ctx) error {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	back := registrationPath(m, r)
	return h.confirm(c, Confirmation{Caption: r.Firm.CompanyName,
		Heading: fmt.Sprintf("Are you sure you want to remove %s?", d.FullName),
		Detail:  []string{fmt.Sprintf("%s's details, flights and sign-in will be removed from %s. Meetings they attend stay with the firm.", d.FullName, r.Firm.CompanyName)},
		Action:  fmt.Sprintf("%s/delegates/%d/delete", back, d.ID), Button: "Yes, remove " + d.FullName, Back: back})
}

// ConfirmDeleteTravel asks before staff remove a delegate's flight or train.
func (h *Handler) ConfirmDeleteTravel(c *fiber.Ctx) error {
	m, r, d, seg, err := h.travelParams(c)
	if err != nil {
		return err
	}
	back := registrationPath(m, r)
	what := fmt.Sprintf("%s %s from %s to %s", seg.Carrier, seg.Number, seg.From, seg.To)
	return h.confirm(c, Confirmation{Caption: d.FullName,
		Heading: "Are you sure you want to remove " + what + "?",
		Detail:  []string{"It will no longer appear on " + d.FullName + "'s itinerary or calendar."},
		Action:  fmt.Sprintf("%s/delegates/%d/travel/%d/delete", back, d.ID, seg.ID), Button: "Yes, remove the flight", Back: back})
}

// ConfirmMyTravelDelete asks before a delegate removes one of their own flights.
func (h *Handler) ConfirmMyTravelDelete(c *fiber.Ctx) error {
	seg, err := h.ownSegment(c)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("%s %s from %s to %s", seg.Carrier, seg.Number, seg.From, seg.To)
	return h.confirm(c, Confirmation{Caption: "Your flights",
		Heading: "Are you sure you want to remove " + what + "?",
		Detail:  []string{"It will no longer appear on your itinerary or calendar."},
		Action:  fmt.Sprintf("/my/travel/%d/delete", seg.ID), Button: "Yes, remove the flight", Back: "/my/travel"})
}

// ConfirmRevokeCalendarFeed asks before a calendar link stops working.
func (h *Handler) ConfirmRevokeCalendarFeed(c *fiber.Ctx) error {
	mid, rid, err := itinIDs(c)
	if err != nil {
		return err
	}
	fid, err := idParam(c, "fid")
	if err != nil {
		return err
	}
	r, err := h.Store.AccessRegistration(c.UserContext(), mid, rid)
	if err != nil {
		return err
	}
	feeds, err := h.Store.CalendarFeeds(c.UserContext(), rid)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(feeds, func(f models.CalendarFeed) bool { return f.ID == fid })
	if i < 0 {
		return fiber.ErrNotFound
	}
	who := "the whole of " + r.Firm.CompanyName
	if d := feeds[i].DelegateID; d != nil {
		del, err := h.Store.Delegate(c.UserContext(), *d)
		if err != nil {
			return err
		}
		who = del.FullName
	}
	back := fmt.Sprintf("/missions/%d/registrations/%d/itinerary", mid, rid)
	return h.confirm(c, Confirmation{Caption: r.Firm.CompanyName,
		Heading: "Are you sure you want to revoke the calendar link for " + who + "?",
		Detail: []string{"Calendars subscribed to it stop receiving changes, and the address stops working for good.",
			"You can create a new link afterwards; it will have a different address."},
		Action: fmt.Sprintf("%s/feeds/%d/revoke", fmt.Sprintf("/missions/%d/registrations/%d", mid, rid), fid),
		Button: "Yes, revoke the link", Back: back + "#feeds"})
}

// ConfirmDeleteLocation asks before a location is removed.
func (h *Handler) ConfirmDeleteLocation(c *fiber.Ctx) error {
	m, l, err := h.location(c)
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/missions/%d/locations", m.ID)
	use, err := h.Store.LocationUses(c.UserContext(), m.ID, l.ID)
	if err != nil {
		return err
	}
	if len(use.Meetings) > 0 || len(use.Programme) > 0 {
		// Removing it would be refused: say so now, and list what holds it, rather than ask first.
		cf := Confirmation{Caption: m.Name, Blocked: true, Back: back,
			Heading: fmt.Sprintf("%s, %s cannot be removed yet", l.Name, l.City),
			Detail:  []string{"Scheduled meetings or programme items take place there. Move them to another location, or cancel them, and then remove it."}}
		if n := len(use.Meetings); n > 0 {
			cf.Meetings = affectedViews(m, use.Meetings)
			cf.MeetingsHeading = fmt.Sprintf("%d scheduled %s there", n, plural(n, "meeting is", "meetings are"))
		}
		for _, p := range use.Programme {
			when, _ := spanLabels(m, models.Interval{Start: p.StartsAt, End: p.EndsAt})
			cf.Programme = append(cf.Programme, programmeUse{Title: p.Title, When: when, Href: fmt.Sprintf("/missions/%d/programme/%d/edit", m.ID, p.ID)})
		}
		return h.confirm(c, cf)
	}
	return h.confirm(c, Confirmation{Caption: m.Name,
		Heading: fmt.Sprintf("Are you sure you want to remove %s, %s?", l.Name, l.City),
		Detail:  []string{"Meeting requests that named it will name no place: when booked, they are held at the contact's office unless you choose another."},
		Action:  fmt.Sprintf("/missions/%d/locations/%d/delete", m.ID, l.ID), Button: "Yes, remove " + l.Name, Back: back})
}

// ConfirmDeleteTravelTime asks before a travel time between two cities is removed.
func (h *Handler) ConfirmDeleteTravelTime(c *fiber.Ctx) error {
	m, id, err := h.missionAndID(c, "tid")
	if err != nil {
		return err
	}
	times, err := h.Store.TravelTimes(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(times, func(t models.MissionTravelTime) bool { return t.ID == id })
	if i < 0 {
		return fiber.ErrNotFound
	}
	tt := times[i]
	cf := Confirmation{Caption: m.Name,
		Heading: fmt.Sprintf("Are you sure you want to remove the travel time between %s and %s?", tt.CityA, tt.CityB),
		Detail:  []string{fmt.Sprintf("It is %d minutes now. Without it, the default of %d minutes between cities applies.", tt.Minutes, m.DefaultTravelMinutes)},
		Action:  fmt.Sprintf("/missions/%d/travel-times/%d/delete", m.ID, tt.ID), Hidden: map[string]string{}, Button: "Yes, remove the travel time",
		Back: fmt.Sprintf("/missions/%d/locations", m.ID)}
	// Meetings that then leave too little time to travel return to requests: listed here, so this is
	// the only question asked.
	affected, err := h.Store.TravelTimeRemovalBreaks(c.UserContext(), m.ID, tt.ID)
	if err != nil {
		return err
	}
	if len(affected) > 0 {
		cf.Detail = append(cf.Detail, "These meetings would then leave too little time to travel between them, so they return to the meeting requests (without a time) for you or the scheduler to place again.")
	}
	cf.breaks(m, affected, false)
	return h.confirm(c, cf)
}

// ConfirmDeleteProgrammeItem asks before a programme item is removed.
func (h *Handler) ConfirmDeleteProgrammeItem(c *fiber.Ctx) error {
	m, p, err := h.programmeItem(c)
	if err != nil {
		return err
	}
	when := models.FormatDay(p.StartsAt, m.Zone()) + " " + models.FormatClock(p.StartsAt, m.Zone())
	return h.confirm(c, Confirmation{Caption: m.Name,
		Heading: fmt.Sprintf("Are you sure you want to remove %q from the programme?", p.Title),
		Detail:  []string{fmt.Sprintf("%s (%s) will disappear from every firm's itinerary and calendar.", p.Title, when)},
		Action:  fmt.Sprintf("/missions/%d/programme/%d/delete", m.ID, p.ID), Button: "Yes, remove it",
		Back: fmt.Sprintf("/missions/%d/programme/%d/edit", m.ID, p.ID)})
}

// ConfirmCancelMeeting asks before a meeting is cancelled.
func (h *Handler) ConfirmCancelMeeting(c *fiber.Ctx) error {
	m, mt, err := h.meeting(c)
	if err != nil {
		return err
	}
	r, err := h.Store.AccessRegistration(c.UserContext(), m.ID, mt.RegistrationID)
	if err != nil {
		return err
	}
	ct, err := h.Store.Contact(c.UserContext(), mt.ContactID)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("the meeting between %s and %s", r.Firm.CompanyName, ct.FullName)
	if mt.StartsAt != nil {
		what += " on " + models.FormatDay(*mt.StartsAt, m.Zone()) + " at " + models.FormatClock(*mt.StartsAt, m.Zone())
	}
	back := fmt.Sprintf("/missions/%d/meetings/%d", m.ID, mt.ID)
	return h.confirm(c, Confirmation{Caption: m.Name,
		Heading: "Are you sure you want to cancel " + what + "?",
		Detail:  []string{"It leaves the firm's itinerary, and calendars that subscribe to it show it as cancelled."},
		Action:  back + "/cancel", Button: "Yes, cancel the meeting", Back: back})
}

// ConfirmArchiveContact asks before a contact is archived.
func (h *Handler) ConfirmArchiveContact(c *fiber.Ctx) error {
	id, err := idParam(c, "cid")
	if err != nil {
		return err
	}
	ct, err := h.Store.Contact(c.UserContext(), id)
	if err != nil {
		return err
	}
	if ct.ArchivedAt != nil {
		return c.Redirect(fmt.Sprintf("/contacts/%d", ct.ID), fiber.StatusSeeOther)
	}
	name := ct.FullName
	if ct.Organisation != "" {
		name += " (" + ct.Organisation + ")"
	}
	return h.confirm(c, Confirmation{Caption: "Contacts",
		Heading: "Are you sure you want to archive " + name + "?",
		Detail:  []string{"Archived contacts leave the directory and cannot be offered for new meetings. Their past meetings stay, and you can restore them from the archived contacts."},
		Action:  fmt.Sprintf("/contacts/%d/archive", ct.ID), Button: "Yes, archive " + ct.FullName, Back: fmt.Sprintf("/contacts/%d", ct.ID)})
}

// ConfirmCloseFollowUpRound asks before a survey round is closed: its links then stop taking answers
// for good.
func (h *Handler) ConfirmCloseFollowUpRound(c *fiber.Ctx) error {
	m, id, err := h.missionAndID(c, "roundid")
	if err != nil {
		return err
	}
	rounds, err := h.Store.MissionFollowUps(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rounds, func(r models.FollowUpRoundView) bool { return r.ID == id })
	back := fmt.Sprintf("/missions/%d/follow-ups", m.ID)
	if i < 0 {
		return fiber.ErrNotFound
	}
	r := rounds[i]
	if r.ClosedAt != nil {
		return c.Redirect(back, fiber.StatusSeeOther)
	}
	waiting := len(r.Links) - r.Answered
	return h.confirm(c, Confirmation{Caption: m.Name,
		Heading: fmt.Sprintf("Are you sure you want to close the %d-month follow-up round?", r.Months),
		Detail: []string{fmt.Sprintf("%d of %d %s answered. The survey links stop taking answers, and %d %s not answered yet cannot answer later.",
			r.Answered, len(r.Links), plural(len(r.Links), "firm has", "firms have"), waiting, plural(waiting, "firm that has", "firms that have"))},
		Action: fmt.Sprintf("/missions/%d/follow-ups/rounds/%d/close", m.ID, r.ID), Button: "Yes, close the round", Back: back + fmt.Sprintf("#round-%d", r.ID)})
}
