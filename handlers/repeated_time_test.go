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

// A departure at 01:30 from Heathrow on the night the UK's clocks go back (Sun 31 Oct 2027) happens
// twice. Main refused it and then refused every way of giving the offset; the forms now offer the
// two readings, without JavaScript.
func flightAt0130(fold string) url.Values {
	v := url.Values{"direction": {"return"}, "carrier": {"BA"}, "number": {"297"}, "from": {"LHR"}, "to": {"ORD"},
		"departs_date-day": {"31"}, "departs_date-month": {"10"}, "departs_date-year": {"2027"}, "departs_time": {"01:30"},
		"arrives_date-day": {"31"}, "arrives_date-month": {"10"}, "arrives_date-year": {"2027"}, "arrives_time": {"05:00"}}
	if fold != "" {
		v.Set("departs_time_fold", fold)
	}
	return v
}

func TestTravelFormsOfferBothReadingsOfARepeatedTime(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		f := seedItinerary(t, db)
		base := fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/travel", f.Mission.ID, f.RegA.ID, f.BobA.ID)

		t.Run("staff form", func(t *testing.T) {
			r := c.Submit(base+"/new", base, flightAt0130(""))
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("no choice: %d\n%s", r.Status, r.Body)
			}
			for _, want := range []string{"2027-10-31 01:30 happens twice at LHR (London): the clocks go back that night. Choose which one you mean",
				`name="departs_time_fold" type="radio" value="first"`, "01:30 BST, the first", `name="departs_time_fold" type="radio" value="second"`, "01:30 GMT, the second",
				`value="01:30"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("the form lacks %q", want)
				}
			}
			if strings.Contains(r.Body, "UTC offset") {
				t.Error("the form still asks for a UTC offset")
			}
			r = c.PostForm(base, flightAt0130("second"))
			if r.Status != http.StatusSeeOther {
				t.Fatalf("the second 01:30: %d\n%s", r.Status, r.Body)
			}
			var seg models.TravelSegment
			must(t, db.Where("delegate_id = ? AND number = ?", f.BobA.ID, "297").First(&seg).Error)
			if want := time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC); !seg.DepartsAt.Equal(want) {
				t.Errorf("departs %s, want %s (01:30 GMT)", seg.DepartsAt, want)
			}
		})
		t.Run("delegate's own form", func(t *testing.T) {
			ann := delegateClient(t, a, f.AnnA)
			r := ann.Submit("/my/travel/new", "/my/travel", flightAt0130(""))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "01:30 BST, the first") {
				t.Fatalf("no choice: %d\n%s", r.Status, r.Body)
			}
			if r := ann.PostForm("/my/travel", flightAt0130("first")); r.Status != http.StatusSeeOther {
				t.Fatalf("the first 01:30: %d\n%s", r.Status, r.Body)
			}
			var seg models.TravelSegment
			must(t, db.Where("delegate_id = ? AND number = ?", f.AnnA.ID, "297").First(&seg).Error)
			if want := time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC); !seg.DepartsAt.Equal(want) {
				t.Errorf("departs %s, want %s (01:30 BST)", seg.DepartsAt, want)
			}
		})
	})
}

// On the meeting form: Chicago's clocks go back on Sun 7 Nov 2027, so 01:30 that night happens twice.
func TestMeetingFormOffersBothReadingsOfARepeatedTime(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 1, 3)
		must(t, db.Model(&models.Mission{}).Where("id = ?", cm.M.ID).Updates(map[string]any{"start_date": models.DateOf(2027, 11, 5), "end_date": models.DateOf(2027, 11, 9),
			"registration_closes": models.DateOf(2027, 10, 1), "day_starts": "00:00", "day_ends": "23:30"}).Error)
		path := fmt.Sprintf("/missions/%d/meetings", cm.M.ID)
		vals := url.Values{"registration_id": {fmt.Sprint(cm.Regs[0].ID)}, "contact_id": {fmt.Sprint(cm.Contacts[0].ID)},
			"date-day": {"7"}, "date-month": {"11"}, "date-year": {"2027"}, "start_time": {"01:30"}, "minutes": {"30"}}
		r := c.Submit(path+"/new", path, vals)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "01:30 CDT, the first") || !strings.Contains(r.Body, "01:30 CST, the second") ||
			!strings.Contains(r.Body, "happens twice in Chicago") {
			t.Fatalf("no choice: %d\n%s", r.Status, r.Body)
		}
		vals.Set("start_time_fold", "second")
		if r := c.PostForm(path, vals); r.Status != http.StatusSeeOther {
			t.Fatalf("the second 01:30: %d\n%s", r.Status, r.Body)
		}
		var mt models.Meeting
		must(t, db.Where("mission_id = ?", cm.M.ID).First(&mt).Error)
		if want := time.Date(2027, 11, 7, 7, 30, 0, 0, time.UTC); !mt.StartsAt.Equal(want) {
			t.Errorf("starts %s, want %s (01:30 CST)", mt.StartsAt, want)
		}
	})
}
