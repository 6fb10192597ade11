package privacy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

const (
	janeEmail = "jane.example@example-widgets.co.uk"
	janeName  = "Jane Example"
	bobEmail  = "bob.other@other-firm.example"
	bobName   = "Bob Otherman"
)

var (
	chicagoZone, _ = time.LoadLocation("America/Chicago")
	// The mission ends on Wednesday 17 March 2027; everything is set up in January.
	setupNow = time.Date(2027, 1, 10, 12, 0, 0, 0, time.UTC)
)

func chicago(d, h, m int) time.Time { return time.Date(2027, 3, d, h, m, 0, 0, chicagoZone).UTC() }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// world is one mission with Jane Example in every table that can hold a person, and Bob Otherman, who
// must come through her erasure untouched.
type world struct {
	App                  *apptest.App
	Staff                *models.User
	Mission              models.Mission
	Reg                  models.Registration
	Jane, Bob            models.Delegate
	JaneUser             *models.User
	Segment, BobSegment  models.TravelSegment
	Contact, BobContact  models.Contact
	Location             models.Location
	Meeting, ContactMeet models.Meeting
	Invitation           *models.Invitation
	Feed                 *models.CalendarFeed
	Batch                *models.ImportBatch
	JaneBrowser          *apptest.Client
	JaneTokenID          uint
	Firm                 models.Firm
}

