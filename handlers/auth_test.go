package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func TestSignInAndOut(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		_, pw := a.CreateUser("staff", "sam@agency.example")
		c := a.Client()

		r := c.Get("/missions")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login?next=") {
			t.Fatalf("signed out /missions: %d to %q, want 303 to /login", r.Status, r.Location())
		}
		r = c.Get("/login")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `name="_csrf"`) || !strings.Contains(r.Body, `name="email"`) || !strings.Contains(r.Body, `name="password"`) {
			t.Fatalf("login page: %d, missing fields", r.Status)
		}
		before := c.Cookie("sid")

		r = c.PostForm("/login", url.Values{"email": {"sam@agency.example"}, "password": {"wrong password here"}})
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "Enter a correct email address and password") || !strings.Contains(r.Body, "<title>Error: ") {
			t.Fatalf("wrong password: %d", r.Status)
		}
		r = c.PostForm("/login", url.Values{"email": {"SAM@agency.example"}, "password": {pw}, "next": {"/missions"}})
		if r.Status != http.StatusSeeOther || r.Location() != "/missions" {
			t.Fatalf("sign in: %d to %q", r.Status, r.Location())
		}
		sid := r.Header.Values("Set-Cookie")
		var cookie string
		for _, s := range sid {
			if strings.HasPrefix(s, "sid=") {
				cookie = s
			}
		}
		if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
			t.Errorf("session cookie %q: want HttpOnly and SameSite=Lax", cookie)
		}
		if after := c.Cookie("sid"); after == "" || after == before {
			t.Errorf("session id not renewed at sign-in: before %q after %q", before, after)
		}
		if r := c.Get("/missions"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Missions") {
			t.Fatalf("signed in /missions: %d", r.Status)
		}
		r = c.PostForm("/logout", nil)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("sign out: %d", r.Status)
		}
		if page := c.Get(r.Location()); !strings.Contains(page.Body, "You have signed out.") {
			t.Errorf("the sign-in page after signing out does not say so")
		}
		if r := c.Get("/missions"); r.Status != http.StatusSeeOther {
			t.Fatalf("after sign out /missions: %d, want 303", r.Status)
		}
	})
}

func TestFormWithoutCSRFTokenIsRefused(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		c.Get("/missions/new")
		r := c.PostRaw("/missions", missionForm())
		if r.Status != http.StatusForbidden {
			t.Fatalf("POST without _csrf: %d, want 403", r.Status)
		}
		vals := missionForm()
		vals.Set("_csrf", "not-the-token")
		if r := c.PostRaw("/missions", vals); r.Status != http.StatusForbidden {
			t.Fatalf("POST with a wrong _csrf: %d, want 403", r.Status)
		}
		var n int64
		db.Table("missions").Count(&n)
		if n != 0 {
			t.Fatalf("a refused form created %d missions", n)
		}
		// A sign-in form without its token is refused too.
		if r := a.Client().PostRaw("/login", url.Values{"email": {"sam@agency.example"}, "password": {"x"}}); r.Status != http.StatusForbidden {
			t.Fatalf("login without _csrf: %d, want 403", r.Status)
		}
	})
}

func TestSignInThrottled(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		_, pw := a.CreateUser("staff", "sam@agency.example")
		c := a.Client()
		c.Get("/login")
		for i := 0; i < 10; i++ {
			r := c.PostForm("/login", url.Values{"email": {"sam@agency.example"}, "password": {"guess number " + string(rune('a'+i))}})
			if r.Status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d, want 401", i+1, r.Status)
			}
		}
		r := c.PostForm("/login", url.Values{"email": {"sam@agency.example"}, "password": {pw}})
		if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Too many failed attempts") {
			t.Fatalf("right password while locked: %d, want 429", r.Status)
		}
		a.SetNow(testNow.Add(16 * time.Minute))
		if r := c.PostForm("/login", url.Values{"email": {"sam@agency.example"}, "password": {pw}}); r.Status != http.StatusSeeOther {
			t.Fatalf("after the lockout: %d, want 303", r.Status)
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	a := apptest.New(t, apptest.OpenDB(t, "sqlite"), testNow)
	c, _ := a.SignedIn("staff", "sam@agency.example")
	// Used every hour: the idle timeout (2 h) never fires, the absolute one (12 h) does.
	for h := 1; h <= 11; h++ {
		a.SetNow(testNow.Add(time.Duration(h) * time.Hour))
		if r := c.Get("/missions"); r.Status != http.StatusOK {
			t.Fatalf("after %d h of use: %d", h, r.Status)
		}
	}
	a.SetNow(testNow.Add(12*time.Hour + time.Minute))
	if r := c.Get("/missions"); r.Status != http.StatusSeeOther {
		t.Fatalf("past the absolute timeout: %d, want 303 to sign in", r.Status)
	}

	c2, _ := a.SignedIn("staff", "tom@agency.example")
	a.SetNow(a.Now.Add(2*time.Hour + time.Minute))
	if r := c2.Get("/missions"); r.Status != http.StatusSeeOther {
		t.Fatalf("past the idle timeout: %d, want 303 to sign in", r.Status)
	}
}
