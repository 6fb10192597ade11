package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestEveryPage opens every page of the demo mission (a staff member's, an admin's and a delegate's) and
// the error state of every form at 375 and 1280 px: none scrolls sideways on the phone and axe-core finds
// no WCAG 2.2 A/AA violation on any. The journeys test the flows; this covers the pages they pass by.
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
	}
	_, adminPassword := a.CreateUser("admin", "ada@agency.example")
	const delegatePassword = "chicago-demo-2027"
	myPages := []string{"/my/itinerary", "/my/details", "/my/travel", "/my/travel/new",
		fmt.Sprintf("/my/travel/%d/edit", seg), fmt.Sprintf("/my/travel/%d/delete", seg), "/accessibility"}

	for _, width := range []int{375, 1280} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			staff := newTab(t, browser, base, width, true)
			staff.signIn("ada@agency.example", adminPassword)
			for _, p := range staffPages {
				staff.open(p, http.StatusOK)
			}
			staff.open(m+"/nothing-here", http.StatusNotFound)
			for _, f := range emptyForms {
				staff.open(f.page, http.StatusOK)
				staff.submit(`form[action="`+f.action+`"][method=post] button[type=submit]`, http.StatusUnprocessableEntity)
			}
			staff.open(m+"/registrations/new", http.StatusOK)
			staff.submit(`form[action="`+m+`/registrations/new"][method=post] button[type=submit]`, http.StatusUnprocessableEntity)

			me := newTab(t, browser, base, width, true)
			me.signIn(du.Email, delegatePassword)
			for _, p := range myPages {
				me.open(p, http.StatusOK)
			}
			me.open("/my/details", http.StatusOK)
			me.fill(map[string]string{"dietary_requirements": longText})
			me.submit(`form[action="/my/details"] button[type=submit]`, http.StatusUnprocessableEntity)
			me.open(m, http.StatusForbidden)
		})
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
