package notify_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

var surveyLinkRe = regexp.MustCompile(`http://localhost:8080/follow-up/([A-Za-z0-9_-]{20,})`)

// surveyMails is, for each message received, its recipient and the survey token its link carries;
// it fails the test on a message without exactly one link, or one carrying a staff note.
func surveyMails(t *testing.T, mails []apptest.Mail) (to, tokens []string) {
	t.Helper()
	for _, m := range mails {
		p := m.Parse(t)
		links := surveyLinkRe.FindAllStringSubmatch(p.Text, -1)
		if len(links) != 1 || !strings.Contains(p.HTML, links[0][0]) {
			t.Fatalf("message to %v carries %d survey links (text) or not the same one in HTML:\n%s", m.To, len(links), p.Text)
		}
		for _, body := range []string{p.Text, p.HTML, p.Subject} {
			if strings.Contains(body, "SECRET-STAFF-NOTE") || strings.Contains(body, "Lakeshore") {
				t.Errorf("message to %v carries a staff note or a meeting's details:\n%s", m.To, body)
			}
		}
		to, tokens = append(to, m.To[0]), append(tokens, links[0][1])
	}
	return to, tokens
}

// TestFollowUpLinksEmailed: with nobody pressing a button, the job queue's sweep opens each round at
// the months the mission's setting says, by the clock the test moves, and emails each going firm's
// contact its survey link, once per round; a withdrawn firm gets none; staff's resend sends a new link
// (the old one stops working); the messages carry the link and nothing of the meetings.
func TestFollowUpLinksEmailed(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		mail := apptest.StartMailServer(t)
		a := apptest.NewConfigured(t, db, time.Date(2027, 5, 16, 12, 0, 0, 0, time.UTC), mail.Env(),
			func(c *app.Config) { c.FollowUpSweepInterval = 50 * time.Millisecond })
		tm := seedMission(t, a, 3, 2)
		must(t, db.Model(&models.Registration{}).Where("id = ?", tm.Regs[2].ID).Update("status", "withdrawn").Error)
		// A lead with a staff note: the survey asks about it, the email says nothing of it.
		start := time.Date(2027, 3, 11, 15, 0, 0, 0, time.UTC)
		end := start.Add(45 * time.Minute)
		mt := models.Meeting{MissionID: tm.M.ID, RegistrationID: tm.Regs[0].ID, ContactID: tm.Contacts[0].ID, StartsAt: &start, EndsAt: &end,
			Minutes: 45, Status: "scheduled", Notes: "Bring samples", StaffNotes: "SECRET-STAFF-NOTE"}
		must(t, db.Create(&mt).Error)
		must(t, db.Create(&models.MeetingOutcome{MeetingID: mt.ID, Source: "staff", Attendance: "held", Interest: "cooperation_possible", RecordedAt: end}).Error)
		if _, err := a.Store.SetFollowUpMonths(t.Context(), tm.Staff, tm.M.ID, "2,5"); err != nil {
			t.Fatal(err)
		}
		a.StartNotifier()
		rounds := func() (n int64) {
			must(t, db.Model(&models.FollowUpRound{}).Where("mission_id = ?", tm.M.ID).Count(&n).Error)
			return n
		}
		// settle lets the sweep (every 50 ms) run many times, then reports the messages received.
		settle := func() []apptest.Mail {
			time.Sleep(600 * time.Millisecond)
			return mail.Messages()
		}
		want := []string{"pat01@firm.example", "pat02@firm.example"}
		sameFirms := func(step string, to []string) {
			t.Helper()
			got := append([]string(nil), to...)
			if len(got) == 2 && got[0] > got[1] {
				got[0], got[1] = got[1], got[0]
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: links emailed to %v, want the going firms' contacts %v", step, to, want)
			}
		}

		t.Run("not before 2 months", func(t *testing.T) {
			// The sweep has run (and found nothing) more than once before anything is asserted.
			waitFor(t, "two follow-up sweeps", func() bool {
				var n int64
				must(t, db.Table("river_job").Where("kind = 'follow_up_sweep' AND state = 'completed'").Count(&n).Error)
				return n >= 2
			})
			if got := settle(); len(got) != 0 || rounds() != 0 {
				t.Fatalf("the day before 2 months after the end: %d messages, %d rounds", len(got), rounds())
			}
		})
		var first []string
		t.Run("2 months: one link to each going firm, once", func(t *testing.T) {
			a.SetNow(time.Date(2027, 5, 17, 12, 0, 0, 0, time.UTC))
			mail.WaitFor(2, 30*time.Second)
			got := settle()
			to, tokens := surveyMails(t, got)
			sameFirms("2 months", to)
			if len(got) != 2 || rounds() != 1 {
				t.Fatalf("after many sweeps: %d messages and %d rounds, want 2 and 1", len(got), rounds())
			}
			first = tokens
			for i, tok := range tokens {
				var fu models.FollowUp
				must(t, db.Where("token = ?", tok).First(&fu).Error)
				if fu.Email != to[i] {
					t.Errorf("link %s went to %s, its survey's address is %s", tok, to[i], fu.Email)
				}
				if r := a.Client().Get("/follow-up/" + tok); r.Status != http.StatusOK {
					t.Errorf("emailed link: %d", r.Status)
				}
			}
			var kinds []string
			must(t, db.Model(&models.Notification{}).Where("mission_id = ?", tm.M.ID).Pluck("kind", &kinds).Error)
			if len(kinds) != 2 || kinds[0] != models.NoticeFollowUp || kinds[1] != models.NoticeFollowUp {
				t.Errorf("outbox kinds %v, want two follow_up", kinds)
			}
		})
		t.Run("3 months: not a round of this mission", func(t *testing.T) {
			a.SetNow(time.Date(2027, 6, 17, 12, 0, 0, 0, time.UTC))
			if got := settle(); len(got) != 2 || rounds() != 1 {
				t.Fatalf("at 3 months: %d messages, %d rounds, want still 2 and 1", len(got), rounds())
			}
		})
		t.Run("5 months: the second round", func(t *testing.T) {
			a.SetNow(time.Date(2027, 8, 17, 12, 0, 0, 0, time.UTC))
			mail.WaitFor(4, 30*time.Second)
			got := settle()
			if len(got) != 4 || rounds() != 2 {
				t.Fatalf("at 5 months: %d messages, %d rounds, want 4 and 2", len(got), rounds())
			}
			to, tokens := surveyMails(t, got[2:])
			sameFirms("5 months", to)
			for _, tok := range tokens {
				for _, old := range first {
					if tok == old {
						t.Errorf("the second round reused link %s", tok)
					}
				}
			}
			if p := got[2].Parse(t); !strings.Contains(p.Text, "5 months since Birmingham to Chicago 2027") {
				t.Errorf("the message does not say which round:\n%s", p.Text)
			}
		})
		t.Run("resend emails a new link", func(t *testing.T) {
			var fu models.FollowUp
			must(t, db.Joins("JOIN follow_up_rounds ON follow_up_rounds.id = follow_ups.round_id").
				Where("follow_up_rounds.months = 5 AND follow_ups.registration_id = ?", tm.Regs[0].ID).First(&fu).Error)
			staff := a.Client()
			staff.SignIn(tm.Staff.Email, "correct horse battery staple")
			page := fmt.Sprintf("/missions/%d/follow-ups", tm.M.ID)
			staff.Get(page)
			r := staff.PostForm(fmt.Sprintf("%s/%d/resend", page, fu.ID), nil)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("resend: %d", r.Status)
			}
			if flash := staff.Get(page).Body; !strings.Contains(flash, "we are emailing it to pat01@firm.example") {
				t.Errorf("the flash does not say the link is emailed")
			}
			got := mail.WaitFor(5, 30*time.Second)
			if len(got) != 5 {
				t.Fatalf("%d messages after the resend, want 5", len(got))
			}
			to, tokens := surveyMails(t, got[4:])
			if to[0] != "pat01@firm.example" || tokens[0] == fu.Token {
				t.Errorf("resend went to %s with link %s (old %s)", to[0], tokens[0], fu.Token)
			}
			if r := a.Client().Get("/follow-up/" + fu.Token); r.Status != http.StatusNotFound {
				t.Errorf("the old link after a resend: %d, want 404", r.Status)
			}
			if r := a.Client().Get("/follow-up/" + tokens[0]); r.Status != http.StatusOK {
				t.Errorf("the new link: %d", r.Status)
			}
			if got := settle(); len(got) != 5 {
				t.Errorf("%d messages after more sweeps, want 5", len(got))
			}
		})
	})
}
