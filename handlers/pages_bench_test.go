package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// BenchmarkPages drives the real handlers on PostgreSQL (TEST_DATABASE_URL) over a seeded mission of 300
// firms and 1,500 contacts with 1,000 and with 6,000 meetings: the missions list, a firm's staff
// itinerary, the delegate's /my/itinerary and one booking through the API. Each reports ns/op,
// allocs/op and the SQL statements one request sends (stmts/op).
//
//	TEST_DATABASE_URL=… go test ./handlers -run X -bench Pages -benchmem
func BenchmarkPages(b *testing.B) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		b.Skip("TEST_DATABASE_URL is not set: these benchmarks measure PostgreSQL")
	}
	for _, meetings := range []int{1000, 6000} {
		b.Run(fmt.Sprintf("meetings=%d", meetings), func(b *testing.B) { benchPages(b, meetings) })
	}
}

func benchPages(b *testing.B, meetings int) {
	db := apptest.OpenDB(b, "postgres")
	now := time.Date(2027, 5, 20, 9, 0, 0, 0, time.UTC)
	a := apptest.New(b, db, now)
	ctx := context.Background()
	res, err := app.Seed(ctx, a.Store, app.SeedOptions{Firms: 300, Contacts: 1500, Meetings: meetings})
	if err != nil {
		b.Fatal(err)
	}
	m := res.Mission
	staff, u := a.SignedIn("staff", "sam@agency.example")
	delegate := a.Client()
	delegate.SignIn(res.DelegateEmail, res.DelegatePassword)
	token := a.Token(u)
	var reg models.Registration
	if err := db.Where("mission_id = ?", m.ID).Order("id").First(&reg).Error; err != nil {
		b.Fatal(err)
	}
	counter := apptest.CountStatements(db)
	page := func(c *apptest.Client, path string) func(b *testing.B) {
		return func(b *testing.B) {
			// "…/rendered" renders every view (PAGE_CACHE=off): what a first view costs; the plain name is a
			// view again, answered from the page cache where the route keeps pages (handlers.Kept).
			a.Server.Handler.Opts.NoPageCache = strings.HasSuffix(b.Name(), "/rendered")
			defer func() { a.Server.Handler.Opts.NoPageCache = false }()
			c.Get(path) // warm
			counter.Start()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if r := c.Get(path); r.Status != http.StatusOK {
					b.Fatalf("GET %s: %d", path, r.Status)
				}
			}
			b.StopTimer()
			reads, writes := counter.Stop()
			b.ReportMetric(float64(reads+writes)/float64(b.N), "stmts/op")
		}
	}
	b.Run("missions", page(staff, "/missions"))
	b.Run("mission", page(staff, fmt.Sprintf("/missions/%d", m.ID)))
	kept := []struct {
		name string
		c    *apptest.Client
		path string
	}{
		{"staff-itinerary", staff, fmt.Sprintf("/missions/%d/registrations/%d/itinerary", m.ID, reg.ID)},
		{"my-itinerary", delegate, "/my/itinerary"},
		{"registrations", staff, fmt.Sprintf("/missions/%d/registrations", m.ID)},
		{"meetings", staff, fmt.Sprintf("/missions/%d/meetings", m.ID)},
	}
	for _, p := range kept {
		b.Run(p.name+"/rendered", page(p.c, p.path))
		b.Run(p.name+"/again", page(p.c, p.path))
	}
	b.Run("booking", func(b *testing.B) {
		body := bookingCandidate(b, a, m, u)
		path := fmt.Sprintf("/api/v1/missions/%d/meetings", m.ID)
		b.ReportAllocs()
		var stmts int
		took := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for range b.N {
			counter.Start()
			t0 := time.Now()
			r := a.API("POST", path, token, body)
			took = append(took, time.Since(t0))
			reads, writes := counter.Stop()
			stmts += reads + writes
			if r.Status != http.StatusCreated {
				b.Fatalf("booking: %d %s", r.Status, r.Body)
			}
			b.StopTimer()
			if err := db.Exec("DELETE FROM meetings WHERE mission_id = ? AND notes = 'benchmark'", m.ID).Error; err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.StopTimer()
		b.ReportMetric(float64(stmts)/float64(b.N), "stmts/op")
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	})
}

// bookingCandidate finds a meeting the first firms can book with a contact who has no meetings (a
// free slot of a firm's day, next to its other meetings of that day), and returns it as an API body.
func bookingCandidate(b *testing.B, a *apptest.App, m *models.Mission, u *models.User) string {
	b.Helper()
	ctx := context.Background()
	c := models.Contact{FullName: "Bench Mark", Organisation: "Benchmark Foods", OrganisationType: "buyer", Sector: "agri_food", City: "Chicago", State: "IL"}
	if err := a.Store.CreateContact(ctx, nil, &c); err != nil {
		b.Fatal(err)
	}
	var regs []models.Registration
	if err := a.DB.Where("mission_id = ?", m.ID).Order("id").Limit(40).Find(&regs).Error; err != nil {
		b.Fatal(err)
	}
	for _, r := range regs {
		for d := 1; d < 6; d++ {
			for _, clock := range []string{"09:00", "10:15", "11:30", "12:45", "14:00", "15:15", "16:30"} {
				at, err := models.LocalInstant(m.Zone(), m.StartDate.AddDate(0, 0, d).Format("2006-01-02"), clock)
				if err != nil {
					b.Fatal(err)
				}
				mt := &models.Meeting{RegistrationID: r.ID, ContactID: c.ID, StartsAt: &at, Notes: "benchmark"}
				if err := a.Store.SaveMeeting(ctx, u, m.ID, mt); err != nil {
					continue
				}
				if err := a.DB.Exec("DELETE FROM meetings WHERE id = ?", mt.ID).Error; err != nil {
					b.Fatal(err)
				}
				return fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": %q, "notes": "benchmark"}`, r.ID, c.ID, at.Format(time.RFC3339))
			}
		}
	}
	b.Fatal("no free slot found for a benchmark booking")
	return ""
}
