package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// pageCost is one page and the most statements one view of it may send.
type pageCost struct {
	path     string
	maxReads int
}

// TestPagesReadBoundedAndWriteNothing views every main page, signed in, and counts the statements each
// view sends: none may write, and each reads no more than its bound (the session, the user and the
// page's own queries).
func TestPagesReadBoundedAndWriteNothing(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		staff, _ := a.SignedIn("admin", "sam@agency.example")
		delegate := delegateClient(t, a, f.AnnA)
		token := a.Token(a.MustUser("sam@agency.example"))
		counter := apptest.CountStatements(db)

		m, r := f.Mission.ID, f.RegA.ID
		staffPages := []pageCost{
			{"/missions", 4},
			{fmt.Sprintf("/missions/%d", m), 5}, // the timetable check's count is kept between views; meetings without an outcome: 1
			{fmt.Sprintf("/missions/%d/registrations", m), 8},
			{fmt.Sprintf("/missions/%d/registrations/%d", m, r), 12},
			{fmt.Sprintf("/missions/%d/meetings", m), 12},                        // one page of meetings, the names it shows and the pickers
			{fmt.Sprintf("/missions/%d/meetings/%d", m, f.FridayMeeting.ID), 20}, // + the outcome records
			{fmt.Sprintf("/missions/%d/programme", m), 8},
			{fmt.Sprintf("/missions/%d/locations", m), 8},
			{fmt.Sprintf("/missions/%d/registrations/%d/itinerary", m, r), 20},
			{"/contacts", 6},
			{fmt.Sprintf("/contacts/%d", f.ContactDowntown.ID), 8},
			{"/admin/users", 4},
			{"/admin/audit", 9}, // a page of events, their count, the names they refer to (a query per kind), the filters' choices
		}
		view := func(t *testing.T, c *apptest.Client, p pageCost) {
			c.Get(p.path) // warm: the session's CSRF token and last-seen time settle
			counter.Start()
			res := c.Get(p.path)
			reads, writes := counter.Stop()
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s: %d", p.path, res.Status)
			}
			if writes != 0 || reads > p.maxReads {
				t.Errorf("GET %s: %d reads (at most %d) and %d writes (want none):\n%s", p.path, reads, p.maxReads, writes, counter.SQL())
			}
			t.Logf("GET %s: %d statements", p.path, reads)
		}
		for _, p := range staffPages {
			t.Run("staff "+p.path, func(t *testing.T) { view(t, staff, p) })
		}
		for _, p := range []pageCost{{"/my/itinerary", 21}, {"/my/details", 6}, {"/my/travel", 6}} {
			t.Run("delegate "+p.path, func(t *testing.T) { view(t, delegate, p) })
		}
		apiReads := []pageCost{
			{"/api/v1/missions", 4},
			{fmt.Sprintf("/api/v1/missions/%d", m), 4},
			{fmt.Sprintf("/api/v1/missions/%d/registrations", m), 8},
			{fmt.Sprintf("/api/v1/missions/%d/meetings", m), 6},
			{fmt.Sprintf("/api/v1/registrations/%d/itinerary", r), 20},
			{"/api/v1/contacts", 4},
		}
		for _, p := range apiReads {
			t.Run("API "+p.path, func(t *testing.T) {
				a.API("GET", p.path, token, "") // warm: the token's last use is noted at most once a minute
				counter.Start()
				res := a.API("GET", p.path, token, "")
				reads, writes := counter.Stop()
				if res.Status != http.StatusOK {
					t.Fatalf("GET %s: %d %s", p.path, res.Status, res.Body)
				}
				if writes != 0 || reads > p.maxReads {
					t.Errorf("GET %s: %d reads (at most %d) and %d writes (want none):\n%s", p.path, reads, p.maxReads, writes, counter.SQL())
				}
				t.Logf("GET %s: %d statements", p.path, reads)
			})
		}
	})
}

// TestSessionReadOnceAndTouchedOncePerMinute: a signed-in page reads the session row once and the user
// row once, writes nothing within the minute, and notes the visit once a minute has passed.
func TestSessionReadOnceAndTouchedOncePerMinute(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		counter := apptest.CountStatements(db)
		c.Get("/missions")
		count := func(table string) (n int) {
			for _, s := range strings.Split(counter.SQL(), "\n") {
				if strings.Contains(s, `"`+table+`"`) || strings.Contains(s, "`"+table+"`") {
					n++
				}
			}
			return n
		}
		a.SetNow(testNow.Add(30 * time.Second))
		counter.Start()
		c.Get("/missions")
		_, writes := counter.Stop()
		if s, u := count("sessions"), count("users"); s != 1 || u != 1 || writes != 0 {
			t.Errorf("within the minute: session read %d times, user %d times, %d writes; want 1, 1, 0:\n%s", s, u, writes, counter.SQL())
		}
		a.SetNow(testNow.Add(61 * time.Second))
		counter.Start()
		c.Get("/missions")
		_, writes = counter.Stop()
		if s := count("sessions"); writes != 1 || s != 2 {
			t.Errorf("a minute on: %d writes and %d session statements, want the visit noted once:\n%s", writes, s, counter.SQL())
		}
		// The idle timeout counts from that visit: 2 h less a minute later the session still holds.
		a.SetNow(testNow.Add(61*time.Second + 2*time.Hour - time.Minute))
		if r := c.Get("/missions"); r.Status != http.StatusOK {
			t.Fatalf("within the idle timeout of the last noted visit: %d", r.Status)
		}
	})
}

