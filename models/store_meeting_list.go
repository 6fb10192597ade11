package models

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// MeetingListPerPage is the most meetings one page of the meetings list shows.
const MeetingListPerPage = 100

// ContactPickerMax is the most contacts the meetings list offers in a drop-down; a mission with more
// is filtered by typing part of a contact's name instead.
const ContactPickerMax = 200

// MeetingList is one page of a mission's meetings list, with what its pickers offer.
type MeetingList struct {
	Book      *MissionBook // the registrations, contacts, places and delegates the rows name
	Rows      []MeetingRow
	Total     int64     // meetings matching the filter (on every page)
	Day       Date      // the day shown when the list fell back to the first day with meetings
	Defaulted bool      // the whole list is longer than a page, so it shows the first day with meetings
	Contacts  []Contact // every contact of the mission's meetings and places, by name, for the picker (none past ContactPickerMax)
	Page      Page
}

// ListMeetings lists one page (of MeetingListPerPage) of m's meetings matching f, ordered for grouping
// by day (requests last), firm or contact. When no day is chosen and all days are asked for only by
// default (every false), a list longer than a page falls back to the first day with meetings. It reads
// only the page's rows and the names they show, whatever the mission's size.
func (s *Store) ListMeetings(ctx context.Context, m *Mission, f MeetingFilter, every bool, by string, page int) (*MeetingList, error) {
	l := &MeetingList{Page: Page{Page: page, PerPage: MeetingListPerPage}.Normalise()}
	db := s.DB(ctx)
	where := func(f MeetingFilter) *gorm.DB { return meetingQuery(db, m, f) }
	if err := where(f).Count(&l.Total).Error; err != nil {
		return nil, fmt.Errorf("store: count meetings of mission %d: %w", m.ID, err)
	}
	if f.Day.IsZero() && !every && l.Total > int64(l.Page.PerPage) {
		var first []time.Time
		if err := where(f).Where("meetings.starts_at IS NOT NULL").Order("meetings.starts_at").Limit(1).Pluck("meetings.starts_at", &first).Error; err != nil {
			return nil, fmt.Errorf("store: first day of mission %d's meetings: %w", m.ID, err)
		}
		if len(first) == 1 {
			f.Day, l.Defaulted = DateIn(first[0], m.Zone()), true
			l.Day = f.Day
			if err := where(f).Count(&l.Total).Error; err != nil {
				return nil, fmt.Errorf("store: count meetings of mission %d: %w", m.ID, err)
			}
		}
	}
	q := where(f).Select("meetings.*")
	switch by {
	case "firm":
		q = q.Joins("JOIN registrations ON registrations.id = meetings.registration_id JOIN firms ON firms.id = registrations.firm_id").
			Order("firms.company_name, meetings.registration_id")
	case "contact":
		q = q.Joins("JOIN contacts ON contacts.id = meetings.contact_id").Order("contacts.full_name, contacts.organisation, meetings.contact_id")
	}
	var meetings []Meeting
	if err := q.Order("meetings.starts_at IS NULL, meetings.starts_at, meetings.id").Limit(l.Page.PerPage).Offset(l.Page.Offset()).Find(&meetings).Error; err != nil {
		return nil, fmt.Errorf("store: list meetings of mission %d: %w", m.ID, err)
	}
	// The contact picker (the contacts of the mission's meetings and places, as the whole book has them),
	// whose names serve the rows too; past ContactPickerMax only the rows' contacts are read.
	pickable := db.Model(&Contact{}).Select("id, full_name, organisation, city").
		Where("id IN (SELECT contact_id FROM meetings WHERE mission_id = ?) OR id IN (SELECT contact_id FROM locations WHERE mission_id = ? AND contact_id IS NOT NULL)", m.ID, m.ID)
	var pickers int64
	if err := pickable.Count(&pickers).Error; err != nil {
		return nil, fmt.Errorf("store: count contacts of mission %d: %w", m.ID, err)
	}
	if pickers <= ContactPickerMax {
		if err := pickable.Find(&l.Contacts).Error; err != nil {
			return nil, fmt.Errorf("store: contacts of mission %d: %w", m.ID, err)
		}
	}
	names := l.Contacts
	if pickers > ContactPickerMax {
		ids := make([]uint, 0, len(meetings))
		for _, mt := range meetings {
			ids = append(ids, mt.ContactID)
		}
		names = nil
		if err := db.Select("id, full_name, organisation, city").Where("id IN ?", append(uniqueIDs(ids), 0)).Find(&names).Error; err != nil {
			return nil, fmt.Errorf("store: contacts of meetings: %w", err)
		}
	}
	sort.Slice(l.Contacts, func(i, j int) bool {
		if l.Contacts[i].FullName != l.Contacts[j].FullName {
			return l.Contacts[i].FullName < l.Contacts[j].FullName
		}
		return l.Contacts[i].ID < l.Contacts[j].ID
	})
	if err := s.fillMeetingDelegates(ctx, meetings); err != nil {
		return nil, err
	}
	b, err := s.namesForMeetings(ctx, m, meetings, names)
	if err != nil {
		return nil, err
	}
	l.Book = b
	for _, mt := range meetings {
		l.Rows = append(l.Rows, b.Row(mt))
	}
	return l, nil
}

