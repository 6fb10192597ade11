package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestEveryPage opens every page of the demo mission (a staff member's, an admin's, a delegate's and
// signed-out ones) and the error state of every form at 375 and 1280 px: forms sent empty or with a
// wrong value, uploads (a preview with good and bad rows, a file that is not the table), the scheduler
// before and after publishing, a location in use and a travel time whose removal breaks meetings, the
// sign-in lockout (429), unknown secret links (404), the audit and privacy filters' errors. None scrolls
// sideways at 375 or 320 px and axe-core finds no WCAG 2.2 A/AA violation on any. The journeys test the
// flows; this covers the pages they pass by.
func TestEveryPage(t *testing.T) {
	t.Parallel() // each test has a browser and an app of its own
	browser := startBrowser(t)
	db := apptest.OpenDB(t, "sqlite")
	a := apptest.New(t, db, journeyClock)
	ctx := context.Background()
	if err := app.LoadDemo(ctx, a.Store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go a.Server.App.Listener(ln)
	t.Cleanup(func() { _ = a.Server.App.Shutdown() })
	base := "http://" + ln.Addr().String()

	// Ids of the demo's records, for the pages of one of each.
	first := func(model any, where string, args ...any) uint {
		t.Helper()
		var id uint
		if err := db.Model(model).Where(where, args...).Order("id").Limit(1).Pluck("id", &id).Error; err != nil || id == 0 {
			t.Fatalf("no %T where %s: %v", model, where, err)
		}
		return id
	}
	mid := first(&models.Mission{}, "1 = 1")
	// The demo's delegate account (README: password chicago-demo-2027), their firm and a flight of theirs.
	var du models.User
	if err := db.Where("role = 'delegate' AND delegate_id IS NOT NULL").First(&du).Error; err != nil {
		t.Fatal(err)
	}
	var d models.Delegate
	if err := db.First(&d, *du.DelegateID).Error; err != nil {
		t.Fatal(err)
	}
	seg := first(&models.TravelSegment{}, "delegate_id = ?", d.ID)
	rid := d.RegistrationID
	m := fmt.Sprintf("/missions/%d", mid)
	r := fmt.Sprintf("%s/registrations/%d", m, rid)
	cid := first(&models.Contact{}, "1 = 1")
	mtg := first(&models.Meeting{}, "mission_id = ? AND status = 'scheduled'", mid)
	_, adminPassword := a.CreateUser("admin", "ada@agency.example")
	sue, _ := a.CreateUser("staff", "sue@agency.example") // an account whose password the admin resets
	staffPages := []string{
		"/missions", "/missions/new", m, m + "/edit", m + "/check", m + "/registrations", m + "/registrations/new",
		m + "/registrations/import", r, r + "/edit", r + "/firm", r + "/status?status=withdrawn", r + "/delegates/new",
		fmt.Sprintf("%s/delegates/%d/edit", r, d.ID), fmt.Sprintf("%s/delegates/%d/delete", r, d.ID),
		fmt.Sprintf("%s/delegates/%d/travel/new", r, d.ID), fmt.Sprintf("%s/delegates/%d/travel/%d/edit", r, d.ID, seg),
		fmt.Sprintf("%s/delegates/%d/travel/%d/delete", r, d.ID, seg), r + "/suggestions", r + "/itinerary",
		"/contacts", "/contacts/new", "/contacts/import", fmt.Sprintf("/contacts/%d", cid), fmt.Sprintf("/contacts/%d/edit", cid),
		fmt.Sprintf("/contacts/%d/archive", cid), fmt.Sprintf("%s/contacts/%d/availability", m, cid),
		m + "/locations", fmt.Sprintf("%s/locations/%d/edit", m, first(&models.Location{}, "mission_id = ?", mid)),
		fmt.Sprintf("%s/locations/%d/delete", m, first(&models.Location{}, "mission_id = ?", mid)),
		fmt.Sprintf("%s/travel-times/%d/delete", m, first(&models.MissionTravelTime{}, "mission_id = ?", mid)),
		m + "/programme", fmt.Sprintf("%s/programme/%d/edit", m, first(&models.ProgrammeItem{}, "mission_id = ?", mid)),
		fmt.Sprintf("%s/programme/%d/delete", m, first(&models.ProgrammeItem{}, "mission_id = ?", mid)),
		m + "/meetings", m + "/meetings/new", m + "/meetings/grid", fmt.Sprintf("%s/meetings/%d", m, mtg),
		fmt.Sprintf("%s/meetings/%d/cancel", m, mtg), m + "/schedule",
		fmt.Sprintf("%s/feeds/%d/revoke", r, first(&models.CalendarFeed{}, "registration_id = ?", rid)),
		"/admin/users", "/admin/users/new", "/admin/audit", "/accessibility",
		// the mission's messages, report, follow-ups and outcomes; the admin's messages and privacy pages
		m + "/notifications", "/admin/notifications", m + "/report", m + "/follow-ups", m + "/outcomes",
		"/admin/privacy", "/admin/privacy?email=" + du.Email, "/admin/privacy/erase?email=" + du.Email,
		"/privacy", "/account", "/account/password", fmt.Sprintf("/admin/users/%d/password", sue.ID),
	}
	// Pages that answer an error status, and error states reached by an address.
	errorPages := []struct {
		path   string
		status int
	}{
		{m + "/nothing-here", http.StatusNotFound},
		{"/invitations/no-such-link", http.StatusNotFound},
		{"/follow-up/no-such-link", http.StatusNotFound},
		{"/unsubscribe/no-such-link", http.StatusNotFound},
		{"/admin/audit?from-day=31&from-month=2&from-year=2027", http.StatusUnprocessableEntity},
		{"/admin/privacy?email=not-an-address", http.StatusUnprocessableEntity},
	}
	// Forms sent empty: each answers its error state.
	emptyForms := []struct{ page, action string }{
		{"/contacts/new", "/contacts"},
		{m + "/locations", m + "/locations"},
		{m + "/programme", m + "/programme"},
		{m + "/meetings/new", m + "/meetings"},
		{r + "/delegates/new", r + "/delegates"},
		{fmt.Sprintf("%s/delegates/%d/travel/new", r, d.ID), fmt.Sprintf("%s/delegates/%d/travel", r, d.ID)},
		{"/admin/users/new", "/admin/users"},
		{m + "/locations", m + "/travel-times"},
		{"/account/password", "/account/password"},
		{fmt.Sprintf("/admin/users/%d/password", sue.ID), fmt.Sprintf("/admin/users/%d/password", sue.ID)},
		{"/admin/privacy/erase?email=" + du.Email, "/admin/privacy/erase"},
		{m + "/registrations/import", m + "/registrations/import"}, // no file chosen
		{"/contacts/import", "/contacts/import"},
	}
	// Forms shown filled in (edits, settings), sent with one field wrong: each answers its error state.
	loc := first(&models.Location{}, "mission_id = ?", mid)
	item := first(&models.ProgrammeItem{}, "mission_id = ?", mid)
	wrongForms := []struct {
		page, action string
		fields       map[string]string // by id
	}{
		{m + "/edit", m, map[string]string{"name": " "}},
		{r + "/edit", r, map[string]string{"objectives": strings.Repeat(longText, 2)}}, // over 5,000 characters
		{r + "/firm", r + "/firm", map[string]string{"company_name": " "}},
		{fmt.Sprintf("%s/delegates/%d/edit", r, d.ID), fmt.Sprintf("%s/delegates/%d", r, d.ID), map[string]string{"full_name": " "}},
		{fmt.Sprintf("/contacts/%d/edit", cid), fmt.Sprintf("/contacts/%d", cid), map[string]string{"full_name": " "}},
		{fmt.Sprintf("%s/locations/%d/edit", m, loc), fmt.Sprintf("%s/locations/%d", m, loc), map[string]string{"name": " "}},
		{fmt.Sprintf("%s/programme/%d/edit", m, item), fmt.Sprintf("%s/programme/%d", m, item), map[string]string{"title": " "}},
		{m + "/locations", m + "/travel", map[string]string{"same_city_buffer_minutes": "999"}},
		{m + "/follow-ups", m + "/follow-ups/settings", map[string]string{"follow_up_months": "soon"}},
		{fmt.Sprintf("%s/meetings/%d", m, mtg), fmt.Sprintf("%s/meetings/%d/reschedule", m, mtg), map[string]string{"start_time": "25:99"}},
	}
	// Uploads: a file with a good row and a bad one (the preview lists both), and a file that is not
	// the import's table at all (the upload form's error state).
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		mustDo(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	uploads := []struct{ page, file, state string }{
		{m + "/registrations/import", file("firms.csv", "Company name,Companies House number,Website,Address,Town or city,Postcode,Sector,Employees,Export experience,US presence,Description,Contact name,Contact email,Contact phone,Objectives,Target sectors,Wants to meet\n"+
			"Moseley Robotics Ltd,12345678,https://moseley.example,1 Alcester Rd,Birmingham,B13 8AA,advanced_manufacturing,10-49,some,no,Robot arms,Mo Ali,mo@moseley.example,0121 496 0000,Find a distributor,,distributor\n"+
			"Nameless Ltd,,,,Birmingham,not a postcode,,,,,,,,,,,\n"), "preview"},
		{m + "/registrations/import", file("notes.csv", "shopping,list\neggs,milk\n"), "a file that is not the table"},
		{"/contacts/import", file("contacts.csv", "full_name,organisation,organisation_type,sector,email,city\n"+
			"Dana Rivers,Lakeshore Foods,buyer,agri_food,dana.rivers@lakeshore.example,Chicago\n"+
			",Nameless Inc,friend,,not-an-email,Chicago\n"), "preview"},
		{"/contacts/import", file("other.csv", "shopping,list\neggs,milk\n"), "a file that is not the table"},
	}
	const delegatePassword = "chicago-demo-2027"
	myPages := []string{"/my/itinerary", "/my/details", "/my/travel", "/my/travel/new", "/account", "/privacy",
		fmt.Sprintf("/my/travel/%d/edit", seg), fmt.Sprintf("/my/travel/%d/delete", seg), "/accessibility"}

	for _, width := range []int{375, 1280} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			staff := newTab(t, browser, base, width, true)
			staff.narrow = narrowest(width)
			staff.signIn("ada@agency.example", adminPassword)
			for _, p := range staffPages {
				staff.open(p, http.StatusOK)
			}
			for _, e := range errorPages {
				staff.open(e.path, e.status)
			}
			for _, f := range emptyForms {
				staff.open(f.page, http.StatusOK)
				staff.submit(`form[action="`+f.action+`"][method=post] button[type=submit]`, http.StatusUnprocessableEntity)
			}
			staff.open(m+"/registrations/new", http.StatusOK)
			staff.submit(`form[action="`+m+`/registrations/new"][method=post] button[type=submit]`, http.StatusUnprocessableEntity)
			for _, f := range wrongForms {
				staff.open(f.page, http.StatusOK)
				staff.fill(f.fields)
				staff.submitAs(`form[action="`+f.action+`"][method=post] button[type=submit]`, http.StatusUnprocessableEntity, "sent wrong")
			}
			// A contact's availability with a time that is not one.
			staff.open(fmt.Sprintf("%s/contacts/%d/availability", m, cid), http.StatusOK)
			staff.run("type a wrong time", chromedp.SetValue(chromedp.CSS(`form[action$="/availability"] input.input`), "25:99"))
			staff.submit(`form[action$="/availability"] button[type=submit]`, http.StatusUnprocessableEntity)
			for _, u := range uploads {
				staff.open(u.page, http.StatusOK)
				staff.upload(`input[type=file]`, u.file)
				want := http.StatusOK
				if u.state != "preview" {
					want = http.StatusUnprocessableEntity
				}
				staff.submitAs(`form[action="`+u.page+`"][method=post] button[type=submit]`, want, u.state)
			}
			// The scheduler's preview, published, then the preview again (nothing or less left to place).
			staff.open(m+"/schedule", http.StatusOK)
			if evalAs[bool](staff, `!!document.querySelector('input[name="publish"]')`) {
				staff.submit(`form[action="`+m+`/schedule"] button[type=submit]`, http.StatusOK)
			}
			staff.openAgain(m+"/schedule", http.StatusOK, "after publishing")
			// A location that scheduled meetings use cannot be removed: its page lists them instead.
			if busy := firstOrZero(db, &models.Meeting{}, "mission_id = ? AND status = 'scheduled' AND location_id IS NOT NULL", mid); busy != 0 {
				var mt models.Meeting
				mustDo(t, db.First(&mt, busy).Error)
				staff.openAgain(fmt.Sprintf("%s/locations/%d/delete", m, *mt.LocationID), http.StatusOK, "in use")
			}
			// With a long default between cities, removing a travel time lists the meetings it breaks.
			var travel int
			mustDo(t, db.Model(&models.Mission{}).Where("id = ?", mid).Pluck("default_travel_minutes", &travel).Error)
			mustDo(t, db.Model(&models.Mission{}).Where("id = ?", mid).Update("default_travel_minutes", 600).Error)
			staff.openAgain(fmt.Sprintf("%s/travel-times/%d/delete", m, first(&models.MissionTravelTime{}, "mission_id = ?", mid)), http.StatusOK, "breaks meetings")
			if !strings.Contains(staff.text("main"), "will return to requests") {
				t.Errorf("the travel time's confirmation lists no meeting: %.300s", staff.text("main"))
			}
			mustDo(t, db.Model(&models.Mission{}).Where("id = ?", mid).Update("default_travel_minutes", travel).Error)

			// A message in the outbox (an invitation to a delegate without an account), and its pages.
			if firstOrZero(db, &models.Notification{}, "mission_id = ?", mid) == 0 {
				var other models.Delegate
				mustDo(t, db.Where("mission_id = ? AND id NOT IN (SELECT delegate_id FROM users WHERE delegate_id IS NOT NULL)", mid).Order("id").First(&other).Error)
				staff.open(fmt.Sprintf("%s/registrations/%d/itinerary", m, other.RegistrationID), http.StatusOK)
				staff.submit(fmt.Sprintf(`form[action$="/delegates/%d/invitation"] button[type=submit]`, other.ID), http.StatusCreated)
			}
			nid := first(&models.Notification{}, "mission_id = ?", mid)
			staff.open(fmt.Sprintf("%s/notifications/%d", m, nid), http.StatusOK)
			staff.open(fmt.Sprintf("/admin/notifications/%d", nid), http.StatusOK)
			staff.openAgain(m+"/notifications", http.StatusOK, "a message waiting")
			staff.openAgain("/admin/notifications", http.StatusOK, "a message waiting")

			// Too many wrong passwords: the sign-in form answers 429, in its own error state.
			locked := newTab(t, browser, base, width, true)
			locked.narrow = narrowest(width)
			locked.lockOut(fmt.Sprintf("nobody-%d@agency.example", width))

			me := newTab(t, browser, base, width, true)
			me.narrow = narrowest(width)
			me.signIn(du.Email, delegatePassword)
			for _, p := range myPages {
				me.open(p, http.StatusOK)
			}
			me.open("/my/details", http.StatusOK)
			me.fill(map[string]string{"dietary_requirements": longText})
			me.submit(`form[action="/my/details"] button[type=submit]`, http.StatusUnprocessableEntity)
			me.open(m, http.StatusForbidden)
			// Their emails: the choices, saved; then the unsubscribe link of an email, without signing in.
			me.open("/my/notifications", http.StatusOK)
			me.submit(`form[action="/my/notifications"] button[type=submit]`, http.StatusOK)
			var token string
			mustDo(t, db.Model(&models.NotificationPreference{}).Where("delegate_id = ?", d.ID).Pluck("unsubscribe_token", &token).Error)
			if token == "" {
				t.Fatal("no unsubscribe token after saving the delegate's email choices")
			}
			anyone := newTab(t, browser, base, width, true)
			anyone.narrow = narrowest(width)
			anyone.open("/unsubscribe/"+token, http.StatusOK)
			anyone.submit(`main form button[type=submit]`, http.StatusUnprocessableEntity)
			anyone.open("/privacy", http.StatusOK)
			anyone.open("/accessibility", http.StatusOK)
		})
	}
}

