package handlers_test

import (
	"context"
	"net/http"
	"strings"
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
