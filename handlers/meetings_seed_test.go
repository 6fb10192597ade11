package handlers_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// chicagoMission is a seeded mission for the meetings tests: 11–17 March 2027 in America/Chicago
// (the US clocks go forward on Sunday 14 March), 09:00–18:00, 45-minute meetings, Chicago–Rockford
// 90 minutes. Registrations, firms, delegates, contacts and locations are written with GORM directly.
type chicagoMission struct {
	M         *models.Mission
	Regs      []models.Registration // approved; Regs[i].Firm set
	Delegates []models.Delegate     // one per registration, same index
	Contacts  []models.Contact      // [0] downtown Chicago, [1] Rockford, [2] Schaumburg, then more in Chicago
	Downtown  models.Location       // office of Contacts[0]
	Rockford  models.Location       // office of Contacts[1]
	Consulate models.Location
}

func seedChicago(t testing.TB, a *apptest.App, firms, contacts int) *chicagoMission {
	t.Helper()
	ctx := context.Background()
	db := a.DB
	m := models.NewMission()
	m.Name, m.DestinationCity = "Birmingham to Chicago 2027", "Chicago"
	m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	m.Status, m.MeetingMinutes, m.DayStarts, m.DayEnds = "open", 45, "09:00", "18:00"
	m.MaxFirms = 500
	if err := a.Store.CreateMission(ctx, nil, &m); err != nil {
		t.Fatal(err)
	}
	cm := &chicagoMission{M: &m}
	now := time.Now().UTC()
	sectors := []string{"agri_food", "digital_technology", "advanced_manufacturing", "healthcare_life_sciences"}
	for i := 0; i < firms; i++ {
		f := models.Firm{CompanyName: fmt.Sprintf("Firm %03d Ltd", i+1), Postcode: "B1 1BB", Sector: sectors[i%len(sectors)], ExportExperience: "some",
			ContactName: "Pat Example", ContactEmail: fmt.Sprintf("pat%d@firm.example", i)}
		must(t, db.Create(&f).Error)
		r := models.Registration{MissionID: m.ID, FirmID: f.ID, Status: "approved", StatusChangedAt: now,
			TargetSectors: models.NewStringList(sectors[(i+1)%len(sectors)]), WantsToMeet: models.NewStringList("buyer")}
		must(t, db.Create(&r).Error)
		r.Firm = &f
		d := models.Delegate{RegistrationID: r.ID, MissionID: m.ID, FullName: fmt.Sprintf("Delegate %d", i+1), Email: fmt.Sprintf("d%d@firm.example", i)}
		must(t, db.Create(&d).Error)
		cm.Regs = append(cm.Regs, r)
		cm.Delegates = append(cm.Delegates, d)
	}
	contacts = max(contacts, 3)
	cities := []string{"Chicago", "Rockford", "Schaumburg"}
	types := []string{"buyer", "distributor", "investor"}
	for i := 0; i < contacts; i++ {
		city := "Chicago"
		if i < len(cities) {
			city = cities[i]
		}
		c := models.Contact{FullName: fmt.Sprintf("Contact %03d", i+1), Organisation: fmt.Sprintf("Org %03d Inc", i+1), OrganisationType: types[i%3],
			Sector: sectors[(i+1)%len(sectors)], City: city, State: "IL", Email: fmt.Sprintf("c%d@example.com", i)}
		must(t, db.Create(&c).Error)
		cm.Contacts = append(cm.Contacts, c)
	}
	cm.Downtown = models.Location{MissionID: m.ID, Name: "Willis Tower", Address: "233 S Wacker Dr", City: "Chicago", ContactID: &cm.Contacts[0].ID}
	cm.Rockford = models.Location{MissionID: m.ID, Name: "Rockford Works", Address: "1 Main St", City: "Rockford", ContactID: &cm.Contacts[1].ID}
	cm.Consulate = models.Location{MissionID: m.ID, Name: "Consulate", Address: "625 N Michigan Ave", City: "Chicago"}
	for _, l := range []*models.Location{&cm.Downtown, &cm.Rockford, &cm.Consulate} {
		must(t, a.Store.SaveLocation(ctx, nil, l))
	}
	must(t, a.Store.SetTravelTime(ctx, nil, m.ID, "Chicago", "Rockford", 90))
	return cm
}

// countQueries counts every SQL statement db runs from now on.
func countQueries(db *gorm.DB) *int64 {
	n := new(int64)
	inc := func(*gorm.DB) { *n++ }
	cb := db.Callback()
	name := fmt.Sprintf("test:count:%p", n)
	_ = cb.Create().After("gorm:create").Register(name, inc)
	_ = cb.Query().After("gorm:query").Register(name, inc)
	_ = cb.Update().After("gorm:update").Register(name, inc)
	_ = cb.Delete().After("gorm:delete").Register(name, inc)
	_ = cb.Row().After("gorm:row").Register(name, inc)
	_ = cb.Raw().After("gorm:raw").Register(name, inc)
	return n
}