// newWorld builds the world through the store, as staff would (so the audit log holds its copies).
func newWorld(t *testing.T, db *gorm.DB) *world {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, db, setupNow)
	w := &world{App: a}
	w.Staff, _ = a.CreateUser("staff", "sam.staff@agency.example")
	s := a.Store

	w.Mission = models.NewMission()
	w.Mission.Name, w.Mission.DestinationCity, w.Mission.Status = "Chicago 2027", "Chicago", "open"
	w.Mission.StartDate, w.Mission.EndDate, w.Mission.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	must(t, s.CreateMission(ctx, w.Staff, &w.Mission))

	// Jane is her firm's contact, then one of its delegates, with a flight.
	firm := models.Firm{CompanyName: "Example Widgets Ltd", Postcode: "B1 1AA", Sector: "advanced_manufacturing", ExportExperience: "some",
		ContactName: janeName, ContactEmail: janeEmail, ContactPhone: "0121 496 0001"}
	w.Reg = models.Registration{Objectives: "Meet distributors"}
	must(t, s.RegisterFirm(ctx, w.Staff, &w.Mission, setupNow, 0, &firm, &w.Reg))
	must(t, db.First(&w.Firm, w.Reg.FirmID).Error)
	w.Jane = models.Delegate{FullName: janeName, JobTitle: "Export Director", Email: janeEmail, Phone: "07700 900001",
		DietaryRequirements: "Coeliac", AccessNeeds: "Step-free access"}
	w.Segment = models.TravelSegment{Direction: "outbound", Carrier: "EI", Number: "125", From: "DUB", To: "ORD",
		DepartsAt: time.Date(2027, 3, 10, 10, 30, 0, 0, time.UTC), ArrivesAt: chicago(10, 12, 45)}
	must(t, s.AddDelegate(ctx, w.Staff, w.Reg.ID, &w.Jane, []models.TravelSegment{w.Segment}))
	w.Bob = models.Delegate{FullName: bobName, JobTitle: "Sales Lead", Email: bobEmail, Phone: "07700 900002",
		DietaryRequirements: "Vegan", AccessNeeds: "Hearing loop"}
	w.BobSegment = models.TravelSegment{Direction: "outbound", Carrier: "KL", Number: "611", From: "AMS", To: "ORD",
		DepartsAt: time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC), ArrivesAt: chicago(10, 11, 0)}
	must(t, s.AddDelegate(ctx, w.Staff, w.Reg.ID, &w.Bob, []models.TravelSegment{w.BobSegment}))
	var segs []models.TravelSegment
	must(t, db.Where("delegate_id = ?", w.Jane.ID).Find(&segs).Error)
	w.Segment = segs[0]
	must(t, db.Where("delegate_id = ?", w.Bob.ID).First(&w.BobSegment).Error)

	// She is invited, accepts, signs in (a session), and has an API token and a calendar feed.
	token, inv, err := s.CreateInvitation(ctx, w.Staff, &w.Jane, setupNow)
	must(t, err)
	w.Invitation = inv
	w.JaneUser, err = s.AcceptInvitation(ctx, token, "a long enough password", "a long enough password", setupNow)
	must(t, err)
	w.JaneBrowser = a.Client()
	w.JaneBrowser.SignIn(janeEmail, "a long enough password")
	if _, err := s.CreateAPIToken(ctx, w.JaneUser.ID, "her script"); err != nil {
		t.Fatal(err)
	}
	must(t, db.Table("api_tokens").Where("user_id = ?", w.JaneUser.ID).Pluck("id", &w.JaneTokenID).Error)
	w.Feed, err = s.CreateCalendarFeed(ctx, w.Staff, w.Reg.ID, &w.Jane.ID, setupNow)
	must(t, err)

	// She is also in the contact directory (she invests on the side), with availability, a linked
	// location and a meeting booked with her; Bob is a contact too.
	w.Contact = models.Contact{FullName: janeName, Organisation: "Example Angels", OrganisationType: "investor", Email: janeEmail,
		Phone: "+1 312 555 0100", Address: "1 Example Way", City: "Chicago", State: "IL", Notes: "Met Jane Example at the 2026 reception"}
	must(t, s.CreateContact(ctx, w.Staff, &w.Contact))
	w.BobContact = models.Contact{FullName: bobName, Organisation: "Other Org", OrganisationType: "buyer", Email: bobEmail, City: "Chicago"}
	must(t, s.CreateContact(ctx, w.Staff, &w.BobContact))
	must(t, s.SetContactAvailability(ctx, w.Staff, &w.Mission, w.Contact.ID, []models.Interval{{Start: chicago(12, 9, 0), End: chicago(12, 17, 0)}}))
	w.Location = models.Location{MissionID: w.Mission.ID, Name: "Example Angels office", Address: "1 Example Way", City: "Chicago", ContactID: &w.Contact.ID}
	must(t, s.SaveLocation(ctx, w.Staff, &w.Location))

	// Jane attends a held meeting (its notes name her); another meeting is with her as the contact.
	start, end := chicago(12, 10, 0), chicago(12, 10, 45)
	w.Meeting = models.Meeting{MissionID: w.Mission.ID, RegistrationID: w.Reg.ID, ContactID: w.BobContact.ID, StartsAt: &start, EndsAt: &end,
		Minutes: 45, Status: "scheduled", Notes: "Jane Example brings samples", StaffNotes: "Ask " + janeEmail + " for the price list"}
	must(t, db.Create(&w.Meeting).Error)
	must(t, db.Create(&models.MeetingDelegate{MeetingID: w.Meeting.ID, DelegateID: w.Jane.ID}).Error)
	must(t, db.Create(&models.MeetingDelegate{MeetingID: w.Meeting.ID, DelegateID: w.Bob.ID}).Error)
	start2, end2 := chicago(12, 14, 0), chicago(12, 14, 45)
	w.ContactMeet = models.Meeting{MissionID: w.Mission.ID, RegistrationID: w.Reg.ID, ContactID: w.Contact.ID, StartsAt: &start2, EndsAt: &end2,
		Minutes: 45, Status: "scheduled", LocationID: &w.Location.ID}
	must(t, db.Create(&w.ContactMeet).Error)
	must(t, db.Create(&models.MeetingDelegate{MeetingID: w.ContactMeet.ID, DelegateID: w.Bob.ID}).Error)

	// A contacts spreadsheet uploaded with her row in it, waiting for its confirmation.
	w.Batch, err = s.SaveImportBatch(ctx, models.ImportKindContacts, 0, w.Staff, "contacts.xlsx", [][]string{
		{"full_name", "organisation", "email"}, {janeName, "Example Angels", janeEmail}, {bobName, "Other Org", bobEmail},
	}, setupNow)
	must(t, err)

	// A message to her waits in the outbox (issue 11's notifications), and one to Bob was sent.
	for _, n := range []struct {
		key, email, name string
		delegate         uint
		status           string
	}{{"privacy-test-1", janeEmail, janeName, w.Jane.ID, "queued"}, {"privacy-test-2", bobEmail, bobName, w.Bob.ID, "sent"}} {
		must(t, db.Exec(`INSERT INTO notifications (mission_id, kind, idempotency_key, recipient_email, recipient_name, delegate_id, registration_id,
subject, body_text, status, created_at, updated_at) VALUES (?, 'changes', ?, ?, ?, ?, ?, 'Your meetings', ?, ?, ?, ?)`,
			w.Mission.ID, n.key, n.email, n.name, n.delegate, w.Reg.ID, "Dear "+n.name+", your meetings changed.", n.status, setupNow, setupNow).Error)
	}
	return w
}

// figures are the mission's counts that erasure must not change.
func figures(t *testing.T, db *gorm.DB, missionID uint) string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT COUNT(*) FROM registrations WHERE mission_id = ?",
		"SELECT COUNT(*) FROM delegates WHERE mission_id = ?",
		"SELECT COUNT(*) FROM meetings WHERE mission_id = ? AND status = 'scheduled'",
		"SELECT COUNT(*) FROM meeting_delegates WHERE meeting_id IN (SELECT id FROM meetings WHERE mission_id = ?)",
		"SELECT COUNT(*) FROM locations WHERE mission_id = ?",
	} {
		var n int64
		must(t, db.Raw(q, missionID).Scan(&n).Error)
		out = append(out, fmt.Sprint(n))
	}
	return strings.Join(out, " ")
}

var _ = privacy.Erased
