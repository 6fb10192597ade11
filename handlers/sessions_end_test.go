package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

// signedOut reports whether the browser's session has ended (a page sends it to sign in).
func signedOut(c *apptest.Client, page string) bool {
	r := c.Get(page)
	return r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location(), "/login")
}

// The finding: an admin's password reset left the user's open sessions working for up to 12 hours.
func TestAdminPasswordResetEndsSessions(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		admin, _ := a.SignedIn("admin", "ada@agency.example")
		laptop, sam := a.SignedIn("staff", "sam@agency.example")
		phone := a.Client()
		phone.SignIn("sam@agency.example", "correct horse battery staple")
		r := admin.Submit(fmt.Sprintf("/admin/users/%d/password", sam.ID), fmt.Sprintf("/admin/users/%d/password", sam.ID),
			url.Values{"password": {"a brand new river password"}, "password_confirmation": {"a brand new river password"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d", r.Status)
		}
		if !signedOut(laptop, "/missions") || !signedOut(phone, "/missions") {
			t.Fatal("a session of the user survived the admin's password reset")
		}
		if signedOut(admin, "/admin/users") {
			t.Fatal("the admin's own session ended")
		}
		// The rules apply to an admin's reset too.
		r = admin.Submit(fmt.Sprintf("/admin/users/%d/password", sam.ID), fmt.Sprintf("/admin/users/%d/password", sam.ID),
			url.Values{"password": {"aaaaaaaaaaaa"}, "password_confirmation": {"aaaaaaaaaaaa"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "too easy to guess") {
			t.Fatalf("weak reset: %d", r.Status)
		}
	})
}

// A user changes their own password at /account/password: their other sessions end, this one goes on.
func TestChangeOwnPassword(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		here, _ := a.SignedIn("staff", "sam@agency.example")
		there := a.Client()
		there.SignIn("sam@agency.example", "correct horse battery staple")
		if r := here.Get("/account"); r.Status != http.StatusOK || !strings.Contains(r.Body, "sam@agency.example") || !strings.Contains(r.Body, "Sign out of every session") {
			t.Fatalf("account page: %d", r.Status)
		}
		tests := []struct {
			name, current, password, confirmation, field, want string
		}{
			{"wrong current password", "not my password", "a brand new river password", "a brand new river password", "current_password", "not right"},
			{"too short", "correct horse battery staple", "short", "short", "password", "12 characters"},
			{"too easy", "correct horse battery staple", "aaaaaaaaaaaa", "aaaaaaaaaaaa", "password", "too easy to guess"},
			{"contains the email", "correct horse battery staple", "sam river lamp table", "sam river lamp table", "password", "must not contain your email"},
			{"confirmation differs", "correct horse battery staple", "a brand new river password", "a brand new river pass", "password_confirmation", "same password"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := here.Submit("/account/password", "/account/password", url.Values{"current_password": {tt.current}, "password": {tt.password}, "password_confirmation": {tt.confirmation}})
				if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tt.want) || !strings.Contains(r.Body, `id="`+tt.field+`-error"`) {
					t.Fatalf("%d, want 422 with %q on %s", r.Status, tt.want, tt.field)
				}
			})
		}
		r := here.Submit("/account/password", "/account/password", url.Values{"current_password": {"correct horse battery staple"}, "password": {"a brand new river password"}, "password_confirmation": {"a brand new river password"}})
		if r.Status != http.StatusSeeOther || r.Location() != "/account" {
			t.Fatalf("change: %d %s", r.Status, r.Location())
		}
		if r := here.Get("/account"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Your password has been changed") {
			t.Fatalf("this session after the change: %d", r.Status)
		}
		if !signedOut(there, "/missions") {
			t.Fatal("the other session survived the password change")
		}
		fresh := a.Client()
		fresh.SignIn("sam@agency.example", "a brand new river password")
		if r := a.Client().Submit("/login", "/login", url.Values{"email": {"sam@agency.example"}, "password": {"correct horse battery staple"}}); r.Status != http.StatusUnauthorized {
			t.Fatalf("old password: %d", r.Status)
		}
		// Signed-out visitors are sent to sign in.
		if !signedOut(a.Client(), "/account/password") {
			t.Fatal("/account/password without signing in")
		}
	})
}

