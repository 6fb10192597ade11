package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestDemoMeetings(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		store := models.NewStore(db)
		ctx := context.Background()
		if err := app.LoadDemo(ctx, store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		var m models.Mission
		db.First(&m)
		count := func(model any, where string, args ...any) int64 {
			var n int64
			db.Model(model).Where(where, args...).Count(&n)
			return n
		}
		if n := count(&models.Contact{}, "1 = 1"); n != 40 {
			t.Errorf("contacts: %d, want 40", n)
		}
		for _, city := range []string{"Chicago", "Schaumburg", "Evanston", "Naperville", "Rockford"} {
			if count(&models.Contact{}, "city = ?", city) == 0 {
				t.Errorf("no contacts in %s", city)
			}
		}
		if count(&models.Location{}, "name = ? AND address = ?", "British Consulate General Chicago", "625 N Michigan Ave") != 1 {
			t.Error("no consulate")
		}
		if count(&models.MissionTravelTime{}, "city_a = 'Chicago' AND city_b = 'Rockford' AND minutes = 90") != 1 ||
			count(&models.MissionTravelTime{}, "city_a = 'Chicago' AND city_b = 'Schaumburg' AND minutes = 45") != 1 {
			t.Error("travel times missing")
		}
		if n := count(&models.ProgrammeItem{}, "1 = 1"); n < 4 {
			t.Errorf("programme items: %d", n)
		}
		scheduled, requested := count(&models.Meeting{}, "status = 'scheduled'"), count(&models.Meeting{}, "status = 'requested'")
		if scheduled < 24 || requested == 0 {
			t.Errorf("meetings: %d scheduled, %d requested", scheduled, requested)
		}
		book, err := store.LoadMissionBook(ctx, &m)
		if err != nil {
			t.Fatal(err)
		}
		bctx := book.Context()
		days := map[string]bool{}
		for _, b := range bctx.Existing {
			if clashes := models.CheckBooking(bctx, b); len(clashes) > 0 {
				t.Errorf("demo meeting %s clashes: %s", b.Label, models.ClashMessage(clashes))
			}
			days[models.FormatDay(b.Span.Start, m.Zone())] = true
		}
		if len(days) < 3 || days["Thu 11 Mar"] || days["Sat 13 Mar"] || days["Sun 14 Mar"] {
			t.Errorf("meetings on days %v, want weekdays between Fri 12 and Wed 17 only, spread over at least three", days)
		}
		t.Logf("%d scheduled, %d requested, days %v", scheduled, requested, days)
	})
}
