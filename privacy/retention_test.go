package privacy_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

var london, _ = time.LoadLocation("Europe/London")

func TestRetentionRemovesExactlyThePolicysFieldsOnceTheirDayComes(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		w := newWorld(t, db) // mission ends Wed 17 March 2027, default retention (30 days, 12 months)
		s := w.App.Store
		// A later mission, ending 30 June 2027, with a delegate of its own.
		later := models.NewMission()
		later.Name, later.DestinationCity, later.Status = "Toronto 2027", "Toronto", "open"
		later.StartDate, later.EndDate, later.RegistrationCloses = models.DateOf(2027, 6, 25), models.DateOf(2027, 6, 30), models.DateOf(2027, 5, 1)
		must(t, s.CreateMission(ctx, w.Staff, &later))
		firm := models.Firm{CompanyName: "Later Ltd", Postcode: "B2 2BB", Sector: "agri_food", ExportExperience: "none", ContactName: "Lena Later", ContactEmail: "lena@later.example"}
		reg := models.Registration{}
		must(t, s.RegisterFirm(ctx, w.Staff, &later, setupNow, 0, &firm, &reg))
		lateDelegate := models.Delegate{FullName: "Lena Later", Email: "lena@later.example", Phone: "07700 900003", DietaryRequirements: "Halal", AccessNeeds: "Wheelchair"}
		lateSeg := models.TravelSegment{Direction: "outbound", Carrier: "AC", Number: "857", From: "LHR", To: "YYZ",
			DepartsAt: time.Date(2027, 6, 24, 12, 0, 0, 0, time.UTC), ArrivesAt: time.Date(2027, 6, 24, 20, 0, 0, 0, time.UTC)}
		must(t, s.AddDelegate(ctx, w.Staff, reg.ID, &lateDelegate, []models.TravelSegment{lateSeg}))
		svc := privacy.New(s)

		delegate := func(id uint) models.Delegate {
			var d models.Delegate
			must(t, db.First(&d, id).Error)
			return d
		}
		segments := func(id uint) int64 {
			var n int64
			must(t, db.Model(&models.TravelSegment{}).Where("delegate_id = ?", id).Count(&n).Error)
			return n
		}
		auditMentions := func(missionID uint, text string) bool {
			var n int64
			must(t, db.Model(&models.AuditEvent{}).Where("mission_id = ? AND (before LIKE ? OR after LIKE ?)", missionID, "%"+text+"%", "%"+text+"%").Count(&n).Error)
			return n > 0
		}
		meetings := figures(t, db, w.Mission.ID)
		purge := func(at time.Time) []privacy.Removal {
			t.Helper()
			done, err := svc.Purge(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return done
		}

		// The needs go on 16 April 2027 (30 days after 17 March), UK time.
		if done := purge(time.Date(2027, 4, 15, 23, 59, 0, 0, london)); len(done) != 0 {
			t.Fatalf("removed before the day: %+v", done)
		}
		if d := delegate(w.Jane.ID); d.DietaryRequirements != "Coeliac" || !auditMentions(w.Mission.ID, "Coeliac") {
			t.Fatalf("needs gone early: %+v", d)
		}
		done := purge(time.Date(2027, 4, 16, 0, 1, 0, 0, london))
		if len(done) != 1 || done[0].Kind != models.RetentionNeeds || done[0].MissionID != w.Mission.ID || done[0].Delegates != 2 {
			t.Fatalf("needs removal: %+v", done)
		}
		for _, id := range []uint{w.Jane.ID, w.Bob.ID} {
			d := delegate(id)
			if d.DietaryRequirements != "" || d.AccessNeeds != "" {
				t.Errorf("needs kept: %+v", d)
			}
			if d.Phone == "" || d.FullName == "" || d.Email == "" || d.JobTitle == "" || segments(id) != 1 {
				t.Errorf("the needs removal took more than the needs: %+v", d)
			}
		}
		for _, text := range []string{"Coeliac", "Step-free", "Vegan", "Hearing loop"} {
			if auditMentions(w.Mission.ID, text) {
				t.Errorf("the audit log still copies %q", text)
			}
		}
		if !auditMentions(w.Mission.ID, "07700 900001") {
			t.Error("the needs removal scrubbed the phone from the audit log too")
		}
		if d := delegate(lateDelegate.ID); d.DietaryRequirements != "Halal" || d.AccessNeeds != "Wheelchair" || !auditMentions(later.ID, "Halal") {
			t.Errorf("the later mission lost its needs: %+v", d)
		}

		// The phones and flights go on 17 March 2028; names, emails, job titles and meetings stay.
		if done := purge(time.Date(2028, 3, 16, 12, 0, 0, 0, london)); len(done) != 1 || done[0].MissionID != later.ID || done[0].Kind != models.RetentionNeeds {
			t.Fatalf("on 16 March 2028 only the later mission's needs are due: %+v", done)
		}
		if d := delegate(w.Jane.ID); d.Phone == "" {
			t.Fatal("phone gone early")
		}
		done = purge(time.Date(2028, 3, 17, 0, 30, 0, 0, london))
		if len(done) != 1 || done[0].Kind != models.RetentionPersonalData || done[0].Delegates != 2 || done[0].Segments != 2 {
			t.Fatalf("personal data removal: %+v", done)
		}
		for _, id := range []uint{w.Jane.ID, w.Bob.ID} {
			d := delegate(id)
			if d.Phone != "" || segments(id) != 0 {
				t.Errorf("phone or flights kept: %+v", d)
			}
			if d.FullName == "" || d.Email == "" || d.JobTitle == "" {
				t.Errorf("the removal took a name, email or job title: %+v", d)
			}
		}
		for _, text := range []string{"07700 900001", "07700 900002", `"number":"125"`, `"EI"`} {
			if auditMentions(w.Mission.ID, text) {
				t.Errorf("the audit log still copies %q", text)
			}
		}
		if got := figures(t, db, w.Mission.ID); got != meetings {
			t.Errorf("mission figures changed: %s -> %s", meetings, got)
		}
		if d := delegate(lateDelegate.ID); d.Phone != "07700 900003" || segments(lateDelegate.ID) != 1 {
			t.Errorf("the later mission lost personal data before its date: %+v", d)
		}
		var ev models.AuditEvent
		must(t, db.Where("action = ? AND entity_id = ?", "retention_personal_data", w.Mission.ID).First(&ev).Error)
		if ev.Actor != "system" || !strings.Contains(ev.After, `"travel_segments":2`) {
			t.Errorf("retention audit: %+v", ev)
		}
		if done := purge(time.Date(2028, 3, 18, 0, 30, 0, 0, london)); len(done) != 0 {
			t.Errorf("a second run removed again: %+v", done)
		}
	})
}

// Several instances run the job at the same moment: each removal is done once.
func TestRetentionOnSeveralInstancesRemovesOnce(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		w := newWorld(t, db)
		at := time.Date(2028, 4, 1, 9, 0, 0, 0, london) // both removals due
		var mu sync.Mutex
		var all []privacy.Removal
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				done, err := privacy.New(models.NewStore(db)).Purge(context.Background(), at)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				all = append(all, done...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(all) != 2 {
			t.Fatalf("removals across four instances: %+v", all)
		}
		var n int64
		must(t, db.Model(&models.AuditEvent{}).Where("entity = 'mission' AND entity_id = ? AND action LIKE 'retention_%'", w.Mission.ID).Count(&n).Error)
		if n != 2 {
			t.Errorf("%d retention audit events, want 2", n)
		}
	})
}
