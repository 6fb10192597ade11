package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

var surveyLinkRe = regexp.MustCompile(`/follow-up/([A-Za-z0-9_-]{20,})`)

// TestFollowUpSurveys: rounds go out at the configured months by a clock the test moves, to going
// firms only, once per round; the link needs no sign-in, checks values (whole pounds 0 to £1bn),
// can be edited, answers 410 once expired or closed; staff see response rates and resend; the API
// and the report carry the answers.
func TestFollowUpSurveys(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, time.Date(2027, 6, 16, 12, 0, 0, 0, time.UTC))
		fx := seedItinerary(t, db)
		// A third firm withdrew: it gets no survey.
		firmC := models.Firm{CompanyName: "Gamma Gone Ltd", Postcode: "B3 3CC", Sector: "agri_food", ExportExperience: "none", ContactEmail: "gina@gamma.example"}
		must(t, db.Create(&firmC).Error)
		must(t, db.Create(&models.Registration{MissionID: fx.Mission.ID, FirmID: firmC.ID, Status: "withdrawn", StatusChangedAt: time.Now().UTC()}).Error)
		v := int64(80000)
		must(t, db.Create(&models.MeetingOutcome{MeetingID: fx.FridayMeeting.ID, Source: "staff", Attendance: "held", Interest: "cooperation_possible",
			EstimatedValueGBP: &v, RecordedAt: chicago(12, 11, 0)}).Error)
		ctx := t.Context()
		send := func() int {
			n, err := a.Server.Notify.QueueFollowUps(ctx, a.Now)
			must(t, err)
			return n
		}

		if n := send(); n != 0 {
			t.Fatalf("the day before 3 months after the end: %d links sent", n)
		}
		a.SetNow(time.Date(2027, 6, 17, 12, 0, 0, 0, time.UTC))
		if n := send(); n != 2 {
			t.Fatalf("3 months after the end: %d links, want 2 (the going firms)", n)
		}
		if n := send(); n != 0 {
			t.Errorf("run again: %d more links, want none (once per round)", n)
		}
		var links []models.FollowUp
		must(t, db.Order("registration_id").Find(&links).Error)
		if len(links) != 2 || links[0].RegistrationID != fx.RegA.ID || links[1].RegistrationID != fx.RegB.ID ||
			links[0].Email != "ann@alpha.example" || links[1].Email != "carol@beta.example" {
			t.Fatalf("survey links made: %+v (want firm A's and firm B's contacts, not the withdrawn firm's)", links)
		}
		link := "/follow-up/" + links[0].Token

		staff := signIn(a, mustStaff(t, a))
		page := fmt.Sprintf("/missions/%d/follow-ups", fx.Mission.ID)
		if r := staff.Get(page); !strings.Contains(r.Body, "Answered by 0 of 2 firms") || !strings.Contains(r.Body, link) || strings.Contains(r.Body, "Gamma Gone") {
			t.Errorf("staff page does not list the two links unanswered:\n%s", r.Body)
		}

		firm := a.Client() // no sign-in
		r := firm.Get(link)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "Lakeshore Foods") || strings.Contains(r.Body, "SECRET-STAFF-NOTE") {
			t.Fatalf("GET survey: %d", r.Status)
		}
		key := fmt.Sprintf("lead-%d-", fx.FridayMeeting.ID)
		t.Run("bad values are 422 with messages", func(t *testing.T) {
			for _, c := range []struct{ year1, want string }{{"", "at least one year"}, {"1000000001", "at most £1,000,000,000"}, {"12.5", "whole number"}, {"-3", "whole number"}} {
				r := firm.Submit(link, link, url.Values{key + "status": {"export_win"}, key + "year1": {c.year1}, key + "without_support": {"later"}, "satisfaction": {"4"}})
				if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, "There is a problem") {
					t.Errorf("year 1 %q: %d, want 422 saying %q", c.year1, r.Status, c.want)
				}
			}
			if r := firm.Submit(link, link, url.Values{"satisfaction": {"9"}}); r.Status != http.StatusUnprocessableEntity {
				t.Errorf("satisfaction 9: %d, want 422", r.Status)
			}
		})
		t.Run("answered, then changed", func(t *testing.T) {
			r := firm.Submit(link, link, url.Values{key + "status": {"in_negotiation"}, "satisfaction": {"3"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("answer: %d %s", r.Status, r.Body)
			}
			r = firm.Submit(link, link, url.Values{key + "status": {"export_win"}, key + "year1": {"£50,000"}, key + "year2": {"1000000000"},
				key + "without_support": {"would_not_have"}, "satisfaction": {"5"}, "comment": {"Thanks"}, "case_study_consent": {"yes"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("change: %d %s", r.Status, r.Body)
			}
			if body := firm.Get(link).Body; !strings.Contains(body, `value="50000"`) || !strings.Contains(body, "You have answered already") {
				t.Error("the survey does not show the answers given")
			}
		})
		t.Run("staff see it; the API and the report carry it", func(t *testing.T) {
			if r := staff.Get(page); !strings.Contains(r.Body, "Answered by 1 of 2 firms: a response rate of 50.0%") {
				t.Errorf("staff page lacks the response rate")
			}
			u, _ := a.CreateUser("staff", "api-fu@agency.example")
			tok := a.Token(u)
			res := a.API("GET", fmt.Sprintf("/api/v1/missions/%d/follow-ups", fx.Mission.ID), tok, "")
			var out struct {
				Items []struct {
					RegistrationID uint   `json:"registration_id"`
					Satisfaction   *int   `json:"satisfaction"`
					Months         int    `json:"months"`
					Comment        string `json:"comment"`
					Leads          []struct {
						MeetingID      uint   `json:"meeting_id"`
						Status         string `json:"status"`
						Year1          *int64 `json:"year1"`
						Year2          *int64 `json:"year2"`
						WithoutSupport string `json:"without_support"`
					} `json:"leads"`
				} `json:"items"`
				Total          int    `json:"total"`
				FollowUpMonths string `json:"follow_up_months"`
			}
			must(t, json.Unmarshal([]byte(res.Body), &out))
			var answered int
			for _, it := range out.Items {
				if it.RegistrationID == fx.RegA.ID {
					answered++
					if it.Satisfaction == nil || *it.Satisfaction != 5 || it.Months != 3 || it.Comment != "Thanks" || len(it.Leads) != 1 || it.Leads[0].Status != "export_win" ||
						*it.Leads[0].Year1 != 50000 || *it.Leads[0].Year2 != 1000000000 || it.Leads[0].WithoutSupport != "would_not_have" {
						t.Errorf("firm A's answer in the API = %+v", it)
					}
				}
			}
			if out.Total != 2 || answered != 1 || out.FollowUpMonths != "3,6" {
				t.Errorf("follow-ups API = %s", res.Body)
			}
			res = a.API("GET", fmt.Sprintf("/api/v1/missions/%d/report", fx.Mission.ID), tok, "")
			var rep map[string]any
			must(t, json.Unmarshal([]byte(res.Body), &rep))
			if rep["wins_gbp"] != float64(1000050000) || rep["follow_up_response_rate"] != 0.5 || rep["pipeline_gbp"] != float64(0) || rep["satisfaction"] != float64(5) {
				t.Errorf("report after the answer: wins %v, response rate %v, pipeline %v, satisfaction %v", rep["wins_gbp"], rep["follow_up_response_rate"], rep["pipeline_gbp"], rep["satisfaction"])
			}
		})

		t.Run("expired links answer 410; a resend makes a new one", func(t *testing.T) {
			a.SetNow(time.Date(2027, 8, 17, 12, 0, 0, 0, time.UTC)) // 61 days on
			r := firm.Get(link)
			if r.Status != http.StatusGone || !strings.Contains(r.Body, "expired") {
				t.Fatalf("expired link: %d, want 410 saying it expired", r.Status)
			}
			firm.Get("/login")
			if r := firm.PostForm(link, url.Values{"satisfaction": {"1"}}); r.Status != http.StatusGone {
				t.Errorf("POST to an expired link: %d, want 410", r.Status)
			}
			staff := signIn(a, mustStaff(t, a))
			var fu models.FollowUp
			must(t, db.Where("registration_id = ?", fx.RegA.ID).First(&fu).Error)
			r = staff.Submit(page, fmt.Sprintf("%s/%d/resend", page, fu.ID), nil)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("resend: %d", r.Status)
			}
			fresh := surveyLinkRe.FindString(staff.Get(page).Body)
			var again models.FollowUp
			must(t, db.First(&again, fu.ID).Error)
			if again.Token == fu.Token || again.Sends != 2 || !strings.Contains(staff.Get(page).Body, "/follow-up/"+again.Token) || fresh == "" {
				t.Fatalf("resend did not make a new link: %+v", again)
			}
			if r := firm.Get("/follow-up/" + again.Token); r.Status != http.StatusOK || !strings.Contains(r.Body, `value="50000"`) {
				t.Errorf("the new link: %d, want the survey with the answers kept", r.Status)
			}
			if r := firm.Get(link); r.Status != http.StatusNotFound {
				t.Errorf("the old link after a resend: %d, want 404", r.Status)
			}
			var round models.FollowUpRound
			must(t, db.First(&round, fu.RoundID).Error)
			closeRound := fmt.Sprintf("%s/rounds/%d/close", page, round.ID)
			if r := staff.Get(page); !strings.Contains(r.Body, `href="`+closeRound+`"`) {
				t.Errorf("the follow-ups page does not lead to the round's confirmation %s", closeRound)
			}
			if r := staff.Get(closeRound); r.Status != http.StatusOK || !strings.Contains(r.Body, "Are you sure you want to close the 3-month follow-up round?") {
				t.Fatalf("the confirmation of closing the round: %d\n%s", r.Status, r.Body)
			}
			if r := staff.Submit(closeRound, closeRound, nil); r.Status != http.StatusSeeOther {
				t.Fatalf("close round: %d", r.Status)
			}
			if r := firm.Get("/follow-up/" + again.Token); r.Status != http.StatusGone || !strings.Contains(r.Body, "has closed") {
				t.Errorf("a link of a closed round: %d, want 410 saying it closed", r.Status)
			}
		})

		t.Run("the 6-month round goes out at 6 months", func(t *testing.T) {
			a.SetNow(time.Date(2027, 9, 17, 4, 0, 0, 0, time.UTC)) // still the 16th in Chicago
			if n := send(); n != 0 {
				t.Errorf("before 6 months in the mission's zone: %d links", n)
			}
			a.SetNow(time.Date(2027, 9, 17, 6, 0, 0, 0, time.UTC))
			if n := send(); n != 2 {
				t.Errorf("6 months after the end: %d links, want 2", n)
			}
		})

		t.Run("the setting is checked", func(t *testing.T) {
			staff := signIn(a, mustStaff(t, a))
			r := staff.Submit(page, page+"/settings", url.Values{"follow_up_months": {"3, x"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "months from 1 to 36") {
				t.Errorf("bad months: %d", r.Status)
			}
			if r := staff.Submit(page, page+"/settings", url.Values{"follow_up_months": {"12, 3"}}); r.Status != http.StatusSeeOther {
				t.Errorf("good months: %d", r.Status)
			}
			if got, _ := a.Store.FollowUpMonths(t.Context(), fx.Mission.ID); got != "3,12" {
				t.Errorf("months saved as %q, want 3,12", got)
			}
		})

		t.Run("the audit trail names survey and outcome events", func(t *testing.T) {
			u, _ := a.CreateUser("staff", "api-audit@agency.example")
			body := `{"attendance": "held", "interest": "cooperation_possible", "estimated_value_gbp": 90000}`
			if r := a.API("PUT", fmt.Sprintf("/api/v1/meetings/%d/outcome", fx.FridayMeeting.ID), a.Token(u), body); r.Status != http.StatusOK {
				t.Fatalf("PUT outcome: %d %s", r.Status, r.Body)
			}
			admin, _ := a.SignedIn("admin", "ada-fu@agency.example")
			fuPage := admin.Get("/admin/audit?entity=follow_up").Body
			meetingPage := admin.Get("/admin/audit?entity=meeting").Body
			missionPage := admin.Get(fmt.Sprintf("/admin/audit?entity=mission&mission_id=%d", fx.Mission.ID)).Body
			for _, c := range []struct{ page, want string }{
				{fuPage, "Answered follow-up survey: Alpha Widgets Ltd, 3 months after the mission"},
				{fuPage, "Resent follow-up survey: Alpha Widgets Ltd, 3 months after the mission"},
				{fuPage, "The firm, through its survey link"},
				{fuPage, fmt.Sprintf(`href="/missions/%d/follow-ups"`, fx.Mission.ID)},
				{meetingPage, "Corrected the outcome of meeting: Alpha Widgets Ltd with Carla Diaz"},
				{meetingPage, fmt.Sprintf(`href="/missions/%d/meetings/%d"`, fx.Mission.ID, fx.FridayMeeting.ID)},
				{missionPage, "Opened the follow-up survey round (3 months, 2 firms) of mission: Chicago 2027"},
				{missionPage, "Closed a follow-up survey round of mission: Chicago 2027"},
				{missionPage, "Changed the follow-up survey months of mission: Chicago 2027"},
			} {
				if !strings.Contains(c.page, c.want) {
					t.Errorf("audit page lacks %q", c.want)
				}
			}
			for _, p := range []string{fuPage, meetingPage, missionPage} {
				if strings.Contains(p, "since removed") || strings.Contains(p, " follow_up") || strings.Contains(p, ">follow_up") {
					t.Errorf("the audit page names a survey event by its code or as removed")
				}
			}
		})
	})
}

// mustStaff makes (once) a staff account for the survey tests and returns its email.
func mustStaff(t *testing.T, a *apptest.App) string {
	t.Helper()
	const email = "sam@agency.example"
	if _, err := a.Store.UserByEmail(t.Context(), email); err != nil {
		a.CreateUser("staff", email)
	}
	return email
}

// TestFollowUpMonthsOnTheMission: the follow-up months are a mission setting on the mission form and
// in the mission's JSON (follow_up_months), defaulting to 3,6, kept in order, refused with 422 and a
// message beside the field when they are not 1 to 6 whole months from 1 to 36.
func TestFollowUpMonthsOnTheMission(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, staff := a.SignedIn("staff", "sam@agency.example")
		tok := a.Token(staff)
		bad := []struct{ value, want string }{
			{"x", "Enter months from 1 to 36"}, {"0", "Enter months from 1 to 36"}, {"37", "Enter months from 1 to 36"},
			{"3.5", "Enter months from 1 to 36"}, {"-3", "Enter months from 1 to 36"}, {"1,2,3,4,5,6,7", "at most 6 rounds"}, {",", "Enter the months"},
		}
		for _, b := range bad {
			f := missionForm()
			f.Set("follow_up_months", b.value)
			r := c.Submit("/missions/new", "/missions", f)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, b.want) || !strings.Contains(r.Body, `href="#follow_up_months"`) ||
				!strings.Contains(r.Body, `value="`+b.value+`"`) {
				t.Errorf("form with follow_up_months %q: %d, want 422 saying %q beside the field, keeping what was typed", b.value, r.Status, b.want)
			}
			body := fmt.Sprintf(`{"name":"Chicago","destination_city":"Chicago","start_date":"2027-03-11","end_date":"2027-03-17","registration_closes":"2027-02-12","follow_up_months":%q}`, b.value)
			r = a.API("POST", "/api/v1/missions", tok, body)
			var out struct{ Errors map[string]string }
			json.Unmarshal([]byte(r.Body), &out)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(out.Errors["follow_up_months"], b.want) {
				t.Errorf("API with follow_up_months %q: %d %s", b.value, r.Status, r.Body)
			}
		}
		if r := a.API("POST", "/api/v1/missions", tok, `{"name":"Chicago","follow_up_months":[3,6]}`); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("follow_up_months as a list: %d, want 422", r.Status)
		}
		var n int64
		must(t, db.Model(&models.Mission{}).Count(&n).Error)
		if n != 0 {
			t.Fatalf("refused settings created %d missions", n)
		}

		// Left out, the default; typed loosely, kept tidy; the follow-ups page shows the same setting.
		r := c.PostForm("/missions", missionForm())
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d", r.Status)
		}
		var m models.Mission
		must(t, db.Order("id DESC").First(&m).Error)
		if m.FollowUpMonths != "3,6" {
			t.Errorf("default follow_up_months = %q, want 3,6", m.FollowUpMonths)
		}
		if edit := c.Get(r.Location() + "/edit"); !strings.Contains(edit.Body, `name="follow_up_months"`) || !strings.Contains(edit.Body, `value="3,6"`) {
			t.Errorf("the mission form lacks the follow-up months")
		}
		f := missionForm()
		f.Set("follow_up_months", " 12, 3 ,3")
		if r := c.Submit(r.Location()+"/edit", r.Location(), f); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.Status)
		}
		res := a.API("GET", fmt.Sprintf("/api/v1/missions/%d", m.ID), tok, "")
		var got map[string]any
		must(t, json.Unmarshal([]byte(res.Body), &got))
		if got["follow_up_months"] != "3,12" {
			t.Errorf("mission JSON follow_up_months = %v, want \"3,12\"", got["follow_up_months"])
		}
		if page := c.Get(fmt.Sprintf("/missions/%d/follow-ups", m.ID)); !strings.Contains(page.Body, `value="3,12"`) {
			t.Errorf("the follow-ups page does not show the mission's setting")
		}
		res = a.API("PATCH", fmt.Sprintf("/api/v1/missions/%d", m.ID), tok, `{"follow_up_months": "6"}`)
		must(t, json.Unmarshal([]byte(res.Body), &got))
		if res.Status != http.StatusOK || got["follow_up_months"] != "6" {
			t.Errorf("PATCH follow_up_months: %d %s", res.Status, res.Body)
		}
		res = a.API("POST", "/api/v1/missions", tok, `{"name":"Dallas","destination_city":"Dallas","start_date":"2027-04-11","end_date":"2027-04-17","registration_closes":"2027-03-12","follow_up_months":"1, 24"}`)
		must(t, json.Unmarshal([]byte(res.Body), &got))
		if res.Status != http.StatusCreated || got["follow_up_months"] != "1,24" {
			t.Errorf("create with follow_up_months: %d %s", res.Status, res.Body)
		}
	})
}