// narrowest is the width every page of a phone-width run is also measured at: 320 px, the narrowest
// phone we support (0, none, for the desk-width run).
func narrowest(width int) int {
	if width < 400 {
		return 320
	}
	return 0
}

// firstOrZero is the id of the first row of model matching where, 0 when there is none.
func firstOrZero(db *gorm.DB, model any, where string, args ...any) uint {
	var id uint
	db.Model(model).Where(where, args...).Order("id").Limit(1).Pluck("id", &id)
	return id
}

// submitAs is submit for a page already checked in another state (a preview on the upload's address).
func (tb *tab) submitAs(sel string, wantStatus int, state string) {
	tb.t.Helper()
	tb.state = state
	defer func() { tb.state = "" }()
	tb.submit(sel, wantStatus)
}

// lockOut signs in with a wrong password until the sign-in throttle refuses (10 failures for one
// address and account), and checks the refusal page (429).
func (tb *tab) lockOut(email string) {
	tb.t.Helper()
	tb.load("sign-in page", chromedp.Navigate(tb.base+"/login"))
	statuses := evalAs[[]int](tb, fmt.Sprintf(`(async () => {
		const out = [];
		for (let i = 0; i < 10; i++) {
			const d = new URLSearchParams(new FormData(document.querySelector('form[action="/login"]')));
			d.set("email", %q); d.set("password", "wrong password " + i);
			out.push((await fetch("/login", {method: "POST", body: d})).status);
		}
		return out;
	})()`, email))
	tb.fill(map[string]string{"email": email, "password": "wrong again"})
	tb.submit(`form[action="/login"] button[type=submit]`, http.StatusTooManyRequests)
	if !strings.Contains(tb.text(".error-summary"), "Too many failed attempts") {
		tb.t.Errorf("the lockout page says %q (after %v)", tb.text(".error-summary"), statuses)
	}
}

// longText is more than any free-text field accepts.
var longText = func() string {
	b := make([]byte, 3000)
	for i := range b {
		b[i] = 'x'
	}
	return string(b)
}()

// signIn signs the tab in through the sign-in form.
func (tb *tab) signIn(email, password string) {
	tb.t.Helper()
	tb.load("sign-in page", chromedp.Navigate(tb.base+"/login"))
	tb.fill(map[string]string{"email": email, "password": password})
	if status := tb.load("sign in", chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`))); status != http.StatusOK {
		tb.t.Fatalf("sign in as %s: %d", email, status)
	}
}
