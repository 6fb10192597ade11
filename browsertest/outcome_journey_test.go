package browsertest

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestDelegateRecordsOutcomeOnAPhone: a delegate on a 375 px screen with JavaScript off signs in,
// opens the itinerary, follows "Record the outcome" of a meeting that has taken place, answers with
// radios and text boxes, and the outcome is saved as theirs; each page (and the form's error states,
// here and at 1280 px) is checked for sideways scrolling and axe-core violations.
func TestDelegateRecordsOutcomeOnAPhone(t *testing.T) {
	browser := startBrowser(t)
	db := apptest.OpenDB(t, "sqlite")
	chicago, _ := time.LoadLocation("America/Chicago")
	a := apptest.New(t, db, time.Date(2027, 3, 12, 15, 0, 0, 0, chicago).UTC())
	m := models.NewMission()
	m.Name, m.DestinationCity = "Chicago 2027", "Chicago"
	m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	mustDo(t, db.Create(&m).Error)
	firm := models.Firm{CompanyName: "Alpha Widgets Ltd", Postcode: "B1 1AA", Sector: "advanced_manufacturing", ExportExperience: "some", ContactEmail: "ann@alpha.example"}
	mustDo(t, db.Create(&firm).Error)
	reg := models.Registration{MissionID: m.ID, FirmID: firm.ID, Status: "confirmed", StatusChangedAt: time.Now().UTC()}
	mustDo(t, db.Create(&reg).Error)
	d := models.Delegate{RegistrationID: reg.ID, MissionID: m.ID, FullName: "Ann Archer", Email: "ann@alpha.example"}
	mustDo(t, db.Create(&d).Error)
	c := models.Contact{FullName: "Carla Diaz", Organisation: "Lakeshore Foods", OrganisationType: "buyer", City: "Chicago"}
	mustDo(t, db.Create(&c).Error)
	start := time.Date(2027, 3, 12, 10, 0, 0, 0, chicago).UTC()
	end := start.Add(45 * time.Minute)
	mt := models.Meeting{MissionID: m.ID, RegistrationID: reg.ID, ContactID: c.ID, StartsAt: &start, EndsAt: &end, Minutes: 45, Status: "scheduled", StaffNotes: "SECRET-STAFF-NOTE"}
	mustDo(t, db.Create(&mt).Error)
	u := &models.User{Email: d.Email, Name: d.FullName, Role: "delegate", RegistrationID: &reg.ID, DelegateID: &d.ID}
	mustDo(t, a.Store.CreateUser(t.Context(), nil, u, "delegate password 123"))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustDo(t, err)
	go a.Server.App.Listener(ln)
	t.Cleanup(func() { a.Server.App.Shutdown() })
	base := "http://" + ln.Addr().String()

	tb := newTab(t, browser, base, 375, false)
	tb.narrow = narrowest(375)
	tb.open("/login", 200)
	tb.fill(map[string]string{"email": d.Email, "password": "delegate password 123"})
	tb.submit("main button[type=submit]", 200)
	tb.open("/my/itinerary", 200)
	link := "/my/meetings/" + idText(mt.ID) + "/outcome"
	if status := tb.load("follow the outcome link", chromedp.Click(chromedp.CSS(`a[href="`+link+`"]`))); status != 200 {
		t.Fatalf("the outcome form answered %d", status)
	}
	tb.check()
	if strings.Contains(tb.text("main"), "SECRET-STAFF-NOTE") {
		t.Error("the outcome form shows staff notes")
	}
	tb.submit("main button[type=submit]", 422) // nothing chosen: the form's error state
	tb.run("choose held and cooperation possible", chromedp.Click(chromedp.ID("attendance-0")), chromedp.Click(chromedp.ID("interest-2")))
	tb.fill(map[string]string{"next_step": "Send samples", "estimated_value_gbp": "25,000", "expected_by-day": "30", "expected_by-month": "9", "expected_by-year": "2027"})
	tb.submit("main button[type=submit]", 200)
	if loc := tb.location(); loc != "/my/itinerary" || !strings.Contains(tb.text("main"), "outcome of your meeting is saved") {
		t.Fatalf("after saving: at %s, page says %q", loc, tb.text("main"))
	}
	// The same pages at a desk's width: the itinerary, and the outcome form (saved, then its error state).
	desk := newTab(t, browser, base, 1280, false)
	desk.signIn(d.Email, "delegate password 123")
	desk.open("/my/itinerary", 200)
	desk.open(link, 200)
	desk.fill(map[string]string{"estimated_value_gbp": "lots"})
	desk.submit("main button[type=submit]", 422)
	recs, err := a.Store.MeetingOutcomes(t.Context(), mt.ID)
	mustDo(t, err)
	if o := recs.Delegate; o == nil || o.Attendance != "held" || o.Interest != "cooperation_possible" || o.EstimatedValueGBP == nil || *o.EstimatedValueGBP != 25000 || o.RecordedByName != "Ann Archer" {
		t.Fatalf("the delegate's outcome = %+v", recs.Delegate)
	}
}

