package notify_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// testNow is the clock of the app in these tests: a month before the mission.
var testNow = time.Date(2027, 2, 10, 12, 0, 0, 0, time.UTC)

// tradeMission is a mission 11–17 March 2027 in Chicago (the US clocks change on the 14th, the UK's
// not until the 28th) with firms of two delegates each and contacts free either on 11–12 or 15–16 March.
type tradeMission struct {
	M         *models.Mission
	Regs      []models.Registration
	Delegates [][]models.Delegate // by firm
	Contacts  []models.Contact
	Staff     *models.User
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func seedMission(t testing.TB, a *apptest.App, firms, contacts int) *tradeMission {
	t.Helper()
	ctx := context.Background()
	staff, _ := a.CreateUser("staff", "sam@agency.example")
	m := models.NewMission()
	m.Name, m.DestinationCity = "Birmingham to Chicago 2027", "Chicago"
	m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 3, 1)
	m.Status, m.MeetingMinutes, m.DayStarts, m.DayEnds, m.MaxFirms = "open", 45, "09:00", "17:30", 100
	must(t, a.Store.CreateMission(ctx, nil, &m))
	tm := &tradeMission{M: &m, Staff: staff}
	for i := range firms {
		f := models.Firm{CompanyName: fmt.Sprintf("Firm %02d Ltd", i+1), Postcode: "B1 1BB", Sector: "agri_food", ExportExperience: "some",
			ContactName: fmt.Sprintf("Pat %02d", i+1), ContactEmail: fmt.Sprintf("pat%02d@firm.example", i+1)}
		must(t, a.DB.Create(&f).Error)
		r := models.Registration{MissionID: m.ID, FirmID: f.ID, Status: "approved", StatusChangedAt: testNow}
		must(t, a.DB.Create(&r).Error)
		r.Firm = &f
		tm.Regs = append(tm.Regs, r)
		var ds []models.Delegate
		for j := range 2 {
			d := models.Delegate{RegistrationID: r.ID, MissionID: m.ID, FullName: fmt.Sprintf("Delegate %02d%c", i+1, 'A'+j), Email: fmt.Sprintf("d%02d%c@firm.example", i+1, 'a'+j)}
			must(t, a.DB.Create(&d).Error)
			ds = append(ds, d)
		}
		tm.Delegates = append(tm.Delegates, ds)
	}
	for i := range contacts {
		c := models.Contact{FullName: fmt.Sprintf("Contact %02d", i+1), Organisation: fmt.Sprintf("Org %02d Inc", i+1), OrganisationType: "buyer",
			Sector: "agri_food", City: "Chicago", State: "IL", Address: fmt.Sprintf("%d N State St", 100+i)}
		must(t, a.DB.Create(&c).Error)
		days := []string{"2027-03-11", "2027-03-12"}
		if i%2 == 1 {
			days = []string{"2027-03-15", "2027-03-16"}
		}
		var windows []models.Interval
		for _, d := range days {
			s, _ := models.LocalInstant(m.Zone(), d, "09:00")
			e, _ := models.LocalInstant(m.Zone(), d, "17:30")
			windows = append(windows, models.Interval{Start: s, End: e})
		}
		must(t, a.Store.SetContactAvailability(ctx, nil, &m, c.ID, windows))
		tm.Contacts = append(tm.Contacts, c)
	}
	return tm
}

// requestMeetings adds n requests: request i is firm i%firms with contact i%contacts, naming the
// firm's first delegate, its second, or (every third) nobody, which means the whole firm.
func (tm *tradeMission) requestMeetings(t testing.TB, a *apptest.App, n int) {
	t.Helper()
	for i := range n {
		f := i % len(tm.Regs)
		mt := models.Meeting{RegistrationID: tm.Regs[f].ID, ContactID: tm.Contacts[i%len(tm.Contacts)].ID, Status: "requested", Minutes: 45}
		if k := (i / len(tm.Regs)) % 3; k != 0 {
			mt.DelegateIDs = []uint{tm.Delegates[f][k-1].ID}
		}
		must(t, a.Store.SaveMeeting(context.Background(), nil, tm.M.ID, &mt))
	}
}

// expectedMeetings is, for each delegate's email, the ids of the scheduled meetings they attend, read
// straight from the database.
func (tm *tradeMission) expectedMeetings(t testing.TB, a *apptest.App) map[string]map[uint]models.Meeting {
	t.Helper()
	var meetings []models.Meeting
	must(t, a.DB.Where("mission_id = ? AND status = 'scheduled'", tm.M.ID).Find(&meetings).Error)
	var links []models.MeetingDelegate
	must(t, a.DB.Find(&links).Error)
	named := map[uint][]uint{}
	for _, l := range links {
		named[l.MeetingID] = append(named[l.MeetingID], l.DelegateID)
	}
	out := map[string]map[uint]models.Meeting{}
	for f, r := range tm.Regs {
		for _, d := range tm.Delegates[f] {
			out[d.Email] = map[uint]models.Meeting{}
			for _, mt := range meetings {
				if mt.RegistrationID != r.ID {
					continue
				}
				ids := named[mt.ID]
				attends := len(ids) == 0
				for _, id := range ids {
					attends = attends || id == d.ID
				}
				if attends {
					out[d.Email][mt.ID] = mt
				}
			}
		}
	}
	return out
}

func itoa(id uint) string { return fmt.Sprint(id) }
