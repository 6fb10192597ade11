package models

// ClashDetail is the meeting or programme item a booking clashes with, as the box beside a refused
// booking shows it: the message says what rule breaks, this says with what.
type ClashDetail struct {
	MeetingID uint // 0 for a programme item
	Label     string
	When      string // "Fri 12 Mar 09:00–09:45" in the mission's zone
	Where     string
}

// ClashDetails describes the other side of each clash that has one, once each.
func (b *MissionBook) ClashDetails(clashes []Clash) []ClashDetail {
	zone := b.Mission.Zone()
	span := func(iv Interval) string {
		return FormatDay(iv.Start, zone) + " " + FormatClock(iv.Start, zone) + "–" + FormatClock(iv.End, zone)
	}
	type key struct {
		id        uint
		programme bool
	}
	seen := map[key]bool{}
	var out []ClashDetail
	for _, c := range clashes {
		k := key{c.OtherID, c.OtherIsProgramme}
		if c.OtherID == 0 || seen[k] {
			continue
		}
		seen[k] = true
		if c.OtherIsProgramme {
			for _, p := range b.Programme {
				if p.ID == c.OtherID {
					out = append(out, ClashDetail{Label: p.Title, When: span(Interval{p.StartsAt, p.EndsAt}), Where: b.PlaceOf(p.LocationID, 0).gridLabel()})
				}
			}
			continue
		}
		for i := range b.Meetings {
			mt := &b.Meetings[i]
			if mt.ID == c.OtherID && mt.StartsAt != nil && mt.EndsAt != nil {
				bk := b.BookingOf(mt)
				out = append(out, ClashDetail{MeetingID: mt.ID, Label: bk.Label, When: span(bk.Span), Where: bk.Place.gridLabel()})
			}
		}
	}
	return out
}
