package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestReadinessPagesOnAPhone opens issue 15's pages on the demo mission at 375 px, with the error
// state of the documents forms: none scrolls sideways and axe-core finds no violation. (A file of its
// own, beside TestEveryPage, so the two pages lists are edited apart.)
func TestReadinessPagesOnAPhone(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)
	db := apptest.OpenDB(t, "sqlite")
	a := apptest.New(t, db, journeyClock)
	if err := app.LoadDemo(context.Background(), a.Store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go a.Server.App.Listener(ln)
	t.Cleanup(func() { _ = a.Server.App.Shutdown() })
	base := "http://" + ln.Addr().String()

	var du models.User
	if err := db.Where("role = 'delegate' AND delegate_id IS NOT NULL").First(&du).Error; err != nil {
		t.Fatal(err)
	}
	var d models.Delegate
	if err := db.First(&d, *du.DelegateID).Error; err != nil {
		t.Fatal(err)
	}
	var hotel models.Hotel
	if err := db.Where("mission_id = ?", d.MissionID).First(&hotel).Error; err != nil {
		t.Fatal(err)
	}
	m := fmt.Sprintf("/missions/%d", d.MissionID)
	docs := fmt.Sprintf("%s/registrations/%d/delegates/%d/documents", m, d.RegistrationID, d.ID)

	staff := newTab(t, browser, base, 375, true)
	_, password := a.CreateUser("staff", "sam@agency.example")
	staff.signIn("sam@agency.example", password)
	for _, p := range []string{m + "/readiness", m + "/readiness?check=passport&level=amber", m + "/roster", m + "/hotels",
		fmt.Sprintf("%s/hotels/%d/edit", m, hotel.ID), fmt.Sprintf("%s/hotels/%d/delete", m, hotel.ID), docs} {
		staff.open(p, http.StatusOK)
	}
	staff.open(docs, http.StatusOK)
	staff.fill(map[string]string{"passport_last4": "123456789", "esta_expires-month": "13"})
	staff.submit(`form[action="`+docs+`"] button[type=submit]`, http.StatusUnprocessableEntity)
	staff.open(m+"/hotels", http.StatusOK)
	staff.submit(`form[action="`+m+`/hotels"] button[type=submit]`, http.StatusUnprocessableEntity)

	me := newTab(t, browser, base, 375, true)
	me.signIn(du.Email, "chicago-demo-2027")
	me.open("/my/documents", http.StatusOK)
	me.fill(map[string]string{"emergency_contact_phone": "call my brother"})
	me.submit(`form[action="/my/documents"] button[type=submit]`, http.StatusUnprocessableEntity)
	me.open(m+"/readiness", http.StatusNotFound) // readiness is private: to a delegate it does not exist
}
