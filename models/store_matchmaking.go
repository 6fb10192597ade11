package models

import (
	"context"
	"fmt"
)

// SuggestionRow is a suggested contact with the reasons.
type SuggestionRow struct {
	Suggestion
	Contact Contact
	Note    string // e.g. an earlier meeting between the firm and the contact was cancelled
}

// Suggestions ranks the directory's current contacts for a registration of the mission (at most
// limit; all when limit <= 0), leaving out contacts it already meets or has asked to meet.
func (s *Store) Suggestions(ctx context.Context, m *Mission, reg *Registration, limit int) ([]SuggestionRow, error) {
	contacts, err := s.ActiveContacts(ctx)
	if err != nil {
		return nil, err
	}
	var avail []ContactAvailability
	if err := s.DB(ctx).Where("mission_id = ?", m.ID).Find(&avail).Error; err != nil {
		return nil, fmt.Errorf("store: load availability: %w", err)
	}
	byContact := map[uint][]Interval{}
	for _, a := range avail {
		byContact[a.ContactID] = append(byContact[a.ContactID], Interval{a.StartsAt, a.EndsAt})
	}
	var already []uint
	if err := s.DB(ctx).Model(&Meeting{}).Where("registration_id = ? AND status IN ('requested', 'scheduled')", reg.ID).Pluck("contact_id", &already).Error; err != nil {
		return nil, fmt.Errorf("store: load meetings of registration %d: %w", reg.ID, err)
	}
	skip := map[uint]bool{}
	for _, id := range already {
		skip[id] = true
	}
	working := MergeIntervals(WorkingWindows(m.Zone(), m.StartDate.Time, m.EndDate.Time, m.DayStarts, m.DayEnds))
	total := 0
	for _, w := range working {
		total += int(w.Duration().Minutes())
	}
	mc := make([]MatchContact, len(contacts))
	byID := map[uint]Contact{}
	for i, c := range contacts {
		byID[c.ID] = c
		minutes := total
		if windows, ok := byContact[c.ID]; ok {
			minutes = overlapMinutes(MergeIntervals(windows), working)
		}
		mc[i] = MatchContact{ContactID: c.ID, Name: c.FullName, Organisation: c.Organisation, Sector: c.Sector, OrganisationType: c.OrganisationType, AvailableMinutes: minutes}
	}
	f := MatchFirm{RegistrationID: reg.ID, TargetSectors: reg.TargetSectors, WantsToMeet: reg.WantsToMeet}
	if reg.Firm != nil {
		f.Sector = reg.Firm.Sector
	}
	// A contact whose meeting with the firm was cancelled or declined may be suggested again, but
	// staff should know before asking twice.
	var ended []Meeting
	if err := s.DB(ctx).Select("contact_id", "status", "starts_at").Where("registration_id = ? AND status IN ('cancelled', 'declined')", reg.ID).
		Order("id").Find(&ended).Error; err != nil {
		return nil, fmt.Errorf("store: load ended meetings of registration %d: %w", reg.ID, err)
	}
	notes := map[uint]string{}
	for _, mt := range ended {
		note := "A meeting between the firm and this contact was " + mt.Status
		if mt.StartsAt != nil {
			note += " (it was due " + FormatDay(*mt.StartsAt, m.Zone()) + " " + FormatClock(*mt.StartsAt, m.Zone()) + ")"
		}
		notes[mt.ContactID] = note
	}
	var out []SuggestionRow
	for _, sg := range SuggestContacts(f, mc, skip, limit) {
		out = append(out, SuggestionRow{Suggestion: sg, Contact: byID[sg.ContactID], Note: notes[sg.ContactID]})
	}
	return out, nil
}

// overlapMinutes is the time two sorted, merged interval lists share.
func overlapMinutes(a, b []Interval) int {
	var d float64
	for _, x := range a {
		for _, y := range b {
			s, e := x.Start, x.End
			if y.Start.After(s) {
				s = y.Start
			}
			if y.End.Before(e) {
				e = y.End
			}
			if e.After(s) {
				d += e.Sub(s).Minutes()
			}
		}
	}
	return int(d)
}