// TestDisabledAccountAndNewPasswordTakeEffectAtOnce: the user is read afresh on every request, so
// disabling an account ends its sessions on their next request.
func TestDisabledAccountTakesEffectAtOnce(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		if r := c.Get("/missions"); r.Status != http.StatusOK {
			t.Fatalf("signed in: %d", r.Status)
		}
		must(t, db.Table("users").Where("id = ?", u.ID).Update("disabled", true).Error)
		if r := c.Get("/missions"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
			t.Fatalf("after the account was disabled: %d to %q, want 303 to sign in", r.Status, r.Location())
		}
		if c.Cookie("sid") != "" {
			t.Errorf("the ended session's cookie was not expired")
		}
		var n int64
		db.Table("sessions").Count(&n)
		if n != 0 {
			t.Errorf("%d sessions left after the only one ended", n)
		}
	})
}

// TestFormWithAnotherSessionsTokenIsRefused: the CSRF token belongs to one session; a form carrying
// another session's token (or none) is refused with 403 and changes nothing.
func TestFormWithAnotherSessionsTokenIsRefused(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		victim, _ := a.SignedIn("staff", "sam@agency.example")
		attacker, _ := a.SignedIn("staff", "eve@agency.example")
		victim.Get("/missions/new")
		attacker.Get("/missions/new")
		if victim.CSRF() == "" || victim.CSRF() == attacker.CSRF() {
			t.Fatalf("tokens: victim %q attacker %q, want two different tokens", victim.CSRF(), attacker.CSRF())
		}
		vals := missionForm()
		vals.Set("_csrf", attacker.CSRF())
		if r := victim.PostRaw("/missions", vals); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Your form has expired") {
			t.Fatalf("POST with another session's token: %d, want 403", r.Status)
		}
		if r := victim.PostRaw("/missions", missionForm()); r.Status != http.StatusForbidden {
			t.Fatalf("POST without a token: %d, want 403", r.Status)
		}
		anon := a.Client()
		anon.Get("/login")
		if r := anon.PostRaw("/login", url.Values{"_csrf": {victim.CSRF()}, "email": {"sam@agency.example"}, "password": {"x"}}); r.Status != http.StatusForbidden {
			t.Fatalf("sign-in with another session's token: %d, want 403", r.Status)
		}
		var n int64
		db.Table("missions").Count(&n)
		if n != 0 {
			t.Fatalf("refused forms created %d missions", n)
		}
		// The victim's own token still works.
		if r := victim.PostForm("/missions", missionForm()); r.Status != http.StatusSeeOther {
			t.Fatalf("POST with the session's own token: %d, want 303", r.Status)
		}
	})
}

// TestMissionPageCountsBreachesCheaply: the mission page's count of rule breaches is kept between views
// (a view reads the session, the user, the mission and the data revision) and follows any change at
// once, by this process or by another instance on the same database.
func TestMissionPageCountsBreachesCheaply(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.NewWith(t, db, testNow, map[string]string{"PAGE_CACHE": "off"}) // rendered, not kept
		f := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		page := fmt.Sprintf("/missions/%d", f.Mission.ID)
		if r := c.Get(page); !strings.Contains(r.Body, "No meeting or programme item breaks a rule") {
			t.Fatalf("a clean timetable:\n%s", r.Body)
		}
		counter := apptest.CountStatements(db)
		counter.Start()
		c.Get(page)
		if reads, writes := counter.Stop(); reads > 5 || writes != 0 {
			t.Errorf("a second view: %d reads, %d writes; want the session, the user, the mission, the data revision and the count of meetings without an outcome:\n%s", reads, writes, counter.SQL())
		}
		// A meeting moved straight in the database to before the working day breaks a rule.
		early, earlyEnd := chicago(12, 6, 0), chicago(12, 6, 45)
		must(t, db.Model(&models.Meeting{}).Where("id = ?", f.MondayRockford.ID).Updates(map[string]any{"starts_at": early, "ends_at": earlyEnd}).Error)
		if r := c.Get(page); !strings.Contains(r.Body, "meeting(s) or programme item(s) break a rule") {
			t.Fatalf("after a clashing meeting was written, the mission page still says:\n%s", r.Body)
		}
		// Another instance (its own connection pool, so not this process's write counter) puts it back.
		other := apptest.Reopen(t, db)
		must(t, other.Model(&models.Meeting{}).Where("id = ?", f.MondayRockford.ID).Updates(map[string]any{"starts_at": f.MondayRockford.StartsAt, "ends_at": f.MondayRockford.EndsAt}).Error)
		if r := c.Get(page); !strings.Contains(r.Body, "No meeting or programme item breaks a rule") {
			t.Fatalf("after another instance mended the meeting, the mission page still says:\n%s", r.Body)
		}
	})
}
