package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

var feedURLRe = regexp.MustCompile(`http://localhost:8080(/feeds/[A-Za-z0-9_-]+\.ics)`)

func icsValue(ev *ics.VEvent, p ics.ComponentProperty) string {
	if prop := ev.GetProperty(p); prop != nil {
		return prop.Value
	}
	return ""
}

func TestCalendarFeeds(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		anon := a.Client() // calendar apps have no session
		feeds := fx.pageA()[:strings.LastIndex(fx.pageA(), "/")] + "/feeds"
		var firmFeed string
		if !t.Run("staff create the firm's calendar link", func(t *testing.T) {
			c.Get(fx.pageA())
			r := c.PostForm(feeds, url.Values{"delegate_id": {""}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("create feed: %d", r.Status)
			}
			page := c.Get(fx.pageA())
			m := feedURLRe.FindStringSubmatch(page.Body)
			if m == nil || !strings.Contains(page.Body, "Calendar link created") || !strings.Contains(page.Body, "webcal://localhost:8080/feeds/") {
				t.Fatalf("itinerary page lacks the feed link:\n%s", page.Body)
			}
			firmFeed = m[1]
		}) {
			return
		}

		t.Run("the feed is the firm's itinerary in iCalendar", func(t *testing.T) {
			r := anon.Get(firmFeed)
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
				t.Fatalf("feed: %d %q", r.Status, r.Header.Get("Content-Type"))
			}
			if strings.Contains(r.Body, "SECRET") {
				t.Errorf("feed shows staff or contact notes")
			}
			cal, err := ics.ParseCalendar(strings.NewReader(r.Body))
			if err != nil {
				t.Fatalf("golang-ical cannot parse the feed: %v", err)
			}
			events := map[string]*ics.VEvent{}
			for _, ev := range cal.Events() {
				events[ev.Id()] = ev
			}
			fri := events[fmt.Sprintf("meeting-%d@localhost", fx.FridayMeeting.ID)]
			if fri == nil {
				t.Fatalf("no Friday meeting event; have %v", keys(events))
			}
			if got := icsValue(fri, ics.ComponentPropertyDtStart); got != "20270312T160000Z" {
				t.Errorf("DTSTART %q", got)
			}
			desc := icsValue(fri, ics.ComponentPropertyDescription)
			for _, want := range []string{"Chicago: Fri 12 Mar 10:00–10:45 CST", "UK: Fri 12 Mar 16:00–16:45 GMT", "Bob Baker"} {
				if !strings.Contains(desc, want) {
					t.Errorf("description %q lacks %q", desc, want)
				}
			}
			if got := icsValue(fri, ics.ComponentPropertyLocation); got != "Willis Tower, 233 S Wacker Dr, Chicago" {
				t.Errorf("LOCATION %q", got)
			}
			if got := icsValue(fri, ics.ComponentPropertySequence); got != "1" {
				t.Errorf("SEQUENCE %q", got)
			}
			cancelled := events[fmt.Sprintf("meeting-%d@localhost", fx.CancelledMeet.ID)]
			if cancelled == nil || icsValue(cancelled, ics.ComponentPropertyStatus) != "CANCELLED" {
				t.Errorf("cancelled meeting not sent as CANCELLED")
			}
			rock := events[fmt.Sprintf("meeting-%d@localhost", fx.MondayRockford.ID)]
			if rock == nil || !strings.Contains(icsValue(rock, ics.ComponentPropertyDescription), "Allow 1 h 30 min to travel from Willis Tower") {
				t.Errorf("Rockford meeting lacks its travel time")
			}
			for _, uid := range []string{fmt.Sprintf("programme-%d@localhost", fx.Briefing.ID), "flight-EI125-DUB-ORD-20270310T1030Z@localhost"} {
				if events[uid] == nil {
					t.Errorf("no event %s", uid)
				}
			}
			if _, ok := events[fmt.Sprintf("meeting-%d@localhost", fx.BMeeting.ID)]; ok {
				t.Errorf("firm B's meeting in firm A's feed")
			}
		})

		t.Run("a change to a meeting raises its SEQUENCE; the UID stays", func(t *testing.T) {
			db.Model(&models.Meeting{}).Where("id = ?", fx.FridayMeeting.ID).Update("sequence", 2)
			cal, err := ics.ParseCalendar(strings.NewReader(anon.Get(firmFeed).Body))
			if err != nil {
				t.Fatalf("firm feed after a change: %v", err)
			}
			var changed *ics.VEvent
			for _, ev := range cal.Events() {
				if ev.Id() == fmt.Sprintf("meeting-%d@localhost", fx.FridayMeeting.ID) {
					changed = ev
				}
			}
			if changed == nil {
				t.Errorf("the changed meeting is missing from the feed")
			} else if seq := icsValue(changed, ics.ComponentPropertySequence); seq != "2" {
				t.Errorf("SEQUENCE after a change: %q, want 2", seq)
			}
		})

		var annFeed models.CalendarFeed
		t.Run("a delegate's own feed leaves out a colleague's meeting", func(t *testing.T) {
			c.Get(fx.pageA())
			c.PostForm(feeds, url.Values{"delegate_id": {fmt.Sprint(fx.AnnA.ID)}})
			db.Where("delegate_id = ?", fx.AnnA.ID).First(&annFeed)
			r := anon.Get("/feeds/" + annFeed.Token + ".ics")
			if r.Status != http.StatusOK || strings.Contains(r.Body, fmt.Sprintf("meeting-%d@", fx.FridayMeeting.ID)) || !strings.Contains(r.Body, fmt.Sprintf("meeting-%d@", fx.MondayRockford.ID)) {
				t.Errorf("Ann's feed: %d", r.Status)
			}
		})

		t.Run("another firm's delegate cannot be given a feed of this firm", func(t *testing.T) {
			c.Get(fx.pageA())
			if r := c.PostForm(feeds, url.Values{"delegate_id": {fmt.Sprint(fx.CarolB.ID)}}); r.Status != http.StatusUnprocessableEntity {
				t.Errorf("feed for another firm's delegate: %d", r.Status)
			}
		})

		t.Run("revoked and unknown feeds are not found", func(t *testing.T) {
			var feed models.CalendarFeed
			db.Where("token = ?", strings.TrimSuffix(strings.TrimPrefix(firmFeed, "/feeds/"), ".ics")).First(&feed)
			c.Get(fx.pageA())
			if r := c.PostForm(fmt.Sprintf("/missions/%d/registrations/%d/feeds/%d/revoke", fx.Mission.ID, fx.RegA.ID, feed.ID), nil); r.Status != http.StatusSeeOther {
				t.Fatalf("revoke: %d", r.Status)
			}
			if r := anon.Get(firmFeed); r.Status != http.StatusNotFound {
				t.Errorf("revoked feed: %d", r.Status)
			}
			for _, p := range []string{"/feeds/not-a-real-token-at-all-0123456789.ics", "/feeds/" + annFeed.Token, "/feeds/.ics"} {
				if r := anon.Get(p); r.Status != http.StatusNotFound {
					t.Errorf("%s: %d", p, r.Status)
				}
			}
		})
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

var invitationRe = regexp.MustCompile(`http://localhost:8080(/invitations/[A-Za-z0-9_-]+)`)

func TestInvitationFlow(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		staff, staffUser := a.SignedIn("staff", "sam@agency.example")
		invite := func(t *testing.T, d models.Delegate) string {
			t.Helper()
			staff.Get(fx.pageA())
			r := staff.PostForm(fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/invitation", fx.Mission.ID, d.RegistrationID, d.ID), nil)
			m := invitationRe.FindStringSubmatch(r.Body)
			if r.Status != http.StatusCreated || m == nil {
				t.Fatalf("invite %s: %d\n%s", d.FullName, r.Status, r.Body)
			}
			return m[1]
		}
		// Each step runs on what the steps before it left; a failed step does not hide the ones after.
		var link string
		ann := a.Client()
		var u models.User

		t.Run("staff invite", func(t *testing.T) {
			link = invite(t, fx.AnnA)
			if r := staff.Get(fx.pageA()); !strings.Contains(r.Body, "It works once and expires after 14 days.") {
				t.Errorf("staff page does not give the link's lifetime")
			}
			// Delegate B through firm A's address: not found.
			staff.Get(fx.pageA())
			if r := staff.PostForm(fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/invitation", fx.Mission.ID, fx.RegA.ID, fx.CarolB.ID), nil); r.Status != http.StatusNotFound {
				t.Errorf("invite another firm's delegate through this firm: %d", r.Status)
			}
		})

		t.Run("delegate accepts", func(t *testing.T) {
			r := ann.Get(link)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, "Ann Archer") || !strings.Contains(r.Body, `name="password_confirmation"`) {
				t.Fatalf("invitation page: %d", r.Status)
			}
			r = ann.PostForm(link, url.Values{"password": {"long enough password"}, "password_confirmation": {"something else entirely"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the same password twice") || !strings.Contains(r.Body, "<title>Error: ") {
				t.Fatalf("mismatched passwords: %d", r.Status)
			}
			r = ann.PostForm(link, url.Values{"password": {"short"}, "password_confirmation": {"short"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "12 characters or more") {
				t.Fatalf("short password: %d", r.Status)
			}
			r = ann.PostForm(link, url.Values{"password": {"ripe mango evening walk"}, "password_confirmation": {"ripe mango evening walk"}})
			if r.Status != http.StatusSeeOther || r.Location() != "/my/itinerary" {
				t.Fatalf("accept: %d to %q", r.Status, r.Location())
			}
			r = ann.Get("/my/itinerary")
			if r.Status != http.StatusOK || !strings.Contains(r.Body, "Your itinerary") || !strings.Contains(r.Body, "Alpha Widgets Ltd") || !strings.Contains(r.Body, "Your password is set") ||
				strings.Contains(r.Body, "Beta") || strings.Contains(r.Body, "SECRET") || strings.Contains(r.Body, "Create a sign-in link") {
				t.Fatalf("delegate's itinerary: %d\n%s", r.Status, r.Body)
			}
			db.Where("email = ?", "ann@alpha.example").First(&u)
			if u.Role != "delegate" || u.RegistrationID == nil || *u.RegistrationID != fx.RegA.ID || u.DelegateID == nil || *u.DelegateID != fx.AnnA.ID {
				t.Fatalf("delegate account: %+v", u)
			}
		})

		t.Run("delegate kept out of staff pages", func(t *testing.T) {
			// Staff pages and the API are closed to delegates.
			for _, p := range []string{"/missions", fx.pageA(), "/admin/users"} {
				if r := ann.Get(p); r.Status != http.StatusForbidden {
					t.Errorf("delegate GET %s: %d", p, r.Status)
				}
			}
			if r := a.API("GET", fmt.Sprintf("/api/v1/registrations/%d/itinerary", fx.RegA.ID), a.Token(&u), ""); r.Status != http.StatusForbidden {
				t.Errorf("delegate token on the API: %d", r.Status)
			}
		})

		t.Run("sign in again", func(t *testing.T) {
			// Signing in again works with the new password.
			again := a.Client()
			again.SignIn("ann@alpha.example", "ripe mango evening walk")
		})

		t.Run("used, expired and replaced links", func(t *testing.T) {
			// Used links are refused; so are expired ones.
			if r := a.Client().Get(link); r.Status != http.StatusGone || !strings.Contains(r.Body, "already been used") {
				t.Errorf("reused link: %d", r.Status)
			}
			other := a.Client()
			other.Get("/login")
			if r := other.PostForm(link, url.Values{"password": {"a different password"}, "password_confirmation": {"a different password"}}); r.Status != http.StatusGone {
				t.Errorf("posting to a used link: %d", r.Status)
			}
			bobLink := invite(t, fx.BobA)
			a.SetNow(testNow.Add(15 * 24 * time.Hour))
			if r := a.Client().Get(bobLink); r.Status != http.StatusGone || !strings.Contains(r.Body, "expired") {
				t.Errorf("expired link: %d", r.Status)
			} else if !strings.Contains(r.Body, "Sign-in links work for 14 days.") {
				t.Errorf("expired link page does not give the lifetime:\n%s", r.Body)
			}
			a.SetNow(testNow)
			if r := a.Client().Get("/invitations/no-such-link"); r.Status != http.StatusNotFound {
				t.Errorf("unknown link: %d", r.Status)
			}
			// A new link replaces the previous one.
			newer := invite(t, fx.BobA)
			if r := a.Client().Get(bobLink); r.Status != http.StatusNotFound {
				t.Errorf("replaced link: %d", r.Status)
			}
			if r := a.Client().Get(newer); r.Status != http.StatusOK {
				t.Errorf("newer link: %d", r.Status)
			}
		})

		t.Run("email in the outbox", func(t *testing.T) {
			// The link's email goes into the outbox in the same transaction (delivered when SMTP is set).
			staff.Get(fx.pageA())
			r := staff.PostForm(fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/invitation", fx.Mission.ID, fx.RegA.ID, fx.BobA.ID), nil)
			shown := invitationRe.FindString(r.Body)
			queued, _, err := a.Store.Notifications(context.Background(), models.NotificationFilter{MissionID: fx.Mission.ID}, models.Page{})
			if err != nil || len(queued) == 0 {
				t.Fatalf("no invitation in the outbox: %v", err)
			}
			n, err := a.Store.Notification(context.Background(), queued[0].ID)
			if r.Status != http.StatusCreated || err != nil || n.Kind != models.NoticeInvitation || n.RecipientEmail != "bob@alpha.example" || shown == "" || !strings.Contains(n.BodyText, shown) {
				t.Errorf("queued invitation: %d %+v", r.Status, n)
			}
			// Both say the stored expiry: 14 days after testNow.
			if !strings.Contains(r.Body, "until 10 December 2026 12:00 UTC") || !strings.Contains(n.BodyText, "expires on 10 December 2026") {
				t.Errorf("invitation expiry not shown: %s", r.Body)
			}
		})

		t.Run("API", func(t *testing.T) {
			// The API hands out links too.
			token := a.Token(staffUser)
			r := a.API("POST", fmt.Sprintf("/api/v1/delegates/%d/invitation", fx.CarolB.ID), token, "")
			var got struct{ URL string }
			json.Unmarshal([]byte(r.Body), &got)
			if r.Status != http.StatusCreated || !strings.HasPrefix(got.URL, "http://localhost:8080/invitations/") {
				t.Fatalf("API invitation: %d %s", r.Status, r.Body)
			}
			if r := a.API("POST", "/api/v1/delegates/999999/invitation", token, ""); r.Status != http.StatusNotFound {
				t.Errorf("API invitation for nobody: %d", r.Status)
			}
			var audits int64
			db.Model(&models.AuditEvent{}).Where("action IN ?", []string{"invite", "accept_invitation"}).Count(&audits)
			if audits < 5 {
				t.Errorf("audit events for invitations: %d", audits)
			}
		})
	})
}

func TestDelegateOwnPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		ann := delegateClient(t, a, fx.AnnA)

		if r := ann.Get("/my/itinerary.xlsx"); r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "Alpha") {
			t.Errorf("own itinerary.xlsx: %d", r.Status)
		}
		// Calendar link.
		ann.Get("/my/itinerary")
		if r := ann.PostForm("/my/calendar", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("own calendar: %d", r.Status)
		}
		r := ann.Get("/my/itinerary")
		m := feedURLRe.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("no calendar link on the delegate's page")
		}
		if r := a.Client().Get(m[1]); r.Status != http.StatusOK || strings.Contains(r.Body, fmt.Sprintf("meeting-%d@", fx.FridayMeeting.ID)) {
			t.Errorf("Ann's own feed: %d (must leave out Bob's meeting)", r.Status)
		}

		// Needs.
		r = ann.Submit("/my/details", "/my/details", url.Values{"dietary_requirements": {"Vegan"}, "access_needs": {strings.Repeat("x", 1001)}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "1000 characters or fewer") || !strings.Contains(r.Body, "Vegan") {
			t.Fatalf("too long needs: %d", r.Status)
		}
		// 600 "é" are 600 characters (1200 bytes): within the 1000 the staff form allows.
		accents := strings.Repeat("é", 600)
		if r := ann.PostForm("/my/details", url.Values{"dietary_requirements": {accents}, "access_needs": {accents}}); r.Status != http.StatusSeeOther {
			t.Fatalf("600 accented characters refused: %d", r.Status)
		}
		var saved models.Delegate
		db.First(&saved, fx.AnnA.ID)
		if saved.DietaryRequirements != accents || saved.AccessNeeds != accents || !saved.UpdatedAt.Equal(testNow) {
			t.Fatalf("accented needs not saved at the app's time: %q… updated %v", saved.DietaryRequirements[:10], saved.UpdatedAt)
		}
		if r := ann.PostForm("/my/details", url.Values{"dietary_requirements": {"Vegan"}, "access_needs": {"Step-free access"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("save needs: %d", r.Status)
		}
		var d models.Delegate
		db.First(&d, fx.AnnA.ID)
		if d.DietaryRequirements != "Vegan" || d.AccessNeeds != "Step-free access" {
			t.Fatalf("needs not saved: %+v", d)
		}

		// Travel: add with local times, see it in the itinerary, edit, remove.
		bad := url.Values{"direction": {"return"}, "carrier": {"AA"}, "number": {"86"}, "from": {"ORD"}, "to": {"ZZZ"},
			"departs_date-day": {"17"}, "departs_date-month": {"3"}, "departs_date-year": {"2027"}, "departs_time": {"18:30"},
			"arrives_date-day": {"31"}, "arrives_date-month": {"2"}, "arrives_date-year": {"2027"}, "arrives_time": {"08:00"}}
		r = ann.Submit("/my/travel/new", "/my/travel", bad)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the arrival airport as a 3-letter IATA code we know") || !strings.Contains(r.Body, "Date of arrival must be a real date") || !strings.Contains(r.Body, `value="ZZZ"`) {
			t.Fatalf("bad travel: %d\n%s", r.Status, r.Body)
		}
		// The delegate's form has the staff form's fields: journeys from the same list, the one sent kept.
		if !strings.Contains(r.Body, `<option value="return" selected>Return (home)</option>`) || !strings.Contains(r.Body, "Outbound (to the destination)") {
			t.Errorf("own travel form lacks the journey list:\n%s", r.Body)
		}
		good := url.Values{"direction": {"return"}, "carrier": {"AA"}, "number": {"86"}, "from": {"ORD"}, "to": {"DUB"},
			"departs_date-day": {"17"}, "departs_date-month": {"3"}, "departs_date-year": {"2027"}, "departs_time": {"18:30"},
			"arrives_date-day": {"18"}, "arrives_date-month": {"3"}, "arrives_date-year": {"2027"}, "arrives_time": {"08:00"}}
		if r := ann.PostForm("/my/travel", good); r.Status != http.StatusSeeOther {
			t.Fatalf("add travel: %d\n%s", r.Status, r.Body)
		}
		var seg models.TravelSegment
		db.Where("delegate_id = ? AND number = ?", fx.AnnA.ID, "86").First(&seg)
		if !seg.DepartsAt.Equal(chicago(17, 18, 30)) || !seg.ArrivesAt.Equal(time.Date(2027, 3, 18, 8, 0, 0, 0, time.UTC)) {
			t.Fatalf("saved times: %v %v", seg.DepartsAt, seg.ArrivesAt)
		}
		if r := ann.Get("/my/itinerary"); !strings.Contains(r.Body, "AA 86: ORD to DUB") {
			t.Errorf("new flight not in the itinerary")
		}
		if r := ann.Get(fmt.Sprintf("/my/travel/%d/edit", seg.ID)); r.Status != http.StatusOK || !strings.Contains(r.Body, `value="18:30"`) {
			t.Errorf("edit form: %d", r.Status)
		}
		good.Set("departs_time", "19:00")
		if r := ann.PostForm(fmt.Sprintf("/my/travel/%d", seg.ID), good); r.Status != http.StatusSeeOther {
			t.Fatalf("edit travel: %d", r.Status)
		}
		db.First(&seg, seg.ID)
		if !seg.DepartsAt.Equal(chicago(17, 19, 0)) {
			t.Errorf("edited departure: %v", seg.DepartsAt)
		}
		// Bob cannot touch Ann's flight.
		bob := delegateClient(t, a, fx.BobA)
		bob.Get("/my/travel")
		if r := bob.PostForm(fmt.Sprintf("/my/travel/%d/delete", seg.ID), nil); r.Status != http.StatusNotFound {
			t.Errorf("Bob deletes Ann's flight: %d", r.Status)
		}
		ann.Get("/my/travel")
		if r := ann.PostForm(fmt.Sprintf("/my/travel/%d/delete", seg.ID), nil); r.Status != http.StatusSeeOther {
			t.Errorf("delete own flight: %d", r.Status)
		}
		var n int64
		db.Model(&models.TravelSegment{}).Where("id = ?", seg.ID).Count(&n)
		if n != 0 {
			t.Errorf("flight not deleted")
		}
	})
}

// delegateClient signs in a browser as a delegate account of d.
func delegateClient(t *testing.T, a *apptest.App, d models.Delegate) *apptest.Client {
	t.Helper()
	u := &models.User{Email: d.Email, Name: d.FullName, Role: "delegate", RegistrationID: &d.RegistrationID, DelegateID: &d.ID}
	must(t, a.Store.CreateUser(t.Context(), nil, u, "delegate password 123"))
	c := a.Client()
	c.SignIn(d.Email, "delegate password 123")
	return c
}
