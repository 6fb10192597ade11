package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

// A refused booking says why once in the error summary and once beside the time; the box beside them
// names the meeting it clashes with (a link to it, its time and place) rather than repeating the message.
func TestClashMessageOnceWithTheClashingMeeting(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		mp := fmt.Sprintf("/missions/%d", f.Mission.ID)
		r := c.Submit(mp+"/meetings/new", mp+"/meetings", url.Values{
			"registration_id": {fmt.Sprint(f.RegA.ID)}, "contact_id": {fmt.Sprint(f.ContactRockfd.ID)},
			"date-day": {"12"}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {"10:15"}, "minutes": {"30"},
		})
		if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusConflict {
			t.Fatalf("clashing booking: %d", r.Status)
		}
		i := strings.Index(r.Body, `id="start_time-error"`)
		if i < 0 {
			t.Fatalf("no message beside the time:\n%s", r.Body)
		}
		msg := r.Body[i:]
		msg = msg[strings.Index(msg, "</span>")+len("</span>"):]
		msg = strings.TrimSpace(msg[:strings.Index(msg, "</p>")])
		if !strings.Contains(msg, "Alpha Widgets Ltd") {
			t.Fatalf("the message %q does not name the firm", msg)
		}
		if n := strings.Count(r.Body, msg); n != 2 {
			t.Errorf("the clash message appears %d times, want 2 (summary and inline): %q", n, msg)
		}
		box := r.Body[strings.Index(r.Body, "It clashes with"):]
		box = box[:strings.Index(box, "</div>")]
		for _, want := range []string{fmt.Sprintf(`href="%s/meetings/%d"`, mp, f.FridayMeeting.ID), "Carla Diaz", "Fri 12 Mar 10:00–10:45", "Willis Tower, Chicago"} {
			if !strings.Contains(box, want) {
				t.Errorf("the box lacks %q:\n%s", want, box)
			}
		}
	})
}
