package browsertest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// journeyClock is the app's clock: late November 2026, before the mission the journey creates.
var journeyClock = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// TestMainJourneys drives the real application in chromium at a phone's width (375 px) and a desk's
// (1280 px), with JavaScript on and off: sign in; create a mission; register a firm with a delegate
// and approve it; book a meeting and have a clash refused; read the itinerary and download the
// workbooks; invite the delegate, who sets a password and reads their itinerary. Every page visited
// is checked: no sideways scrolling at 375 px, and no axe-core violation (WCAG 2.2 A and AA).
func TestMainJourneys(t *testing.T) {
	t.Parallel() // each test has a browser and an app of its own
	browser := startBrowser(t)
	db := apptest.OpenDB(t, "sqlite")
	a := apptest.New(t, db, journeyClock)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go a.Server.App.Listener(ln)
	t.Cleanup(func() { _ = a.Server.App.Shutdown() })
	base := "http://" + ln.Addr().String()

	_, password := a.CreateUser("staff", "sam@agency.example")
	ctx := context.Background()
	// Contacts come from the directory; the journey books them.
	for _, c := range []models.Contact{
		{FullName: "Carla Diaz", Organisation: "Lakeshore Foods", OrganisationType: "buyer", City: "Chicago", Address: "233 S Wacker Dr"},
		{FullName: "Dan Evans", Organisation: "Rock River Software", OrganisationType: "partner", City: "Chicago", Address: "100 N State St"},
	} {
		if err := a.Store.CreateContact(ctx, nil, &c); err != nil {
			t.Fatal(err)
		}
	}

	// Pages are checked once per width: the app has no scripts, so its pages are the same with
	// JavaScript on or off, but each run still makes every request and submits every form itself.
	seen := map[int]map[string]bool{320: {}, 375: {}, 1280: {}}
	day := 14
	for _, width := range []int{375, 1280} {
		for _, js := range []bool{true, false} {
			day++ // the runs share the contacts, so each books them on a day of its own
			name := fmt.Sprintf("%dpx/js-%s", width, map[bool]string{true: "on", false: "off"}[js])
			t.Run(name, func(t *testing.T) {
				tb := newTab(t, browser, base, width, js)
				tb.narrow = narrowest(width)
				tb.seen = seen[width]
				tb.seenAt = seen
				journey(t, tb, base, password, fmt.Sprintf("%d%s", width, map[bool]string{true: "a", false: "b"}[js]), day)
			})
		}
	}
}