// TestReportAndSurveyPagesOnAPhone: the report, the follow-up pages, the outcomes due, the meeting page
// with its outcome form, and a survey link (its error state, answered, and the 410 page once its round
// is closed), at 375 and 1280 px without JavaScript: no sideways scrolling, no axe-core violation.
func TestReportAndSurveyPagesOnAPhone(t *testing.T) {
	browser := startBrowser(t)
	db := apptest.OpenDB(t, "sqlite")
	chicago, _ := time.LoadLocation("America/Chicago")
	a := apptest.New(t, db, time.Date(2027, 6, 20, 12, 0, 0, 0, time.UTC))
	m := models.NewMission()
	m.Name, m.DestinationCity = "Chicago 2027", "Chicago"
	m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	mustDo(t, db.Create(&m).Error)
	firm := models.Firm{CompanyName: "Alpha Widgets Ltd", Postcode: "B1 1AA", Sector: "advanced_manufacturing", ExportExperience: "some", ContactEmail: "ann@alpha.example"}
	mustDo(t, db.Create(&firm).Error)
	reg := models.Registration{MissionID: m.ID, FirmID: firm.ID, Status: "confirmed", StatusChangedAt: time.Now().UTC()}
	mustDo(t, db.Create(&reg).Error)
	c := models.Contact{FullName: "Carla Diaz", Organisation: "Lakeshore Foods", OrganisationType: "buyer", City: "Chicago"}
	mustDo(t, db.Create(&c).Error)
	start := time.Date(2027, 3, 12, 10, 0, 0, 0, chicago).UTC()
	end := start.Add(45 * time.Minute)
	mt := models.Meeting{MissionID: m.ID, RegistrationID: reg.ID, ContactID: c.ID, StartsAt: &start, EndsAt: &end, Minutes: 45, Status: "scheduled"}
	mustDo(t, db.Create(&mt).Error)
	v := int64(25000)
	mustDo(t, db.Create(&models.MeetingOutcome{MeetingID: mt.ID, Source: "staff", Attendance: "held", Interest: "cooperation_possible", EstimatedValueGBP: &v, RecordedAt: end}).Error)
	n, err := a.Server.Notify.QueueFollowUps(t.Context(), a.Now)
	mustDo(t, err)
	var fu models.FollowUp
	mustDo(t, db.First(&fu).Error)
	if n != 1 {
		t.Fatalf("%d survey links sent, want 1", n)
	}
	_, pw := a.CreateUser("staff", "sam@agency.example")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustDo(t, err)
	go a.Server.App.Listener(ln)
	t.Cleanup(func() { a.Server.App.Shutdown() })
	base := "http://" + ln.Addr().String()

	id := strconv.FormatUint(uint64(m.ID), 10)
	lead := "lead-" + idText(mt.ID) + "-"
	for _, width := range []int{375, 1280} {
		t.Run(strconv.Itoa(width)+"px", func(t *testing.T) {
			// The firm's survey, its error state (a value that is not a number), then saved.
			firmTab := newTab(t, browser, base, width, false)
			firmTab.narrow = narrowest(width)
			firmTab.open("/follow-up/"+fu.Token, 200)
			firmTab.run("choose export win", chromedp.Click(chromedp.CSS(`input[name="`+lead+`status"][value="export_win"]`)))
			firmTab.fill(map[string]string{lead + "year1": "lots"})
			firmTab.submit("main form button[type=submit]", 422)
			firmTab.run("choose would not have", chromedp.Click(chromedp.CSS(`input[name="`+lead+`without_support"][value="would_not_have"]`)))
			firmTab.fill(map[string]string{lead + "year1": "40000"})
			firmTab.submitAs("main form button[type=submit]", 200, "answered")
			tb := newTab(t, browser, base, width, false)
			tb.narrow = narrowest(width)
			tb.open("/login", 200)
			tb.fill(map[string]string{"email": "sam@agency.example", "password": pw})
			tb.submit("main button[type=submit]", 200)
			for _, p := range []string{"/missions/" + id, "/missions/" + id + "/report", "/missions/" + id + "/follow-ups", "/missions/" + id + "/outcomes",
				"/missions/" + id + "/meetings/" + idText(mt.ID)} {
				tb.open(p, 200)
			}
			// The staff's outcome form on the meeting page, with a value that is not a number.
			tb.fill(map[string]string{"estimated_value_gbp": "lots"})
			tb.submit(`form[action="/missions/`+id+`/meetings/`+idText(mt.ID)+`/outcome"] button[type=submit]`, 422)
		})
	}
	// Staff close the round ("Are you sure?" first); then the link answers 410 with a page of its own.
	closer := newTab(t, browser, base, 375, false)
	closer.narrow = narrowest(375)
	closer.signIn("sam@agency.example", pw)
	closer.open("/missions/"+id+"/follow-ups/rounds/"+idText(fu.RoundID)+"/close", 200)
	closer.submit("main form button[type=submit]", 200)
	for _, width := range []int{320, 1280} {
		gone := newTab(t, browser, base, width, false)
		gone.open("/follow-up/"+fu.Token, 410)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func idText(id uint) string { return strconv.FormatUint(uint64(id), 10) }
