package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

func TestAdminManagesStaffAccounts(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		admin, _ := a.SignedIn("admin", "ada@agency.example")
		staff, staffUser := a.SignedIn("staff", "sam@agency.example")

		if r := staff.Get("/admin/users"); r.Status != http.StatusForbidden {
			t.Fatalf("staff on /admin/users: %d, want 403", r.Status)
		}
		if r := staff.Get("/admin/audit"); r.Status != http.StatusForbidden {
			t.Fatalf("staff on /admin/audit: %d, want 403", r.Status)
		}

		r := admin.Submit("/admin/users/new", "/admin/users", url.Values{"name": {""}, "email": {"sam@agency.example"}, "role": {"staff"}, "password": {"short"}, "password_confirmation": {"short"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Password must be 12 characters or more") || !strings.Contains(r.Body, "Enter a name") {
			t.Fatalf("bad account: %d\n%s", r.Status, r.Body)
		}
		r = admin.PostForm("/admin/users", url.Values{"name": {"Sam Again"}, "email": {"SAM@agency.example"}, "role": {"staff"}, "password": {"a good long password"}, "password_confirmation": {"a good long password"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "There is already an account with this email address") || !strings.Contains(r.Body, `value="Sam Again"`) {
			t.Fatalf("duplicate email: %d", r.Status)
		}
		r = admin.PostForm("/admin/users", url.Values{"name": {"Tom Trade"}, "email": {"tom@agency.example"}, "role": {"staff"}, "password": {"a good long password"}, "password_confirmation": {"a good long password"}})
		if r.Status != http.StatusSeeOther || r.Location() != "/admin/users" {
			t.Fatalf("add account: %d", r.Status)
		}
		if page := admin.Get("/admin/users"); !strings.Contains(page.Body, "tom@agency.example") || !strings.Contains(page.Body, "Account added") {
			t.Fatal("new account not listed")
		}
		tom := a.Client()
		tom.SignIn("tom@agency.example", "a good long password")

		path := "/admin/users/" + itoa(staffUser.ID) + "/password"
		r = admin.Submit(path, path, url.Values{"password": {"brand new password 1"}, "password_confirmation": {"brand new password 2"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the same password twice") {
			t.Fatalf("mismatched reset: %d", r.Status)
		}
		r = admin.PostForm(path, url.Values{"password": {"brand new password 1"}, "password_confirmation": {"brand new password 1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d", r.Status)
		}
		if _, err := a.Store.Authenticate(context.Background(), "sam@agency.example", "brand new password 1", "192.0.2.1", testNow); err != nil {
			t.Fatalf("new password does not work: %v", err)
		}
		if page := admin.Get("/admin/audit"); !strings.Contains(page.Body, "Set password: account: ") || !strings.Contains(page.Body, "ada@agency.example") {
			t.Fatal("audit trail lacks the reset")
		}
	})
}

func itoa(n uint) string { return strconv.FormatUint(uint64(n), 10) }
