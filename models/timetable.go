package models

import (
	"fmt"
	"sort"
)

// Timetable is a mission's whole timetable as the clash rules see it: the booking context (hours,
// availability, every scheduled meeting, the programme, travel) and which of the scheduled meetings
// are the mission's own (the context also holds its contacts' meetings on other missions).
type Timetable struct {
	Context  BookingContext
	Meetings []Booking // the mission's scheduled meetings
	FirstDay Date      // the mission's days, for programme items
	LastDay  Date
}

// Breach is a scheduled meeting or a programme item that breaks a rule of the timetable.
type Breach struct {
	MeetingID       uint // 0 for a programme item
	ProgrammeItemID uint // 0 for a meeting
	RegistrationID  uint // the meeting's firm
	Label           string
	Span            Interval
	Clashes         []Clash
}

// Messages are the breach's reasons, for people.
func (b Breach) Messages() []string {
	out := make([]string, len(b.Clashes))
	for i, c := range b.Clashes {
		out[i] = c.Message
	}
	return out
}

// CheckTimetable checks every scheduled meeting of the timetable with CheckBooking, the rule function
// booking uses, against the meetings and programme items it could clash with (same firm, contact or
// delegate), and every programme item against the mission's days. Checking each meeting against its
// neighbours only, found through indexes, keeps a mission of thousands of meetings well under a second.
// Breaches come in time order.
func CheckTimetable(tt Timetable) []Breach {
	bc := tt.Context
	bc.Working = MergeIntervals(bc.Working)
	byReg, byContact, byDelegate := map[uint][]int{}, map[uint][]int{}, map[uint][]int{}
	for i, o := range bc.Existing {
		if o.RegistrationID != 0 {
			byReg[o.RegistrationID] = append(byReg[o.RegistrationID], i)
		}
		byContact[o.ContactID] = append(byContact[o.ContactID], i)
		for _, d := range o.DelegateIDs {
			byDelegate[d] = append(byDelegate[d], i)
		}
	}
	var out []Breach
	mark := make([]int, len(bc.Existing))
	sub := bc
	sub.Existing = nil
	for n, b := range tt.Meetings {
		stamp := n + 1
		sub.Existing = sub.Existing[:0] // CheckBooking keeps nothing, so the buffer is reused
		add := func(idx []int) {
			for _, i := range idx {
				if mark[i] != stamp {
					mark[i] = stamp
					sub.Existing = append(sub.Existing, bc.Existing[i])
				}
			}
		}
		add(byReg[b.RegistrationID])
		add(byContact[b.ContactID])
		for _, d := range b.DelegateIDs {
			add(byDelegate[d])
		}
		if clashes := CheckBooking(sub, b); len(clashes) > 0 {
			out = append(out, Breach{MeetingID: b.ID, RegistrationID: b.RegistrationID, Label: b.Label, Span: b.Span, Clashes: clashes})
		}
	}
	for _, p := range bc.Programme {
		var clashes []Clash
		if !p.Span.End.After(p.Span.Start) {
			clashes = append(clashes, Clash{Kind: ClashInvalid, Message: p.Title + " must end after it starts"})
		} else if d := DateIn(p.Span.Start, bc.Zone); !tt.FirstDay.IsZero() && (d.Before(tt.FirstDay.Time) || d.After(tt.LastDay.Time)) {
			clashes = append(clashes, Clash{Kind: ClashHours, Message: fmt.Sprintf("%s, %s, is not on one of the mission's days (%s to %s)",
				p.Title, FormatSpan(p.Span, bc.Zone), tt.FirstDay.Label(), tt.LastDay.Label())})
		}
		if len(clashes) > 0 {
			out = append(out, Breach{ProgrammeItemID: p.ID, Label: p.Title, Span: p.Span, Clashes: clashes})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Span.Start.Equal(out[j].Span.Start) {
			return out[i].Span.Start.Before(out[j].Span.Start)
		}
		return out[i].MeetingID < out[j].MeetingID
	})
	return out
}

// clashKey identifies a broken rule independently of how its message is worded.
type clashKey struct {
	kind      ClashKind
	other     uint
	programme bool
}

// NewlyBroken returns the meetings' breaches in after that break a rule they did not break in before:
// what a change would break, leaving aside what was already broken. Programme items are left out
// (the change itself is what staff are shown).
func NewlyBroken(before, after []Breach) []Breach {
	had := map[uint]map[clashKey]bool{}
	for _, b := range before {
		if b.MeetingID == 0 {
			continue
		}
		keys := map[clashKey]bool{}
		for _, c := range b.Clashes {
			keys[clashKey{c.Kind, c.OtherID, c.OtherIsProgramme}] = true
		}
		had[b.MeetingID] = keys
	}
	var out []Breach
	for _, b := range after {
		if b.MeetingID == 0 {
			continue
		}
		for _, c := range b.Clashes {
			if !had[b.MeetingID][clashKey{c.Kind, c.OtherID, c.OtherIsProgramme}] {
				out = append(out, b)
				break
			}
		}
	}
	return out
}
