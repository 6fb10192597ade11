package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func newMission(t testing.TB, s *models.Store, maxFirms int) *models.Mission {
	t.Helper()
	m := models.NewMission()
	m.Name, m.DestinationCity = "Chicago 2027", "Chicago"
	m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	m.Status, m.MaxFirms, m.MaxDelegatesPerFirm = "open", maxFirms, 2
	if err := s.CreateMission(context.Background(), nil, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func registerN(t *testing.T, s *models.Store, m *models.Mission, n int) []*models.Registration {
	t.Helper()
	return registerNamed(t, s, m, "Firm", n)
}

// registerNamed registers n new firms named prefix 00 Ltd, prefix 01 Ltd…
func registerNamed(t *testing.T, s *models.Store, m *models.Mission, prefix string, n int) []*models.Registration {
	t.Helper()
	var out []*models.Registration
	for i := 0; i < n; i++ {
		f := models.Firm{CompanyName: fmt.Sprintf("%s %02d Ltd", prefix, i), Postcode: "B1 1BB", Sector: "agri_food", ContactName: "A N Other", ContactEmail: fmt.Sprintf("f%d@example.co.uk", i)}
		r := &models.Registration{}
		if err := s.RegisterFirm(context.Background(), nil, m, now, 0, &f, r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func count(t *testing.T, db *gorm.DB, missionID uint, status string) int64 {
	var n int64
	db.Model(&models.Registration{}).Where("mission_id = ? AND status = ?", missionID, status).Count(&n)
	return n
}

// Staff approve many firms at once for the last seats: exactly as many as there are seats are
// approved and the rest wait-listed, on SQLite (immediate transactions) and on PostgreSQL (the
// mission row locked FOR UPDATE). A barrier at the seat count holds every approval until all have
// arrived there (or half a second has passed), so without the lock they would all count the same
// seats: the race is forced in every round, not left to timing.
func TestConcurrentApprovalsRespectCapacity(t *testing.T) {
	rounds := []struct {
		name                 string
		capacity, taken, ask int
	}{
		{"twenty firms for five seats", 5, 0, 20},
		{"six firms for the last seat", 3, 2, 6},
		{"four firms for the last two seats", 4, 2, 4},
	}
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		isSeatCount := func(st *gorm.Statement) bool {
			_, counting := st.Dest.(*int64)
			return counting && st.Table == "registrations"
		}
		for i, round := range rounds {
			t.Run(round.name, func(t *testing.T) {
				m := newMission(t, s, round.capacity)
				regs := registerNamed(t, s, m, fmt.Sprintf("Round %d firm", i), round.taken+round.ask)
				for _, r := range regs[:round.taken] {
					if _, err := s.SetRegistrationStatus(context.Background(), nil, r.ID, "approved", now); err != nil {
						t.Fatal(err)
					}
				}
				barrier := apptest.NewBarrier(t, db, "query", round.ask, 500*time.Millisecond, isSeatCount)
				defer barrier.Remove()
				var wg sync.WaitGroup
				errs := make(chan error, round.ask)
				start := make(chan struct{})
				for _, r := range regs[round.taken:] {
					wg.Add(1)
					go func(id uint) {
						defer wg.Done()
						<-start
						_, err := s.SetRegistrationStatus(context.Background(), nil, id, "approved", now)
						errs <- err
					}(r.ID)
				}
				close(start)
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Errorf("approval failed: %v", err)
					}
				}
				seats, late := round.capacity-round.taken, round.ask-(round.capacity-round.taken)
				if a, w := count(t, db, m.ID, "approved"), count(t, db, m.ID, "waitlisted"); a != int64(round.capacity) || w != int64(late) {
					t.Fatalf("approved %d, wait-listed %d; want %d and %d (seats left: %d, firms asking: %d)", a, w, round.capacity, late, seats, round.ask)
				}
				var fullAudits int64
				db.Model(&models.AuditEvent{}).Where("entity = 'registration' AND action = 'status' AND mission_id = ? AND after LIKE ?", m.ID, `%"full":true%`).Count(&fullAudits)
				if fullAudits != int64(late) {
					t.Errorf("audit events recording a full mission: %d, want %d", fullAudits, late)
				}
			})
		}
	})
}

func TestWithdrawalPromotesOldestWaitlisted(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		m := newMission(t, s, 2)
		regs := registerN(t, s, m, 5)
		staff := &models.User{Email: "sam@agency.example", Name: "Sam", Role: "staff"}
		if err := s.CreateUser(ctx, nil, staff, ""); err != nil {
			t.Fatal(err)
		}
		at := now
		step := func(r *models.Registration, status string) *models.StatusChange {
			t.Helper()
			at = at.Add(time.Minute)
			c, err := s.SetRegistrationStatus(ctx, staff, r.ID, status, at)
			if err != nil {
				t.Fatalf("%s → %s: %v", r.Firm.CompanyName, status, err)
			}
			return c
		}
		step(regs[0], "approved")
		step(regs[1], "approved")
		if c := step(regs[2], "approved"); c.To != "waitlisted" || !c.Full || c.Message() != "The mission is full (2 of 2 places taken), so Firm 02 Ltd has been put on the wait list" {
			t.Fatalf("third approval: %+v %q", c.StatusDecision, c.Message())
		}
		step(regs[4], "waitlisted") // wait-listed after Firm 02 (and before Firm 03)
		step(regs[3], "waitlisted")
		step(regs[1], "confirmed")

		c := step(regs[1], "withdrawn")
		if c.Promoted == nil || c.Promoted.ID != regs[2].ID || c.Taken != 2 {
			t.Fatalf("withdrawal promoted %+v, taken %d; want Firm 02 and 2 taken", c.Promoted, c.Taken)
		}
		if want := "Firm 01 Ltd is now withdrawn. Firm 02 Ltd has moved up from the wait list and is now approved"; c.Message() != want {
			t.Errorf("message %q, want %q", c.Message(), want)
		}
		r2, _ := s.Registration(ctx, regs[2].ID)
		if r2.Status != "approved" {
			t.Fatalf("promoted registration is %s", r2.Status)
		}
		trail, _ := s.AuditTrail(ctx, "registration", regs[2].ID)
		h := models.RegistrationHistory(trail)
		if len(h) != 3 || h[2].Actor != "sam@agency.example" || h[2].Text != "Moved up from the wait list: Wait-listed to Approved (a seat was freed when Firm 01 Ltd became withdrawn)" {
			t.Fatalf("history of the promoted firm: %+v", h)
		}
		// Withdrawing a wait-listed firm frees nothing; reinstating a withdrawn one starts again at applied.
		if c := step(regs[4], "withdrawn"); c.Promoted != nil {
			t.Errorf("withdrawing a wait-listed firm promoted %v", c.Promoted.ID)
		}
		if _, err := s.SetRegistrationStatus(ctx, staff, regs[4].ID, "approved", at); err == nil {
			t.Errorf("a withdrawn firm was approved without being reinstated")
		}
		if c := step(regs[4], "applied"); c.To != "applied" {
			t.Errorf("reinstate: %s", c.To)
		}
		if a, w := count(t, db, m.ID, "approved")+count(t, db, m.ID, "confirmed"), count(t, db, m.ID, "waitlisted"); a != 2 || w != 1 {
			t.Fatalf("seats taken %d, wait-listed %d; want 2 and 1", a, w)
		}
	})
}