// meetingQuery selects m's meetings matching f.
func meetingQuery(db *gorm.DB, m *Mission, f MeetingFilter) *gorm.DB {
	q := db.Model(&Meeting{}).Where("meetings.mission_id = ?", m.ID)
	if f.RegistrationID != 0 {
		q = q.Where("meetings.registration_id = ?", f.RegistrationID)
	}
	if f.ContactID != 0 {
		q = q.Where("meetings.contact_id = ?", f.ContactID)
	}
	if f.Status != "" {
		q = q.Where("meetings.status = ?", f.Status)
	}
	if name := strings.ToLower(strings.TrimSpace(f.ContactName)); name != "" {
		like := "%" + likeEscape(name) + "%"
		q = q.Where("meetings.contact_id IN (SELECT id FROM contacts WHERE LOWER(full_name) LIKE ? ESCAPE '\\' OR LOWER(organisation) LIKE ? ESCAPE '\\')", like, like)
	}
	if !f.Day.IsZero() {
		from := time.Date(f.Day.Year(), f.Day.Month(), f.Day.Day(), 0, 0, 0, 0, m.Zone())
		q = q.Where("meetings.starts_at >= ? AND meetings.starts_at < ?", from.UTC(), from.AddDate(0, 0, 1).UTC())
	}
	return q
}

// MeetingsPage is one page of m's meetings matching f, in time order (requests last), with their
// delegates, and how many match in all.
func (s *Store) MeetingsPage(ctx context.Context, m *Mission, f MeetingFilter, p Page) ([]Meeting, int64, error) {
	p = p.Normalise()
	var total int64
	if err := meetingQuery(s.DB(ctx), m, f).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count meetings of mission %d: %w", m.ID, err)
	}
	var out []Meeting
	if err := meetingQuery(s.DB(ctx), m, f).Order("meetings.starts_at IS NULL, meetings.starts_at, meetings.id").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list meetings of mission %d: %w", m.ID, err)
	}
	return out, total, s.fillMeetingDelegates(ctx, out)
}

// namesForMeetings is a book holding what rows of meetings name: every registration of the mission with
// its firm's name (in RegOrder, for the firm picker), and the contacts, places and delegates of those
// meetings (the contacts' names taken from contacts).
func (s *Store) namesForMeetings(ctx context.Context, m *Mission, meetings []Meeting, contacts []Contact) (*MissionBook, error) {
	b := &MissionBook{Mission: m, Registrations: map[uint]*Registration{}, Delegates: map[uint]*Delegate{}, Contacts: map[uint]*Contact{},
		Locations: map[uint]*Location{}, ContactOffice: map[uint]uint{}, Availability: map[uint][]Interval{}}
	db := s.DB(ctx)
	var regs []struct {
		ID          uint
		Status      string
		CompanyName string
	}
	if err := db.Table("registrations").Select("registrations.id, registrations.status, firms.company_name").
		Joins("JOIN firms ON firms.id = registrations.firm_id").Where("registrations.mission_id = ?", m.ID).
		Order("LOWER(firms.company_name), registrations.id").Scan(&regs).Error; err != nil {
		return nil, fmt.Errorf("store: registrations of mission %d: %w", m.ID, err)
	}
	for _, r := range regs {
		b.Registrations[r.ID] = &Registration{ID: r.ID, MissionID: m.ID, Status: r.Status, Firm: &Firm{CompanyName: r.CompanyName}}
		b.RegOrder = append(b.RegOrder, r.ID)
	}
	if len(meetings) == 0 {
		return b, nil
	}
	var contactIDs, locationIDs, delegateIDs []uint
	for _, mt := range meetings {
		contactIDs = append(contactIDs, mt.ContactID)
		if mt.LocationID != nil {
			locationIDs = append(locationIDs, *mt.LocationID)
		}
		delegateIDs = append(delegateIDs, mt.DelegateIDs...)
	}
	contactIDs = uniqueIDs(contactIDs)
	for i := range contacts {
		b.Contacts[contacts[i].ID] = &contacts[i]
	}
	if err := db.Where("mission_id = ? AND (id IN ? OR contact_id IN ?)", m.ID, append(uniqueIDs(locationIDs), 0), contactIDs).
		Find(&b.LocationList).Error; err != nil {
		return nil, fmt.Errorf("store: places of meetings: %w", err)
	}
	b.indexLocations()
	if delegateIDs = uniqueIDs(delegateIDs); len(delegateIDs) > 0 {
		var dels []Delegate
		if err := db.Where("id IN ?", delegateIDs).Find(&dels).Error; err != nil {
			return nil, fmt.Errorf("store: delegates of meetings: %w", err)
		}
		for i := range dels {
			b.Delegates[dels[i].ID] = &dels[i]
		}
	}
	return b, nil
}
