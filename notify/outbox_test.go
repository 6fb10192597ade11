package notify_test

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

// waitFor polls cond (a database read) until it holds or 30 s pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestSMTPDown: with the SMTP server down a booking answers at once; delivery fails, is recorded with
// its error on the outbox page and retried with backoff; once the server is back, staff retry and the
// message goes, once.
func TestSMTPDown(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		mail := apptest.StartMailServer(t)
		mail.Stop()
		a := apptest.NewWith(t, db, testNow, mail.Env())
		tm := seedMission(t, a, 1, 2)
		a.StartNotifier()
		start := time.Now()
		r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/meetings", tm.M.ID), a.Token(tm.Staff),
			fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": "2027-03-11T10:00", "minutes": 45, "delegate_ids": [%d]}`, tm.Regs[0].ID, tm.Contacts[0].ID, tm.Delegates[0][0].ID))
		if took := time.Since(start); r.Status != http.StatusCreated || took > 2*time.Second {
			t.Fatalf("booking with SMTP down: %d in %v: %s", r.Status, took, r.Body)
		}
		var n models.Notification
		waitFor(t, "a failed attempt", func() bool {
			return db.Where("status = ?", models.NotificationFailed).First(&n).Error == nil
		})
		if n.RecipientEmail != tm.Delegates[0][0].Email || n.Attempts < 1 || n.LastError == "" {
			t.Fatalf("failed message: %+v", n)
		}
		var job struct {
			State       string
			Attempt     int
			ScheduledAt time.Time
		}
		waitFor(t, "the job to wait for its retry", func() bool {
			db.Raw(`SELECT state, attempt, scheduled_at FROM river_job WHERE id = ?`, *n.JobID).Scan(&job)
			return job.State == "retryable"
		})
		if job.Attempt < 1 || !job.ScheduledAt.After(time.Now()) {
			t.Fatalf("retry not backed off: %+v", job)
		}

		staff := a.Client()
		staff.SignIn(tm.Staff.Email, "correct horse battery staple")
		page := staff.Get(fmt.Sprintf("/missions/%d/notifications", tm.M.ID))
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "Failed") || !strings.Contains(page.Body, n.Subject) ||
			!strings.Contains(page.Body, strings.SplitN(n.LastError, ":", 2)[0]) {
			t.Fatalf("outbox page: %d\n%s", page.Status, page.Body)
		}

		mail.Restart(t)
		res := staff.PostForm(fmt.Sprintf("/missions/%d/notifications/%d/retry", tm.M.ID, n.ID), nil)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("retry: %d %s", res.Status, res.Body)
		}
		got := mail.WaitFor(1, 30*time.Second)
		waitSent(t, a, 1)
		if len(got) != 1 || got[0].To[0] != n.RecipientEmail {
			t.Fatalf("after retry: %d messages", len(got))
		}
		page = staff.Get(fmt.Sprintf("/missions/%d/notifications?status=sent", tm.M.ID))
		if !strings.Contains(page.Body, n.Subject) {
			t.Errorf("sent message not listed as sent:\n%s", page.Body)
		}
		// The sending is audited: to whom, the subject, when and the job.
		var audit models.AuditEvent
		must(t, db.Where("entity = 'notification' AND action = 'send' AND entity_id = ?", n.ID).First(&audit).Error)
		if !strings.Contains(audit.After, n.RecipientEmail) || !strings.Contains(audit.After, fmt.Sprintf(`"job_id":%d`, *n.JobID)) || !strings.Contains(audit.After, "sent_at") {
			t.Errorf("audit of the send: %s", audit.After)
		}
	})
}

