package models

import (
	"fmt"
	"slices"
	"time"
)

// neighbour is something a person is busy with, for the travel rule.
type neighbour struct {
	id        uint
	programme bool
	label     string
	span      Interval
	place     Place
}

// CheckBooking returns every rule b breaks; an empty result means b can be booked. Existing
// bookings with b's ID are ignored, so a meeting can be checked at a new time.
func CheckBooking(bc BookingContext, b Booking) []Clash {
	zone := bc.Zone
	if !b.Span.End.After(b.Span.Start) {
		return []Clash{{Kind: ClashInvalid, Message: "The meeting must end after it starts"}}
	}
	firm, contact := b.FirmName, b.ContactName
	if firm == "" {
		firm = "The firm"
	}
	if contact == "" {
		contact = "The contact"
	}
	when := FormatSpan(b.Span, zone)
	var out []Clash

	if len(bc.Working) > 0 && !withinAny(MergeIntervals(bc.Working), b.Span) {
		out = append(out, Clash{Kind: ClashHours,
			Message: fmt.Sprintf("%s is outside the mission's working hours", when)})
	}
	if avail, ok := bc.ContactAvailability[b.ContactID]; ok && !withinAny(MergeIntervals(avail), b.Span) {
		out = append(out, Clash{Kind: ClashAvailability,
			Message: fmt.Sprintf("%s is not available %s", contact, when)})
	}

	var firmItems, contactItems []neighbour
	delegateItems := make([][]neighbour, len(b.DelegateIDs))
	for _, o := range bc.Existing {
		if o.ID == b.ID && b.ID != 0 || !o.Span.End.After(o.Span.Start) {
			continue
		}
		n := neighbour{id: o.ID, label: o.Label, span: o.Span, place: o.Place}
		overlap := o.Span.Overlaps(b.Span)
		if o.RegistrationID == b.RegistrationID {
			firmItems = append(firmItems, n)
			if overlap {
				out = append(out, Clash{Kind: ClashFirm, OtherID: o.ID,
					Message: fmt.Sprintf("%s already has a meeting then: %s, %s", firm, o.Label, FormatSpan(o.Span, zone))})
			}
		}
		if o.ContactID == b.ContactID {
			contactItems = append(contactItems, n)
			if overlap {
				out = append(out, Clash{Kind: ClashContact, OtherID: o.ID,
					Message: fmt.Sprintf("%s already has a meeting then: %s, %s", contact, o.Label, FormatSpan(o.Span, zone))})
			}
		}
		for i, d := range b.DelegateIDs {
			if slices.Contains(o.DelegateIDs, d) {
				delegateItems[i] = append(delegateItems[i], n)
				if overlap {
					out = append(out, Clash{Kind: ClashDelegate, OtherID: o.ID,
						Message: fmt.Sprintf("A delegate of this meeting is already in another one then: %s, %s", o.Label, FormatSpan(o.Span, zone))})
				}
			}
		}
	}
	for _, p := range bc.Programme {
		if !p.AttendedBy(b.RegistrationID) || !p.Span.End.After(p.Span.Start) {
			continue
		}
		n := neighbour{id: p.ID, programme: true, label: p.Title, span: p.Span, place: p.Place}
		firmItems = append(firmItems, n)
		for i := range delegateItems {
			delegateItems[i] = append(delegateItems[i], n)
		}
		if p.Span.Overlaps(b.Span) {
			out = append(out, Clash{Kind: ClashProgramme, OtherID: p.ID, OtherIsProgramme: true,
				Message: fmt.Sprintf("%s is due at %s then, %s", firm, p.Title, FormatSpan(p.Span, zone))})
		}
	}

	out = append(out, hotelClashes(bc, b, firmItems)...)

	type seenKey struct {
		id        uint
		programme bool
	}
	seen := map[seenKey]bool{}
	report := func(items []neighbour) {
		for _, tc := range travelClashes(bc.Travel, b, items) {
			k := seenKey{tc.n.id, tc.n.programme}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, Clash{Kind: ClashTravel, OtherID: tc.n.id, OtherIsProgramme: tc.n.programme, Message: tc.message(b, zone)})
		}
	}
	report(firmItems)
	for _, items := range delegateItems {
		report(items)
	}
	report(contactItems)
	return out
}

type travelClash struct {
	n      neighbour
	before bool // n comes before b
	need   time.Duration
	gap    time.Duration
}

func (tc travelClash) message(b Booking, zone *time.Location) string {
	from, to := tc.n.place, b.Place
	if !tc.before {
		from, to = to, from
	}
	return fmt.Sprintf("Not enough time to travel from %s to %s around %s (%s): %s needed, %s left",
		from.describe(), to.describe(), tc.n.label, FormatSpan(tc.n.span, zone), FormatMinutes(tc.need), FormatMinutes(tc.gap))
}

// travelClashes checks b against the item(s) just before it and just after it in items
// (the latest to end no later than b starts, the earliest to start no earlier than b ends).
func travelClashes(rules TravelRules, b Booking, items []neighbour) []travelClash {
	var prevEnd, nextStart time.Time
	hasPrev, hasNext := false, false
	for _, n := range items {
		if !n.span.End.After(b.Span.Start) && (!hasPrev || n.span.End.After(prevEnd)) {
			prevEnd, hasPrev = n.span.End, true
		}
		if !n.span.Start.Before(b.Span.End) && (!hasNext || n.span.Start.Before(nextStart)) {
			nextStart, hasNext = n.span.Start, true
		}
	}
	var out []travelClash
	for _, n := range items {
		if hasPrev && n.span.End.Equal(prevEnd) {
			need, gap := rules.Travel(n.place, b.Place), b.Span.Start.Sub(n.span.End)
			if gap < need {
				out = append(out, travelClash{n: n, before: true, need: need, gap: gap})
			}
		}
		if hasNext && n.span.Start.Equal(nextStart) {
			need, gap := rules.Travel(b.Place, n.place), n.span.Start.Sub(b.Span.End)
			if gap < need {
				out = append(out, travelClash{n: n, need: need, gap: gap})
			}
		}
	}
	return out
}
