package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

func TestPrivacyNoticeIsBuiltFromTheRetentionSettingsAndLinkedEverywhere(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.NewWith(t, db, testNow, map[string]string{"PRIVACY_CONTACT": "dpo@agency.example"})
		fx := seedItinerary(t, db)
		staff, _ := a.SignedIn("staff", "sam@agency.example")
		must(t, db.Model(&models.Mission{}).Where("id = ?", fx.Mission.ID).Update("status", "open").Error)

		// Staff set the mission's retention on its form; a bad value is refused beside its field.
		edit := fmt.Sprintf("/missions/%d/edit", fx.Mission.ID)
		vals := missionFormValues(t, db, fx.Mission.ID)
		vals.Set("personal_data_retention_months", "0")
		vals.Set("needs_retention_days", "14")
		r := staff.Submit(edit, fmt.Sprintf("/missions/%d", fx.Mission.ID), vals)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Keep delegates&#39; personal details for at least 1 month") || !strings.Contains(r.Body, `value="14"`) {
			t.Fatalf("bad retention: %d", r.Status)
		}
		vals.Set("personal_data_retention_months", "18")
		if r := staff.PostForm(fmt.Sprintf("/missions/%d", fx.Mission.ID), vals); r.Status != http.StatusSeeOther {
			t.Fatalf("save retention: %d\n%s", r.Status, r.Body)
		}

		anon := a.Client()
		r = anon.Get("/privacy")
		if r.Status != http.StatusOK {
			t.Fatalf("/privacy: %d", r.Status)
		}
		for _, want := range []string{"dpo@agency.example", "Chicago 2027", "31 March 2027 (14 days)", "17 September 2028 (18 months)",
			"30 days</strong> after the mission ends", "12 months</strong> after the mission ends", "Dietary requirements and access needs"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the notice lacks %q", want)
			}
		}
		// Linked from every page's footer, the invitation page and the forms that collect personal data.
		link := `href="/privacy"`
		for _, page := range []struct {
			c    *apptest.Client
			path string
		}{
			{anon, "/login"}, {anon, "/privacy"}, {anon, "/no-such-page"}, {staff, "/missions"},
			{staff, fmt.Sprintf("/missions/%d/registrations/new", fx.Mission.ID)},
			{staff, fmt.Sprintf("/missions/%d/registrations/%d/delegates/new", fx.Mission.ID, fx.RegB.ID)},
			{staff, "/contacts/new"},
		} {
			r := page.c.Get(page.path)
			if strings.Count(r.Body, link) < 1 {
				t.Errorf("%s (%d) does not link the privacy notice", page.path, r.Status)
			}
		}
		inv := staff.Submit(fx.pageA(), fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/invitation", fx.Mission.ID, fx.RegA.ID, fx.BobA.ID), nil)
		if inv.Status != http.StatusCreated && inv.Status != http.StatusSeeOther {
			t.Fatalf("invite: %d", inv.Status)
		}
		body := inv.Body
		if inv.Status == http.StatusSeeOther {
			body = staff.Get(inv.Location()).Body
		}
		m := invitationLinkRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no invitation link shown:\n%s", body)
		}
		if r := a.Client().Get(m[1]); r.Status != http.StatusOK || strings.Count(r.Body, link) < 2 {
			t.Errorf("the invitation page (%d) does not link the notice in its text", r.Status)
		}
	})
}

var invitationLinkRe = regexp.MustCompile(`http://localhost:8080(/invitations/[A-Za-z0-9_-]+)`)

func TestMissionPageWarnsStaffBeforeRemoval(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db) // ends 17 March 2027: needs go 16 April 2027, phones 17 March 2028
		_, pw := a.CreateUser("staff", "sam@agency.example")
		staff := a.Client()
		at := func(now time.Time) { // the clock moves months: sign in again each time
			a.SetNow(now)
			staff.SignIn("sam@agency.example", pw)
		}
		page := fmt.Sprintf("/missions/%d", fx.Mission.ID)
		warning := "Delegates&#39; dietary and access needs, travel documents, emergency contacts and hotel bookings will be removed on 16 April 2027"
		at(time.Date(2027, 3, 16, 12, 0, 0, 0, time.UTC)) // 31 days ahead
		if r := staff.Get(page); strings.Contains(r.Body, warning) || !strings.Contains(r.Body, "Kept until 16 April 2027") {
			t.Errorf("31 days ahead: warning shown too early, or the date missing")
		}
		at(time.Date(2027, 3, 17, 12, 0, 0, 0, time.UTC)) // 30 days ahead
		if r := staff.Get(page); !strings.Contains(r.Body, warning) || !strings.Contains(r.Body, "in 30 days") {
			t.Errorf("30 days ahead: no warning")
		}
		at(time.Date(2028, 2, 20, 12, 0, 0, 0, time.UTC))
		r := staff.Get(page)
		if !strings.Contains(r.Body, "phone numbers, flights and the notes about them will be removed on 17 March 2028") {
			t.Errorf("no warning before the personal data removal")
		}
		if !strings.Contains(r.Body, "emergency contacts and hotel bookings are due to be removed now") {
			t.Errorf("an overdue removal is not shown")
		}
		_, err := privacy.New(a.Store).Purge(context.Background(), time.Date(2028, 2, 20, 12, 0, 0, 0, time.UTC))
		must(t, err)
		if r := staff.Get(page); strings.Contains(r.Body, "are due to be removed now") || !strings.Contains(r.Body, "Removed on 20 Feb 2028") {
			t.Errorf("the page does not show the removal done")
		}
	})
}

