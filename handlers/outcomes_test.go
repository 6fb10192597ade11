package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestDelegateRecordsOutcomeOnThePhoneForm: a delegate records the outcome of their own firm's meeting
// from the itinerary once it has started, by the plain form a phone without JavaScript posts; a
// delegate of another firm gets 404 for it; staff notes never show; staff correct it and both
// records stay; calendar feeds carry no outcome.
func TestDelegateRecordsOutcomeOnThePhoneForm(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		ann, carol := delegateClient(t, a, fx.AnnA), delegateClient(t, a, fx.CarolB)
		page := fmt.Sprintf("/my/meetings/%d/outcome", fx.FridayMeeting.ID)
		held := func() url.Values {
			return url.Values{"attendance": {"held"}, "interest": {"cooperation_possible"}, "next_step": {"Send samples to the buyer"},
				"estimated_value_gbp": {"£25,000"}, "expected_by-day": {"30"}, "expected_by-month": {"9"}, "expected_by-year": {"2027"}, "notes": {"Keen on the blue widgets"}}
		}

		t.Run("not before the meeting has started", func(t *testing.T) {
			r := ann.Get(page)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, "once it has started") || strings.Contains(r.Body, `name="attendance"`) {
				t.Fatalf("GET %s before the meeting: %d, want the not-yet message without a form", page, r.Status)
			}
			if r := ann.PostForm(page, held()); r.Status != http.StatusConflict {
				t.Errorf("POST before the meeting: %d, want 409", r.Status)
			}
			if strings.Contains(ann.Get("/my/itinerary").Body, page) {
				t.Error("the itinerary offers the outcome form before the meeting")
			}
		})

		a.SetNow(chicago(12, 10, 30))                                     // the Friday meeting has started; Monday's have not
		ann, carol = signIn(a, fx.AnnA.Email), signIn(a, fx.CarolB.Email) // sessions end when the clock jumps months
		t.Run("offered from the itinerary once started", func(t *testing.T) {
			body := ann.Get("/my/itinerary").Body
			if !strings.Contains(body, page) {
				t.Error("the itinerary does not link to the outcome form of a started meeting")
			}
			if strings.Contains(body, fmt.Sprintf("/my/meetings/%d/outcome", fx.MondayDowntown.ID)) {
				t.Error("the itinerary offers the outcome form of a meeting not yet started")
			}
		})

		t.Run("the form is plain HTML and keeps staff notes out", func(t *testing.T) {
			r := ann.Get(page)
			if r.Status != http.StatusOK {
				t.Fatalf("GET %s: %d", page, r.Status)
			}
			for _, want := range []string{`type="radio"`, `name="attendance"`, `name="interest"`, `name="estimated_value_gbp"`, `inputmode="numeric"`, `name="expected_by-day"`, `name="viewport"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("outcome form lacks %s", want)
				}
			}
			if strings.Contains(r.Body, "<script") || strings.Contains(r.Body, "SECRET-STAFF-NOTE") {
				t.Error("outcome form carries a script or staff notes")
			}
		})

		t.Run("bad input is 422 with messages and keeps what was typed", func(t *testing.T) {
			bad := url.Values{"attendance": {"held"}, "estimated_value_gbp": {"12.50"}, "next_step": {"Call back"}}
			r := ann.Submit(page, page, bad)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("POST bad outcome: %d, want 422", r.Status)
			}
			for _, want := range []string{"There is a problem", "Select how interested the contact was", "whole number of pounds", `value="Call back"`, `value="12.50"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("422 page lacks %q", want)
				}
			}
			r = ann.Submit(page, page, url.Values{"attendance": {"held"}, "interest": {"informative"}, "estimated_value_gbp": {"1000000001"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "at most £1,000,000,000") {
				t.Errorf("POST £1bn + 1: %d, want 422 naming the limit", r.Status)
			}
		})

		t.Run("a delegate of another firm can neither see nor change it", func(t *testing.T) {
			if r := carol.Get(page); r.Status != http.StatusNotFound {
				t.Errorf("firm B's delegate GET %s: %d, want 404", page, r.Status)
			}
			carol.Get("/my/itinerary")
			if r := carol.PostForm(page, held()); r.Status != http.StatusNotFound {
				t.Errorf("firm B's delegate POST %s: %d, want 404", page, r.Status)
			}
			recs, err := a.Store.MeetingOutcomes(t.Context(), fx.FridayMeeting.ID)
			must(t, err)
			if recs.Effective() != nil {
				t.Errorf("firm B's delegate recorded an outcome of firm A's meeting: %+v", recs.Effective())
			}
		})

		t.Run("the delegate records it", func(t *testing.T) {
			r := ann.Submit(page, page, held())
			if r.Status != http.StatusSeeOther || r.Location() != "/my/itinerary" {
				t.Fatalf("POST outcome: %d → %q, want 303 to /my/itinerary", r.Status, r.Location())
			}
			recs, err := a.Store.MeetingOutcomes(t.Context(), fx.FridayMeeting.ID)
			must(t, err)
			d := recs.Delegate
			if d == nil || d.Attendance != "held" || !d.IsLead() || d.EstimatedValueGBP == nil || *d.EstimatedValueGBP != 25000 ||
				d.ExpectedBy == nil || d.ExpectedBy.String() != "2027-09-30" || d.RecordedByName != "Ann Archer" || !d.RecordedAt.Equal(chicago(12, 10, 30)) {
				t.Fatalf("delegate's record = %+v", d)
			}
			if !strings.Contains(ann.Get("/my/itinerary").Body, "Outcome recorded") {
				t.Error("the itinerary does not say the outcome is recorded")
			}
			if r := carol.Get("/my/itinerary"); strings.Contains(r.Body, "Send samples to the buyer") {
				t.Error("firm B's delegate sees firm A's outcome")
			}
		})

		staff, _ := a.SignedIn("staff", "sam@agency.example")
		meetingPage := fmt.Sprintf("/missions/%d/meetings/%d", fx.Mission.ID, fx.FridayMeeting.ID)
		t.Run("staff see it and correct it; both records are kept", func(t *testing.T) {
			r := staff.Get(meetingPage)
			if !strings.Contains(r.Body, "Send samples to the buyer") || !strings.Contains(r.Body, "£25,000") {
				t.Fatal("the meeting page does not show the delegate's outcome")
			}
			corr := url.Values{"attendance": {"held"}, "interest": {"informative"}, "next_step": {"Nothing yet"}}
			r = staff.Submit(meetingPage, meetingPage+"/outcome", corr)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("staff correct outcome: %d", r.Status)
			}
			recs, err := a.Store.MeetingOutcomes(t.Context(), fx.FridayMeeting.ID)
			must(t, err)
			if recs.Staff == nil || recs.Staff.Interest != "informative" || recs.Effective() != recs.Staff || recs.Delegate == nil || recs.Delegate.Interest != "cooperation_possible" {
				t.Fatalf("after the correction: staff %+v, delegate %+v", recs.Staff, recs.Delegate)
			}
			if body := staff.Get(meetingPage).Body; !strings.Contains(body, "own record") || !strings.Contains(body, "correct outcome") {
				t.Errorf("the meeting page lacks the firm's own record or the correction in its history: %s", body)
			}
			if body := ann.Get(page).Body; !strings.Contains(body, "The mission team has recorded this outcome") || strings.Contains(body, "SECRET-STAFF-NOTE") {
				t.Error("the delegate's page does not show staff's correction, or shows staff notes")
			}
			r = staff.Submit(meetingPage, meetingPage+"/outcome", url.Values{"attendance": {"maybe"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Select whether the meeting was held") {
				t.Errorf("staff bad outcome: %d, want 422 with the message", r.Status)
			}
		})

		t.Run("calendar feeds carry no outcome", func(t *testing.T) {
			feed, err := a.Store.CreateCalendarFeed(t.Context(), nil, fx.RegA.ID, nil, testNow)
			must(t, err)
			r := a.Client().Get("/feeds/" + feed.Token + ".ics")
			if r.Status != http.StatusOK {
				t.Fatalf("feed: %d", r.Status)
			}
			for _, secret := range []string{"Send samples", "Nothing yet", "Keen on the blue", "25000", "Informative"} {
				if strings.Contains(r.Body, secret) {
					t.Errorf("calendar feed carries the outcome text %q", secret)
				}
			}
		})

		t.Run("the mission page counts past meetings without an outcome", func(t *testing.T) {
			a.SetNow(chicago(15, 12, 0)) // Friday's has an outcome; Monday's two have started; firm B's has not
			staff := signIn(a, "sam@agency.example")
			r := staff.Get(fmt.Sprintf("/missions/%d", fx.Mission.ID))
			if !strings.Contains(r.Body, "2 past meeting(s) have no outcome yet") {
				t.Errorf("mission page does not count 2 meetings without an outcome")
			}
			r = staff.Get(fmt.Sprintf("/missions/%d/outcomes", fx.Mission.ID))
			for _, id := range []uint{fx.MondayDowntown.ID, fx.MondayRockford.ID} {
				if !strings.Contains(r.Body, fmt.Sprintf("/meetings/%d#outcome", id)) {
					t.Errorf("the list of meetings without an outcome lacks meeting %d", id)
				}
			}
			if strings.Contains(r.Body, fmt.Sprintf("/meetings/%d#outcome", fx.FridayMeeting.ID)) {
				t.Error("the list includes a meeting that has an outcome")
			}
		})
	})
}

