package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestKeptPages: a costly page viewed again costs the session, the user and the data revision (three
// reads), and shows exactly what it showed; any committed change (by this app or by another instance on
// the same database), a new minute, another session or a disabled account is never answered from what
// was kept.
func TestKeptPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		stmts := apptest.CountStatements(db)
		c, staff := a.SignedIn("staff", "sam@agency.example")
		page := f.pageA()
		c.Get(page) // the session's CSRF token is made
		first := c.Get(page)
		if first.Status != http.StatusOK {
			t.Fatalf("itinerary: %d", first.Status)
		}

		t.Run("a second view reads three rows and shows the same page", func(t *testing.T) {
			stmts.Start()
			again := c.Get(page)
			reads, writes := stmts.Stop()
			if again.Status != http.StatusOK || again.Body != first.Body {
				t.Fatalf("second view: %d, same body %v", again.Status, again.Body == first.Body)
			}
			if reads != 3 || writes != 0 {
				t.Errorf("second view: %d reads, %d writes; want 3 and 0:\n%s", reads, writes, stmts.SQL())
			}
			if ct := again.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("kept page's type: %q", ct)
			}
		})

		t.Run("a change through another instance shows at once", func(t *testing.T) {
			other := apptest.Reopen(t, db)
			f.grow(t, other, 2)
			if r := c.Get(page); !strings.Contains(r.Body, "Extra Contact 1") {
				t.Fatalf("the itinerary does not show meetings added by another instance")
			}
		})

		t.Run("a change through the app shows at once", func(t *testing.T) {
			before := c.Get(page).Body
			if err := a.Store.DB(context.Background()).Model(&models.Contact{}).Where("full_name = ?", "Extra Contact 0").
				Update("full_name", "Renamed Contact").Error; err != nil {
				t.Fatal(err)
			}
			after := c.Get(page).Body
			if before == after || !strings.Contains(after, "Renamed Contact") {
				t.Fatalf("the renamed contact is not shown")
			}
		})

		t.Run("views that miss together render the page once", func(t *testing.T) {
			var meetingReads atomic.Int64
			countMeetings := func(st *gorm.Statement) bool {
				if st.Table == "meetings" {
					meetingReads.Add(1)
					return true
				}
				return false
			}
			// What one render reads of the meetings table, in a new minute.
			a.SetNow(a.Now.Add(time.Minute))
			barrier := apptest.NewBarrier(t, db, "query", 1, 0, countMeetings)
			want := c.Get(page).Body
			one := meetingReads.Load()
			barrier.Remove()
			if one == 0 {
				t.Fatal("a render read no meetings: the test would prove nothing")
			}
			// Six views of the same session at once, in the next minute: the barrier holds the first
			// render's first read of meetings for half a second, so without coalescing all six would be
			// rendering by then.
			a.SetNow(a.Now.Add(time.Minute))
			meetingReads.Store(0)
			const n = 6
			barrier = apptest.NewBarrier(t, db, "query", n, 500*time.Millisecond, countMeetings)
			defer barrier.Remove()
			bodies := make([]string, n)
			statuses := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req := httptest.NewRequest(http.MethodGet, page, nil)
					req.AddCookie(&http.Cookie{Name: "sid", Value: c.Cookie("sid")})
					res, err := a.Server.App.Test(req, -1)
					if err != nil {
						t.Error(err)
						return
					}
					defer res.Body.Close()
					b, _ := io.ReadAll(res.Body)
					statuses[i], bodies[i] = res.StatusCode, string(b)
				}()
			}
			wg.Wait()
			for i := range n {
				if statuses[i] != http.StatusOK || bodies[i] != want {
					t.Errorf("view %d: %d, same page as one render alone %v", i, statuses[i], bodies[i] == want)
				}
			}
			if got := meetingReads.Load(); got != one || barrier.Met() != 0 {
				t.Errorf("%d views at once read meetings %d times (one render reads them %d times): rendered more than once", n, got, one)
			}
		})

		t.Run("a new minute renders afresh", func(t *testing.T) {
			c.Get(page)
			a.SetNow(a.Now.Add(time.Minute))
			stmts.Start()
			c.Get(page)
			reads, _ := stmts.Stop()
			if reads <= 3 {
				t.Errorf("a new minute answered from the kept page (%d reads)", reads)
			}
		})

		t.Run("another session gets its own page", func(t *testing.T) {
			c2, _ := a.SignedIn("staff", "kim@agency.example")
			c2.Get(page)
			r := c2.Get(page)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, c2.CSRF()) || strings.Contains(r.Body, c.CSRF()) {
				t.Fatalf("another session's page does not carry its own CSRF token only")
			}
		})

		t.Run("a disabled account is refused though its page was kept", func(t *testing.T) {
			c.Get(page)
			if err := a.Store.SetDisabled(context.Background(), nil, staff.ID, true); err != nil {
				t.Fatal(err)
			}
			if r := c.Get(page); r.Status == http.StatusOK {
				t.Fatalf("a disabled account still sees the itinerary")
			}
		})
	})
}

// TestKeptPagesOff: PAGE_CACHE=off renders every view.
func TestKeptPagesOff(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.NewWith(t, db, testNow, map[string]string{"PAGE_CACHE": "off"})
		f := seedItinerary(t, db)
		stmts := apptest.CountStatements(db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		c.Get(f.pageA())
		c.Get(f.pageA())
		stmts.Start()
		c.Get(f.pageA())
		if reads, _ := stmts.Stop(); reads <= 3 {
			t.Fatalf("with PAGE_CACHE=off a view read only %d statements", reads)
		}
	})
}
