package notify_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestPublishSendsEachDelegateTheirChanges is the first acceptance check: publishing a schedule
// that places 40 meetings across 12 delegates hands exactly 12 messages to the SMTP server, each listing
// exactly that delegate's meetings with the right times on both sides of the US clock change, each
// with an invitation per meeting carrying the feed's UID; a second publish sends nothing.
func TestPublishSendsEachDelegateTheirChanges(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		mail := apptest.StartMailServer(t)
		a := apptest.NewWith(t, db, testNow, mail.Env())
		tm := seedMission(t, a, 6, 20)
		tm.requestMeetings(t, a, 40)
		a.StartNotifier()
		tok := a.Token(tm.Staff)
		start := time.Now()
		r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/schedule", tm.M.ID), tok, `{"publish": true}`)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"published":true`) {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		want := tm.expectedMeetings(t, a)
		total := 0
		for _, ms := range want {
			total += len(ms)
		}
		var scheduled int64
		db.Model(&models.Meeting{}).Where("status = 'scheduled'").Count(&scheduled)
		for email, ms := range want {
			if len(ms) == 0 {
				t.Fatalf("fixture: %s has no meetings", email)
			}
		}
		if scheduled != 40 || len(want) != 12 {
			t.Fatalf("fixture: %d meetings scheduled, %d delegates", scheduled, len(want))
		}
		got := mail.WaitFor(12, 15*time.Second)
		t.Logf("%d messages in %v", len(got), time.Since(start).Round(time.Millisecond))
		if len(got) != 12 {
			var ns []models.Notification
			db.Find(&ns)
			for _, n := range ns {
				t.Logf("%d %s %s attempts=%d err=%s job=%v", n.ID, n.RecipientEmail, n.Status, n.Attempts, n.LastError, n.JobID)
			}
			var jobs []map[string]any
			db.Raw("SELECT id, state, attempt, errors, queue FROM river_job").Scan(&jobs)
			for _, j := range jobs {
				t.Logf("job %v", j)
			}
			t.Fatalf("%d messages, want 12", len(got))
		}
		seen := map[string]bool{}
		sawCST, sawCDT := false, false
		for _, m := range got {
			if len(m.To) != 1 {
				t.Fatalf("recipients %v", m.To)
			}
			to := m.To[0]
			meetings, ok := want[to]
			if !ok || seen[to] {
				t.Fatalf("message to %s: unexpected or repeated", to)
			}
			seen[to] = true
			p := m.Parse(t)
			if p.Header.Get("Reply-To") != "<team@example.org>" || !strings.Contains(p.Header.Get("From"), "missions@example.org") || p.Header.Get("List-Unsubscribe") == "" {
				t.Errorf("headers of %s: %v", to, p.Header)
			}
			if p.Text == "" || !strings.Contains(p.HTML, "<html") {
				t.Errorf("%s: plain text and HTML parts expected", to)
			}
			if n := strings.Count(p.Text, "\nNew: "); n != len(meetings) {
				t.Errorf("%s: %d meetings listed, want %d\n%s", to, n, len(meetings), p.Text)
			}
			if len(p.Attachments) != len(meetings) {
				t.Errorf("%s: %d invitations, want %d", to, len(p.Attachments), len(meetings))
			}
			for id, mt := range meetings {
				att, ok := p.Attachments[fmt.Sprintf("meeting-%d.ics", id)]
				if !ok {
					t.Errorf("%s: no invitation for meeting %d", to, id)
					continue
				}
				cal, err := ics.ParseCalendar(strings.NewReader(att.Content))
				if err != nil {
					t.Fatalf("%s: invitation for meeting %d does not parse: %v", to, id, err)
				}
				ev := cal.Events()
				if len(ev) != 1 || ev[0].Id() != fmt.Sprintf("meeting-%d@localhost", id) || !strings.Contains(att.Content, "METHOD:REQUEST") ||
					ev[0].GetProperty(ics.ComponentPropertySequence).Value != fmt.Sprint(mt.Sequence) {
					t.Errorf("%s: invitation for meeting %d: %s", to, id, att.Content)
				}
				// Chicago is UTC−6 until Sunday 14 March 2027 and UTC−5 from then; the UK stays on UTC
				// until 28 March. Worked out here from those facts, not from the zone database.
				offset, abbr := -6*time.Hour, "CST"
				if !mt.StartsAt.Before(time.Date(2027, 3, 14, 8, 0, 0, 0, time.UTC)) {
					offset, abbr = -5*time.Hour, "CDT"
				}
				local, localEnd, uk := mt.StartsAt.UTC().Add(offset), mt.EndsAt.UTC().Add(offset), mt.StartsAt.UTC()
				line := fmt.Sprintf("When: %s %s–%s %s Chicago (%s–%s GMT UK)", local.Format("Mon 2 Jan 2006"), local.Format("15:04"), localEnd.Format("15:04"), abbr,
					uk.Format("15:04"), mt.EndsAt.UTC().Format("15:04"))
				if !strings.Contains(p.Text, line) {
					t.Errorf("%s: meeting %d should read %q\n%s", to, id, line, p.Text)
				}
				sawCST, sawCDT = sawCST || abbr == "CST", sawCDT || abbr == "CDT"
			}
		}
		if !sawCST || !sawCDT {
			t.Errorf("the schedule should span the clock change: CST %v CDT %v", sawCST, sawCDT)
		}

		// The invitations carry the same UIDs as the delegate's calendar feed.
		d := tm.Delegates[0][0]
		feed, err := a.Store.CreateCalendarFeed(context.Background(), nil, d.RegistrationID, &d.ID, testNow)
		must(t, err)
		fr := a.Client().Get("/feeds/" + feed.Token + ".ics")
		cal, err := ics.ParseCalendar(strings.NewReader(fr.Body))
		if fr.Status != http.StatusOK || err != nil {
			t.Fatalf("feed: %d %v", fr.Status, err)
		}
		feedUIDs := map[string]bool{}
		for _, ev := range cal.Events() {
			feedUIDs[ev.Id()] = true
		}
		for id := range want[d.Email] {
			if !feedUIDs[fmt.Sprintf("meeting-%d@localhost", id)] {
				t.Errorf("meeting %d: invitation UID not in the feed %v", id, feedUIDs)
			}
		}

		// Publishing again changes nothing, so nothing more is recorded or sent.
		var before int64
		db.Model(&models.Notification{}).Count(&before)
		r = a.API("POST", fmt.Sprintf("/api/v1/missions/%d/schedule", tm.M.ID), tok, `{"publish": true}`)
		var after int64
		db.Model(&models.Notification{}).Count(&after)
		if r.Status != http.StatusOK || after != before || before != 12 {
			t.Errorf("second publish: %d, notifications %d → %d", r.Status, before, after)
		}
		waitSent(t, a, 12)
		if n := len(mail.Messages()); n != 12 {
			t.Errorf("%d messages after the second publish", n)
		}
	})
}

// waitSent waits until n notifications are recorded as sent (the worker records it after the SMTP
// server took the message).
func waitSent(t testing.TB, a *apptest.App, n int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var sent int64
	for time.Now().Before(deadline) {
		a.DB.Model(&models.Notification{}).Where("status = ?", models.NotificationSent).Count(&sent)
		if sent >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%d notifications sent, want %d", sent, n)
}
