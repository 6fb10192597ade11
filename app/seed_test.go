package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestSeed builds a seeded mission and checks it is what the command promises: the counts asked for,
// every firm going with delegates and flights, contacts in Rockford, and a schedule that breaks no rule.
func TestSeed(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		store := models.NewStore(db)
		var steps []string
		res, err := app.Seed(ctx, store, app.SeedOptions{Firms: 12, Contacts: 60, Meetings: 150, Progress: func(step string, done, total int) { steps = append(steps, step) }})
		if err != nil {
			t.Fatal(err)
		}
		if res.Firms != 12 || res.Contacts != 60 || res.Meetings != 150 || res.Delegates < 12 {
			t.Fatalf("seeded %+v, want 12 firms, 60 contacts, 150 meetings and a delegate or more a firm", res)
		}
		if len(steps) == 0 {
			t.Errorf("no progress reported")
		}
		book, breaches, err := store.CheckMission(ctx, res.Mission.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(breaches) != 0 {
			t.Fatalf("the seeded schedule breaks %d rules, e.g. %v", len(breaches), breaches[0].Messages())
		}
		scheduled, rockford := 0, 0
		for _, mt := range book.Meetings {
			if mt.Status == "scheduled" && mt.StartsAt != nil {
				scheduled++
			}
			if c := book.Contacts[mt.ContactID]; c != nil && c.City == "Rockford" {
				rockford++
			}
		}
		if scheduled != 150 || rockford == 0 {
			t.Errorf("%d scheduled meetings (want 150), %d in Rockford (want some)", scheduled, rockford)
		}
		var segs, going int64
		db.Model(&models.TravelSegment{}).Count(&segs)
		db.Model(&models.Registration{}).Where("mission_id = ? AND status IN ?", res.Mission.ID, []string{"approved", "confirmed"}).Count(&going)
		if segs != int64(4*res.Delegates) || going != 12 {
			t.Errorf("%d flights for %d delegates, %d firms going", segs, res.Delegates, going)
		}
		if len(book.Programme) == 0 {
			t.Errorf("the seeded mission has no programme")
		}
		if _, err := store.Authenticate(ctx, res.DelegateEmail, res.DelegatePassword, "192.0.2.1", res.Mission.CreatedAt); err != nil {
			t.Errorf("the seeded delegate cannot sign in: %v", err)
		}

		// Seeding into an existing mission adds to it, still without breaking a rule.
		more, err := app.Seed(ctx, store, app.SeedOptions{Firms: 5, Contacts: 20, Meetings: 40, MissionID: res.Mission.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, breaches, _ := store.CheckMission(ctx, res.Mission.ID); len(breaches) != 0 || more.Meetings != 40 {
			t.Fatalf("after a second seed: %d meetings added, %d breaches", more.Meetings, len(breaches))
		}
		// Asking for more meetings than the days can hold is refused, and nothing is saved.
		if _, err := app.Seed(ctx, store, app.SeedOptions{Firms: 1, Contacts: 200, Meetings: 500}); err == nil || !strings.Contains(err.Error(), "room for only") {
			t.Fatalf("an impossible seed: %v", err)
		}
		var missions int64
		db.Model(&models.Mission{}).Count(&missions)
		if missions != 1 {
			t.Errorf("%d missions after a refused seed, want 1", missions)
		}
	})
}

// TestSeedCommand runs the command line as a user would.
func TestSeedCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	env := func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		return ""
	}
	if err := app.Run(context.Background(), []string{"seed", "--firms", "4", "--contacts", "20", "--meetings", "30"}, env, &out, &errOut); err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "4 firms") || !strings.Contains(out.String(), "30 meetings scheduled") || !strings.Contains(errOut.String(), "seed: meetings saved") {
		t.Fatalf("output:\n%s\n%s", out.String(), errOut.String())
	}
}