func TestAdminAnswersAccessAndErasureRequests(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		admin, _ := a.SignedIn("admin", "ada@agency.example")
		staff, _ := a.SignedIn("staff", "sam@agency.example")
		if r := staff.Get("/admin/privacy"); r.Status != http.StatusForbidden {
			t.Fatalf("staff on /admin/privacy: %d", r.Status)
		}
		if r := admin.Get("/admin/privacy?email=not-an-address"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter an email address in the correct format") || !strings.Contains(r.Body, `value="not-an-address"`) {
			t.Fatalf("bad address: %d", r.Status)
		}
		r := admin.Get("/admin/privacy?email=ANN@alpha.example")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "<td>delegates</td><td>1</td>") || !strings.Contains(r.Body, "<td>firms</td><td>1</td>") {
			t.Fatalf("summary: %d\n%s", r.Status, r.Body)
		}
		start := time.Now()
		r = admin.Get("/admin/privacy/export.json?email=ann@alpha.example")
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("JSON export: %d", r.Status)
		}
		var doc struct {
			Tables map[string][]map[string]any `json:"tables"`
		}
		must(t, json.Unmarshal([]byte(r.Body), &doc))
		if len(doc.Tables["delegates"]) != 1 || doc.Tables["delegates"][0]["dietary_requirements"] != "Vegetarian" || len(doc.Tables["travel_segments"]) != 1 {
			t.Errorf("JSON export tables: %v", doc.Tables["delegates"])
		}
		r = admin.Get("/admin/privacy/export.xlsx?email=ann@alpha.example")
		if r.Status != http.StatusOK {
			t.Fatalf("xlsx export: %d", r.Status)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		must(t, err)
		if rows, _ := f.GetRows("delegates"); len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "Ann Archer") {
			t.Errorf("xlsx delegates sheet: %v", rows)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("the exports took %s", time.Since(start))
		}

		confirm := "/admin/privacy/erase?email=ann@alpha.example"
		if r := admin.Get(confirm); r.Status != http.StatusOK || !strings.Contains(r.Body, "Erasure cannot be undone") {
			t.Fatalf("confirmation page: %d", r.Status)
		}
		r = admin.PostForm("/admin/privacy/erase", url.Values{"email": {"ann@alpha.example"}, "confirm_email": {"bob@alpha.example"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Type the same email address again") {
			t.Fatalf("wrong confirmation: %d", r.Status)
		}
		var ann models.Delegate
		must(t, db.First(&ann, fx.AnnA.ID).Error)
		if ann.FullName != "Ann Archer" {
			t.Fatal("erased without confirmation")
		}
		r = admin.PostForm("/admin/privacy/erase", url.Values{"email": {"ann@alpha.example"}, "confirm_email": {" Ann@Alpha.example "}})
		if r.Status != http.StatusSeeOther || r.Location() != "/admin/privacy" {
			t.Fatalf("erase: %d %s", r.Status, r.Location())
		}
		if r := admin.Get("/admin/privacy"); !strings.Contains(r.Body, "Erasure done") {
			t.Error("no confirmation message")
		}
		must(t, db.First(&ann, fx.AnnA.ID).Error)
		if ann.FullName != "A delegate of Alpha Widgets Ltd" || ann.Email == "ann@alpha.example" {
			t.Errorf("delegate after erasure: %+v", ann)
		}
		if r := admin.Get("/admin/privacy?email=ann@alpha.example"); !strings.Contains(r.Body, "Nothing is held about this address") {
			t.Error("the address is still found after erasure")
		}
		var requests int64
		must(t, db.Model(&models.AuditEvent{}).Where("entity = 'person' AND action IN ?", []string{"erase", "subject_access"}).Count(&requests).Error)
		if requests != 3 { // two downloads and the erasure
			t.Errorf("%d privacy requests in the audit trail, want 3", requests)
		}
		if r := admin.Get("/admin/audit"); r.Status != http.StatusOK || strings.Contains(r.Body, "ann@alpha.example") {
			t.Errorf("the audit trail (%d) still shows the address", r.Status)
		}
		if r := staff.Get(fx.pageA()); r.Status != http.StatusOK || !strings.Contains(r.Body, "A delegate of Alpha Widgets Ltd") {
			t.Errorf("the itinerary after erasure: %d", r.Status)
		}
	})
}
