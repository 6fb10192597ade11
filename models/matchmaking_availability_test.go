package models_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestSuggestionsCountAvailabilityWindows: a contact's hours in the reasons (and its rank) are the
// time its availability windows share with the mission's working hours, overlapping windows counted
// once; no window means the whole mission, windows wholly outside the hours leave the contact out.
func TestSuggestionsCountAvailabilityWindows(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		m := newMission(t, s, 5) // 11–17 March 2027, 09:00–17:30 Chicago time
		reg := registerN(t, s, m, 1)[0]
		at := func(date, hhmm string) models.Interval {
			t.Helper()
			parts := strings.Split(hhmm, "-")
			from, err1 := models.LocalInstant(m.Zone(), date, parts[0])
			to, err2 := models.LocalInstant(m.Zone(), date, parts[1])
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			return models.Interval{Start: from.UTC(), End: to.UTC()}
		}
		contacts := []struct {
			name    string
			windows []models.Interval
			want    string // the availability reason; "" when the contact is left out
		}{
			{"Ann Three Hours", []models.Interval{at("2027-03-15", "10:00-13:00")}, "Available 3 h during the mission"},
			{"Bob Overlapping", []models.Interval{at("2027-03-15", "09:00-11:00"), at("2027-03-15", "10:00-12:00")}, "Available 3 h during the mission"},
			{"Cy Early", []models.Interval{at("2027-03-15", "07:00-10:00")}, "Available 1 h during the mission"},
			{"Di Short", []models.Interval{at("2027-03-15", "14:00-14:45")}, "Available 45 min during the mission"},
			{"Ed Evening", []models.Interval{at("2027-03-13", "19:00-23:00")}, ""},
			{"Flo Anytime", nil, "Available 59 h during the mission"}, // 7 days × 8.5 h
			{"Gus Two Days", []models.Interval{at("2027-03-15", "09:00-17:30"), at("2027-03-16", "16:30-20:00")}, "Available 9 h during the mission"},
		}
		for _, c := range contacts {
			row := models.Contact{FullName: c.name, Organisation: "Midwest Supply Co", OrganisationType: "buyer", Sector: "agri_food"}
			if err := db.Create(&row).Error; err != nil {
				t.Fatal(err)
			}
			for _, w := range c.windows {
				if err := db.Create(&models.ContactAvailability{MissionID: m.ID, ContactID: row.ID, StartsAt: w.Start, EndsAt: w.End}).Error; err != nil {
					t.Fatal(err)
				}
			}
		}
		rows, err := s.Suggestions(ctx, m, reg, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		var order []string
		for _, r := range rows {
			order = append(order, r.Contact.FullName)
			for _, reason := range r.Reasons {
				if strings.HasPrefix(reason, "Available ") {
					got[r.Contact.FullName] = reason
				}
			}
		}
		for _, c := range contacts {
			if got[c.name] != c.want {
				t.Errorf("%s: %q, want %q", c.name, got[c.name], c.want)
			}
		}
		want := "Flo Anytime,Gus Two Days,Ann Three Hours,Bob Overlapping,Cy Early,Di Short"
		if strings.Join(order, ",") != want {
			t.Errorf("ranked %v, want %s", order, want)
		}
	})
}