// signIn signs a new browser in as an account made by delegateClient or SignedIn.
func signIn(a *apptest.App, email string) *apptest.Client {
	c := a.Client()
	pw := "delegate password 123"
	if strings.HasSuffix(email, "@agency.example") {
		pw = "correct horse battery staple"
	}
	c.SignIn(email, pw)
	return c
}

// TestOutcomeAPI: PUT /api/v1/meetings/:mid/outcome answers 200 with the outcome, GET of the meeting
// carries it as "outcome", and values outside whole pounds 0 to £1bn are 422.
func TestOutcomeAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, chicago(16, 18, 0))
		fx := seedItinerary(t, db)
		u, _ := a.CreateUser("staff", "api@agency.example")
		tok := a.Token(u)
		path := fmt.Sprintf("/api/v1/meetings/%d/outcome", fx.MondayRockford.ID)

		r := a.API("PUT", path, tok, `{"attendance":"held","interest":"cooperation_possible","next_step":"Pilot","estimated_value_gbp":120000,"expected_by":"2027-12-31","notes":"For the firm"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("PUT outcome: %d %s", r.Status, r.Body)
		}
		var out map[string]any
		must(t, json.Unmarshal([]byte(r.Body), &out))
		if out["attendance"] != "held" || out["estimated_value_gbp"] != float64(120000) || out["expected_by"] != "2027-12-31" || out["lead"] != true || out["source"] != "staff" {
			t.Errorf("PUT answered %v", out)
		}
		r = a.API("GET", fmt.Sprintf("/api/v1/meetings/%d", fx.MondayRockford.ID), tok, "")
		var mt struct {
			ID      uint
			Outcome *struct {
				Attendance        string  `json:"attendance"`
				EstimatedValueGBP int64   `json:"estimated_value_gbp"`
				Records           []any   `json:"records"`
				RecordedBy        string  `json:"recorded_by"`
				ExpectedBy        *string `json:"expected_by"`
			} `json:"outcome"`
		}
		must(t, json.Unmarshal([]byte(r.Body), &mt))
		if mt.Outcome == nil || mt.Outcome.Attendance != "held" || mt.Outcome.EstimatedValueGBP != 120000 || len(mt.Outcome.Records) != 1 || mt.Outcome.RecordedBy != "api" {
			t.Errorf("GET meeting outcome = %+v (%s)", mt.Outcome, r.Body)
		}
		r = a.API("GET", fmt.Sprintf("/api/v1/meetings/%d", fx.MondayDowntown.ID), tok, "")
		if !strings.Contains(r.Body, `"outcome":null`) {
			t.Errorf("a meeting without an outcome: %s", r.Body)
		}

		for _, body := range []string{
			`{"attendance":"held","interest":"informative","estimated_value_gbp":-1}`,
			`{"attendance":"held","interest":"informative","estimated_value_gbp":1000000001}`,
			`{"attendance":"held","interest":"informative","estimated_value_gbp":12.5}`,
			`{"attendance":"held","interest":"informative","estimated_value_gbp":"lots"}`,
			`{"attendance":"held","interest":"informative","expected_by":"31/12/2027"}`,
			`{"attendance":"held"}`,
			`{"attendance":"gone"}`,
		} {
			r := a.API("PUT", path, tok, body)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"errors"`) {
				t.Errorf("PUT %s: %d %s, want 422", body, r.Status, r.Body)
			}
		}
		r = a.API("PUT", path, tok, `{"attendance":"held","interest":"informative","estimated_value_gbp":1000000000}`)
		if r.Status != http.StatusOK {
			t.Errorf("PUT £1bn exactly: %d %s", r.Status, r.Body)
		}
		r = a.API("PUT", path, tok, `{"attendance":"no_show_contact","interest":"informative","estimated_value_gbp":5}`)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"interest":""`) || !strings.Contains(r.Body, `"estimated_value_gbp":null`) {
			t.Errorf("a no-show keeps no interest or value: %d %s", r.Status, r.Body)
		}
		// Firm B's meeting starts on the 16th at 14:00 Chicago time: before the clock, fine; cancelled: 409.
		if r := a.API("PUT", fmt.Sprintf("/api/v1/meetings/%d/outcome", fx.CancelledMeet.ID), tok, `{"attendance":"held","interest":"informative"}`); r.Status != http.StatusConflict {
			t.Errorf("outcome of a cancelled meeting: %d, want 409", r.Status)
		}
		a.SetNow(chicago(16, 13, 0))
		if r := a.API("PUT", fmt.Sprintf("/api/v1/meetings/%d/outcome", fx.BMeeting.ID), tok, `{"attendance":"held","interest":"informative"}`); r.Status != http.StatusConflict {
			t.Errorf("outcome of a meeting not yet started: %d, want 409", r.Status)
		}
	})
}

// TestStaffBookAfterTheFactAndRecordOutcome: a meeting arranged on the spot is booked after it took
// place (the same clash rules apply) and its outcome recorded like any other.
func TestStaffBookAfterTheFactAndRecordOutcome(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, chicago(17, 12, 0))
		fx := seedItinerary(t, db)
		staff, _ := a.SignedIn("staff", "sam@agency.example")
		form := fmt.Sprintf("/missions/%d/meetings/new", fx.Mission.ID)
		action := fmt.Sprintf("/missions/%d/meetings", fx.Mission.ID)
		vals := func(hhmm string) url.Values {
			return url.Values{"registration_id": {fmt.Sprint(fx.RegA.ID)}, "contact_id": {fmt.Sprint(fx.ContactDowntown.ID)},
				"date-day": {"15"}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {hhmm}, "minutes": {"45"}, "location_id": {fmt.Sprint(fx.Downtown.ID)}}
		}
		// Over firm A's Monday 09:00 meeting: refused, as any booking would be.
		if r := staff.Submit(form, action, vals("09:15")); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("past booking over another meeting: %d, want 422 naming the clash", r.Status)
		}
		r := staff.Submit(form, action, vals("14:00"))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("past booking: %d %s", r.Status, r.Body)
		}
		page := r.Location()
		body := staff.Get(page).Body
		if !strings.Contains(body, `name="attendance"`) {
			t.Fatal("a meeting booked after it took place offers no outcome form")
		}
		r = staff.Submit(page, page+"/outcome", url.Values{"attendance": {"held"}, "interest": {"cooperation_possible"}, "estimated_value_gbp": {"5000"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("outcome of the past booking: %d", r.Status)
		}
		var o models.MeetingOutcome
		must(t, db.Where("source = 'staff' AND estimated_value_gbp = 5000").First(&o).Error)
		if !strings.HasSuffix(page, fmt.Sprint(o.MeetingID)) {
			t.Errorf("the outcome belongs to meeting %d, not %s", o.MeetingID, page)
		}
	})
}