// TestRegistrationMessages: the firm's contact hears of the application, the approval, the wait list
// with its place, a promotion, a rejection and a withdrawal. Without SMTP they wait in the outbox;
// an instance with SMTP sends them all.
func TestRegistrationMessages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		m := models.NewMission()
		m.Name, m.DestinationCity, m.Status, m.MaxFirms = "Chicago 2027", "Chicago", "open", 1
		m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 3, 1)
		must(t, a.Store.CreateMission(t.Context(), nil, &m))
		regs := map[string]uint{}
		for i, name := range []string{"Alpha", "Beta", "Gamma"} {
			firm := fmt.Sprintf(`{"company_name": "%s Ltd", "companies_house_number": "9900000%d", "postcode": "B1 1BB", "sector": "agri_food", "contact_name": "Jo %s", "contact_email": "jo@%s.example"}`,
				name, i+1, name, strings.ToLower(name))
			r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/registrations", m.ID), tok, `{"firm": `+firm+`}`)
			if r.Status != http.StatusCreated {
				t.Fatalf("register %s: %d %s", name, r.Status, r.Body)
			}
			var reg models.Registration
			must(t, db.Where("mission_id = ?", m.ID).Order("id DESC").First(&reg).Error)
			regs[name] = reg.ID
		}
		status := func(name, to string) {
			t.Helper()
			r := a.API("PATCH", fmt.Sprintf("/api/v1/registrations/%d", regs[name]), tok, `{"status": "`+to+`"}`)
			if r.Status != http.StatusOK {
				t.Fatalf("%s → %s: %d %s", name, to, r.Status, r.Body)
			}
		}
		status("Alpha", "approved")
		status("Beta", "approved") // full: wait-listed, first in line
		status("Gamma", "waitlisted")
		status("Alpha", "withdrawn") // Beta moves up
		status("Gamma", "rejected")
		status("Alpha", "applied") // reinstated: no message

		var got []models.Notification
		must(t, db.Order("id").Find(&got).Error)
		want := []struct{ to, subject, body string }{
			{"jo@alpha.example", "We have received Alpha Ltd's application for Chicago 2027", "Thank you for applying"},
			{"jo@beta.example", "We have received Beta Ltd's application", "Thank you for applying"},
			{"jo@gamma.example", "We have received Gamma Ltd's application", "Thank you for applying"},
			{"jo@alpha.example", "Alpha Ltd's application for Chicago 2027 is approved", "is approved"},
			{"jo@beta.example", "Beta Ltd is on the wait list for Chicago 2027", "Beta Ltd is number 1 on the wait list"},
			{"jo@gamma.example", "Gamma Ltd is on the wait list", "Gamma Ltd is number 2 on the wait list"},
			{"jo@alpha.example", "Alpha Ltd has been withdrawn from Chicago 2027", "has been withdrawn"},
			{"jo@beta.example", "Beta Ltd has a place on Chicago 2027", "moved up from the wait list"},
			{"jo@gamma.example", "Gamma Ltd's application for Chicago 2027", "has not been accepted"},
		}
		if len(got) != len(want) {
			for _, n := range got {
				t.Logf("%s: %s", n.RecipientEmail, n.Subject)
			}
			t.Fatalf("%d messages, want %d", len(got), len(want))
		}
		for i, w := range want {
			n := got[i]
			if n.RecipientEmail != w.to || !strings.HasPrefix(n.Subject, w.subject) || !strings.Contains(n.BodyText, w.body) || n.Status != models.NotificationQueued || n.JobID == nil {
				t.Errorf("message %d: %s %q %s\n%s", i, n.RecipientEmail, n.Subject, n.Status, n.BodyText)
			}
		}

		// Another instance, with SMTP, delivers everything that waited.
		mail := apptest.StartMailServer(t)
		sender := apptest.NewWith(t, apptest.Reopen(t, db), testNow, mail.Env())
		sender.StartNotifier()
		if msgs := mail.WaitFor(len(want), 30*time.Second); len(msgs) != len(want) {
			t.Fatalf("%d delivered of %d", len(msgs), len(want))
		}
		waitSent(t, a, int64(len(want)))
	})
}