func TestDelegateLimitsAndTravel(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		m := newMission(t, s, 5)
		regs := registerN(t, s, m, 2)
		d1 := models.Delegate{FullName: "Priya Shah", Email: "Priya@Example.co.uk"}
		segs := []models.TravelSegment{{Direction: "outbound", Carrier: "Aer Lingus", Number: "ei 3271", From: "bhx", To: "dub"}}
		if errs := segs[0].SetInstants("2027-03-10T07:00", "2027-03-10T08:05"); len(errs) > 0 {
			t.Fatal(errs)
		}
		if err := s.AddDelegate(ctx, nil, regs[0].ID, &d1, segs); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Delegate(ctx, d1.ID)
		if got.Email != "priya@example.co.uk" || len(got.TravelSegments) != 1 || got.TravelSegments[0].From != "BHX" || got.TravelSegments[0].Number != "EI 3271" {
			t.Fatalf("saved delegate: %+v", got)
		}
		// The same email on another firm of the same mission is a field error, not a database error.
		dup := models.Delegate{FullName: "P Shah", Email: "priya@example.co.uk"}
		err := s.AddDelegate(ctx, nil, regs[1].ID, &dup, nil)
		if fe, ok := models.AsFieldErrors(err); !ok || fe["email"] == "" {
			t.Fatalf("duplicate email: %v", err)
		}
		// At most max_delegates_per_firm (2).
		if err := s.AddDelegate(ctx, nil, regs[0].ID, &models.Delegate{FullName: "Tom Reed", Email: "tom@example.co.uk"}, nil); err != nil {
			t.Fatal(err)
		}
		err = s.AddDelegate(ctx, nil, regs[0].ID, &models.Delegate{FullName: "Third Person", Email: "third@example.co.uk"}, nil)
		if fe, ok := models.AsFieldErrors(err); !ok || fe["registration"] != "A firm can send at most 2 delegates on this mission: remove one before adding another" {
			t.Fatalf("third delegate: %v", err)
		}
		// A bad segment in an update leaves everything as it was.
		bad := []models.TravelSegment{{Direction: "outbound", From: "BHX", To: "QQQ"}}
		got.FullName = "Priya Shah-Patel"
		if err := s.UpdateDelegate(ctx, nil, got, bad); err == nil {
			t.Fatal("bad segment accepted")
		}
		again, _ := s.Delegate(ctx, d1.ID)
		if again.FullName != "Priya Shah" || len(again.TravelSegments) != 1 {
			t.Fatalf("failed update changed the delegate: %+v", again)
		}
	})
}