// A user signs out of every session from the account page, this one included.
func TestSignOutEverywhere(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		here, _ := a.SignedIn("staff", "sam@agency.example")
		there := a.Client()
		there.SignIn("sam@agency.example", "correct horse battery staple")
		r := here.Submit("/account", "/account/sessions/end", nil)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
			t.Fatalf("sign out everywhere: %d %s", r.Status, r.Location())
		}
		if !signedOut(here, "/missions") || !signedOut(there, "/missions") {
			t.Fatal("a session survived signing out everywhere")
		}
		there.SignIn("sam@agency.example", "correct horse battery staple")
		if signedOut(there, "/missions") {
			t.Fatal("cannot sign in again")
		}
		anon := a.Client()
		anon.Get("/login")
		if r := anon.PostForm("/account/sessions/end", nil); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
			t.Fatalf("anonymous: %d %s", r.Status, r.Location())
		}
	})
}

// Admins disable and enable accounts: disabling ends the sessions and stops the API tokens.
func TestDisableAndEnableAccounts(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		admin, me := a.SignedIn("admin", "ada@agency.example")
		staff, sam := a.SignedIn("staff", "sam@agency.example")
		token := a.Token(sam)
		if r := a.API("GET", "/api/v1/missions", token, ""); r.Status != http.StatusOK {
			t.Fatalf("token before: %d", r.Status)
		}
		if r := admin.Submit("/admin/users", fmt.Sprintf("/admin/users/%d/disable", sam.ID), nil); r.Status != http.StatusSeeOther {
			t.Fatalf("disable: %d", r.Status)
		}
		if !signedOut(staff, "/missions") {
			t.Fatal("the disabled account's session survived")
		}
		if r := a.API("GET", "/api/v1/missions", token, ""); r.Status != http.StatusUnauthorized {
			t.Fatalf("disabled account's token: %d, want 401", r.Status)
		}
		if r := a.Client().Submit("/login", "/login", url.Values{"email": {"sam@agency.example"}, "password": {"correct horse battery staple"}}); r.Status != http.StatusUnauthorized {
			t.Fatalf("disabled account signs in: %d, want 401", r.Status)
		}
		if r := admin.Get("/admin/users"); !strings.Contains(r.Body, "Disabled") || !strings.Contains(r.Body, fmt.Sprintf("/admin/users/%d/enable", sam.ID)) {
			t.Fatal("the users page does not show the account disabled")
		}
		if r := admin.Submit("/admin/users", fmt.Sprintf("/admin/users/%d/enable", sam.ID), nil); r.Status != http.StatusSeeOther {
			t.Fatalf("enable: %d", r.Status)
		}
		if r := a.API("GET", "/api/v1/missions", token, ""); r.Status != http.StatusOK {
			t.Fatalf("token after enabling: %d", r.Status)
		}
		staff.SignIn("sam@agency.example", "correct horse battery staple")
		// An admin cannot disable their own account, and staff cannot disable anyone.
		if r := admin.Submit("/admin/users", fmt.Sprintf("/admin/users/%d/disable", me.ID), nil); r.Status != http.StatusConflict {
			t.Fatalf("disable own account: %d, want 409", r.Status)
		}
		if r := staff.Submit("/missions", fmt.Sprintf("/admin/users/%d/disable", me.ID), nil); r.Status != http.StatusForbidden {
			t.Fatalf("staff disables an admin: %d, want 403", r.Status)
		}
	})
}

// The finding: the CSRF token was not renewed at sign-in (a token planted before sign-in worked
// after it) and was accepted from the query string.
func TestCSRFTokenRenewedAndReadFromBodyOnly(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		a.CreateUser("staff", "sam@agency.example")
		c := a.Client()
		c.Get("/login")
		planted := c.CSRF()
		c.SignIn("sam@agency.example", "correct horse battery staple")
		if r := c.PostRaw("/account/sessions/end", url.Values{"_csrf": {planted}}); r.Status != http.StatusForbidden {
			t.Fatalf("token from before sign-in: %d, want 403", r.Status)
		}
		c.Get("/account")
		fresh := c.CSRF()
		if fresh == planted {
			t.Fatal("sign-in kept the CSRF token")
		}
		req := httptest.NewRequest(http.MethodPost, "/account/sessions/end?_csrf="+url.QueryEscape(fresh), nil)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r := c.Do(req); r.Status != http.StatusForbidden {
			t.Fatalf("token in the query string: %d, want 403", r.Status)
		}
		// A header carries it as well as the form body does.
		req = httptest.NewRequest(http.MethodPost, "/logout", nil)
		req.Header.Set("X-CSRF-Token", fresh)
		if r := c.Do(req); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
			t.Fatalf("sign out with the token in a header: %d", r.Status)
		}
		// Signing out renews it too.
		c.Get("/login")
		if c.CSRF() == fresh {
			t.Fatal("sign-out kept the CSRF token")
		}
	})
}