// TestUnsubscribe: the link in a message works signed out and stops only its own kind; a mail
// program's one-click POST works too; the delegate's page turns them back on.
func TestUnsubscribe(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		tm := seedMission(t, a, 1, 4)
		tm.bookAt(t, a, 0, 0, "2027-03-11", "10:00")
		ann, bob := tm.Delegates[0][0], tm.Delegates[0][1]
		var n models.Notification
		must(t, db.Where("recipient_email = ?", ann.Email).First(&n).Error)
		u, err := url.Parse(n.UnsubscribeURL)
		if err != nil || u.Query().Get("kind") != models.NoticeChanges || !strings.Contains(n.BodyText, n.UnsubscribeURL) {
			t.Fatalf("unsubscribe link %q", n.UnsubscribeURL)
		}
		anon := a.Client()
		page := anon.Get(u.RequestURI())
		if page.Status != http.StatusOK || !strings.Contains(page.Body, ann.Email) || strings.Contains(page.Body, "Sign in") && !strings.Contains(page.Body, "Stop these emails") {
			t.Fatalf("unsubscribe page: %d\n%s", page.Status, page.Body)
		}
		if r := anon.PostRaw(u.Path, url.Values{}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("no kind chosen: %d", r.Status)
		}
		if r := anon.Get("/unsubscribe/not-a-token?kind=changes"); r.Status != http.StatusNotFound {
			t.Errorf("unknown token: %d", r.Status)
		}
		r := anon.PostRaw(u.Path, url.Values{"kind": {"changes"}})
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "no longer get schedule change emails") {
			t.Fatalf("unsubscribe: %d\n%s", r.Status, r.Body)
		}
		p, err := a.Store.NotificationPreferenceOf(t.Context(), ann.ID)
		if err != nil || p.Changes || !p.Agenda {
			t.Fatalf("after unsubscribing from changes: %+v", p)
		}
		// A change now reaches Bob, not Ann.
		before := countRows(t, db, "notifications")
		tm.bookAt(t, a, 0, 2, "2027-03-11", "14:00")
		var fresh []models.Notification
		must(t, db.Order("id").Offset(int(before)).Find(&fresh).Error)
		if len(fresh) != 1 || fresh[0].RecipientEmail != bob.Email {
			t.Fatalf("after Ann unsubscribed: %+v", fresh)
		}

		// A mail program's one-click unsubscribe (RFC 8058) stops the agenda, without sign-in or CSRF token.
		agendaURL, _ := url.Parse(strings.Replace(n.UnsubscribeURL, "kind=changes", "kind=agenda", 1))
		r = anon.PostRaw(agendaURL.RequestURI(), url.Values{"List-Unsubscribe": {"One-Click"}})
		if p, _ := a.Store.NotificationPreferenceOf(t.Context(), ann.ID); r.Status != http.StatusOK || p.Agenda {
			t.Fatalf("one-click: %d %+v", r.Status, p)
		}

		// Signed in, Ann turns both back on.
		must(t, a.Store.CreateUser(t.Context(), nil, &models.User{Email: ann.Email, Name: ann.FullName, Role: "delegate", RegistrationID: &ann.RegistrationID, DelegateID: &ann.ID}, "delegate password 123"))
		c := a.Client()
		c.SignIn(ann.Email, "delegate password 123")
		form := c.Get("/my/notifications")
		if form.Status != http.StatusOK || strings.Contains(form.Body, `name="changes" value="yes" checked`) {
			t.Fatalf("my notifications: %d\n%s", form.Status, form.Body)
		}
		if r := c.PostForm("/my/notifications", url.Values{"changes": {"yes"}, "agenda": {"yes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("save choices: %d", r.Status)
		}
		if p, _ := a.Store.NotificationPreferenceOf(t.Context(), ann.ID); !p.Changes || !p.Agenda {
			t.Fatalf("after saving: %+v", p)
		}
	})
}

// TestInvitationEmailed: a sign-in link goes through the queue, with SMTP configured, to the delegate.
func TestInvitationEmailed(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		mail := apptest.StartMailServer(t)
		a := apptest.NewWith(t, db, testNow, mail.Env())
		tm := seedMission(t, a, 1, 2)
		a.StartNotifier()
		staff := a.Client()
		staff.SignIn(tm.Staff.Email, "correct horse battery staple")
		d := tm.Delegates[0][1]
		staff.Get(fmt.Sprintf("/missions/%d/registrations/%d/itinerary", tm.M.ID, tm.Regs[0].ID))
		r := staff.PostForm(fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/invitation", tm.M.ID, tm.Regs[0].ID, d.ID), nil)
		if r.Status != http.StatusCreated || !strings.Contains(r.Body, "We are emailing this link to "+d.Email) {
			t.Fatalf("invite: %d\n%s", r.Status, r.Body)
		}
		got := mail.WaitFor(1, 30*time.Second)
		if len(got) != 1 || got[0].To[0] != d.Email {
			t.Fatalf("%d messages", len(got))
		}
		p := got[0].Parse(t)
		link := strings.Fields(p.Text[strings.Index(p.Text, "http://localhost:8080/invitations/"):])[0]
		if !strings.Contains(r.Body, link) || p.Header.Get("List-Unsubscribe") != "" {
			t.Errorf("emailed link %q not the one shown, or an unsubscribe header on a service message", link)
		}
		if res := a.Client().Get(strings.TrimPrefix(link, "http://localhost:8080")); res.Status != http.StatusOK {
			t.Errorf("emailed link: %d", res.Status)
		}
	})
}