// journey is one run of the main journeys; run makes its names unique.
func journey(t *testing.T, tb *tab, base, password, run string, day int) {
	// Sign in, after one wrong password (the form's error state).
	tb.open("/login", http.StatusOK)
	tb.fill(map[string]string{"email": "sam@agency.example", "password": "not the password"})
	tb.submit(`form[action="/login"] button[type=submit]`, http.StatusUnauthorized)
	tb.fill(map[string]string{"email": "sam@agency.example", "password": password})
	tb.submit(`form[action="/login"] button[type=submit]`, http.StatusOK)
	if loc := tb.location(); loc != "/missions" {
		t.Fatalf("after signing in: %s", loc)
	}

	// Create a mission, after an empty name (the error state).
	tb.open("/missions/new", http.StatusOK)
	tb.fill(map[string]string{"name": " "})
	tb.submit(`form[action="/missions"] button[type=submit]`, http.StatusUnprocessableEntity)
	tb.fill(map[string]string{
		"name": "Chicago " + run, "destination_city": "Chicago",
		"start_date-day": "15", "start_date-month": "3", "start_date-year": "2027",
		"end_date-day": "19", "end_date-month": "3", "end_date-year": "2027",
		"registration_closes-day": "1", "registration_closes-month": "2", "registration_closes-year": "2027",
		"status": "open",
	})
	tb.check1("sectors-0")
	tb.submit(`form[action="/missions"] button[type=submit]`, http.StatusOK)
	mission := regexp.MustCompile(`^/missions/\d+$`).FindString(tb.location())
	if mission == "" {
		t.Fatalf("after creating the mission: %s: %s", tb.location(), tb.text("main"))
	}

	// Register a firm (after a missing postcode), add a delegate, approve.
	tb.open(mission+"/registrations/new", http.StatusOK)
	form := `form[action="` + mission + `/registrations/new"][method=post] button[type=submit]`
	tb.fill(map[string]string{"company_name": "Alpha Widgets " + run, "sector": "agri_food", "contact_name": "Ann Archer", "contact_email": "ann-" + run + "@alpha.example"})
	tb.submit(form, http.StatusUnprocessableEntity)
	tb.fill(map[string]string{"postcode": "B1 1AA"})
	tb.submit(form, http.StatusOK)
	reg := regexp.MustCompile(`^/missions/\d+/registrations/\d+$`).FindString(tb.location())
	if reg == "" {
		t.Fatalf("after registering: %s: %s", tb.location(), tb.text("main"))
	}
	tb.open(reg+"/delegates/new", http.StatusOK)
	tb.fill(map[string]string{"full_name": "Ann Archer", "email": "ann-" + run + "@alpha.example"})
	tb.submit(`form[action="`+reg+`/delegates"] button[type=submit]`, http.StatusOK)
	tb.submit(`form[action="`+reg+`/status"] button[type=submit]`, http.StatusOK) // Approve, the first choice
	if s := tb.text("#status"); s != "Approved" {
		t.Fatalf("status after approving: %q", s)
	}

	// Book a meeting; the same firm at an overlapping time is refused, naming the clash.
	book := func(contact, clock string, want int) {
		t.Helper()
		tb.open(mission+"/meetings/new", http.StatusOK)
		tb.selectLabel("registration_id", "Alpha Widgets "+run)
		tb.selectLabel("contact_id", contact)
		tb.fill(map[string]string{"date-day": fmt.Sprint(day), "date-month": "3", "date-year": "2027", "start_time": clock})
		tb.submit(`form[action="`+mission+`/meetings"] button[type=submit]`, want)
	}
	book("Carla Diaz", "10:00", http.StatusOK)
	book("Dan Evans", "10:15", http.StatusUnprocessableEntity)
	if msg := tb.text(".error-summary"); !strings.Contains(msg, "Alpha Widgets "+run) {
		t.Errorf("clash refused without naming the firm: %q", msg)
	}
	if box := tb.text(".clash-detail"); !strings.Contains(box, "Carla Diaz") || !strings.Contains(box, "10:00–10:45") {
		t.Errorf("the box beside the clash does not name the meeting: %q", box)
	}

	// The itinerary, and the workbooks it offers.
	tb.open(reg+"/itinerary", http.StatusOK)
	if s := tb.text("main"); !strings.Contains(s, "10:00 → 10:45") || !strings.Contains(s, "Carla Diaz") {
		t.Errorf("the itinerary lacks the meeting: %.300s", s)
	}
	for _, p := range []string{reg + "/itinerary.xlsx", mission + "/schedule.xlsx", mission + "/itineraries.zip", mission + "/registrations.xlsx"} {
		if got := tb.download(p); !strings.HasPrefix(got, "200 application/") {
			t.Errorf("download %s: %s", p, got)
		}
	}

	// Invite the delegate; in a browser of their own they set a password and read their itinerary.
	tb.submit(`form[action$="/invitation"] button[type=submit]`, http.StatusCreated)
	link := regexp.MustCompile(`/invitations/\S+`).FindString(tb.text(".invitation-link"))
	if link == "" {
		t.Fatalf("no invitation link: %s", tb.text("main"))
	}
	// On the phone runs the delegate's phone is the narrowest we support, 320 px: the invitation and
	// every delegate page must fit it; so must the staff itinerary.
	annWidth := tb.width
	if annWidth < 400 {
		annWidth = 320
		tb.resize(320)
		tb.open(reg+"/itinerary", http.StatusOK)
		tb.resize(tb.width)
	}
	ann := newTab(t, tb.browser, base, annWidth, tb.js)
	ann.seen = tb.seenAt[annWidth]
	ann.open(link, http.StatusOK)
	ann.fill(map[string]string{"password": "short", "password_confirmation": "short"})
	ann.submit(`main form button[type=submit]`, http.StatusUnprocessableEntity)
	ann.fill(map[string]string{"password": "ann's long password", "password_confirmation": "ann's long password"})
	ann.submit(`main form button[type=submit]`, http.StatusOK)
	if loc := ann.location(); loc != "/my/itinerary" {
		t.Fatalf("after setting a password: %s", loc)
	}
	if s := ann.text("main"); !strings.Contains(s, "Alpha Widgets "+run) || !strings.Contains(s, "10:00 → 10:45") {
		t.Errorf("the delegate's itinerary: %.300s", s)
	}
	ann.open("/my/details", http.StatusOK)
	ann.open("/my/travel", http.StatusOK)
	ann.open("/my/travel/new", http.StatusOK)
	ann.submit(`form[action="/my/travel"] button[type=submit]`, http.StatusUnprocessableEntity)
	ann.open("/accessibility", http.StatusOK)
	ann.open("/missions", http.StatusForbidden)
}

// resize changes the tab's window width (the tab's own width stays what it was opened with).
func (tb *tab) resize(width int) {
	tb.t.Helper()
	tb.run("resize", func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(width), Height: 900, DeviceScaleFactor: 1, Mobile: width < 700})
		return chromedp.Void{}, err
	})
	tb.checkWidth = width
}

// check1 ticks a checkbox by its id.
func (tb *tab) check1(id string) {
	tb.t.Helper()
	tb.run("tick "+id, chromedp.Click(chromedp.ID(id)))
}

// selectLabel chooses the option of a select whose text starts with label.
func (tb *tab) selectLabel(id, label string) {
	tb.t.Helper()
	v := evalAs[string](tb, fmt.Sprintf(`(Array.from(document.getElementById(%q).options).find(o => o.text.startsWith(%q)) || {value: ""}).value`, id, label))
	if v == "" {
		tb.shot("no option " + label)
		tb.t.Fatalf("%s: no option %q in #%s", tb.name, label, id)
	}
	tb.fill(map[string]string{id: v})
}

// download fetches path with the tab's cookies and answers "status content-type".
func (tb *tab) download(path string) string {
	tb.t.Helper()
	return evalAs[string](tb, fmt.Sprintf(`fetch(%q).then(r => r.status + " " + r.headers.get("content-type"))`, path))
}
