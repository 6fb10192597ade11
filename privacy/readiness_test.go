package privacy_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

// Travel documents, emergency contacts and hotel bookings (issue 15) are in the subject-access export,
// go with the needs 30 days after the mission ends (with the audit log's copies), and go on erasure.
func TestReadinessDataIsCoveredByExportRetentionAndErasure(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		s := w.App.Store
		hotel := models.Hotel{MissionID: w.Mission.ID, Name: "Lakeview Grand Hotel", City: "Chicago"}
		must(t, s.SaveHotel(ctx, w.Staff, &hotel))
		docs := models.TravelDocuments{PassportNationality: "British", PassportExpires: models.DateOf(2031, 1, 1), PassportLast4: "987Z",
			EstaStatus: models.EstaApproved, EstaExpires: models.DateOf(2028, 1, 1), MobileAbroad: "+44 7700 900111",
			EmergencyContactName: "Quentin Kinsman", EmergencyContactRelationship: "Brother", EmergencyContactPhone: "+44 7700 900222"}
		save := func(id uint) {
			t.Helper()
			must(t, s.SaveTravelDocuments(ctx, w.Staff, id, docs, &models.HotelBooking{HotelID: hotel.ID, ArrivesOn: models.DateOf(2027, 3, 10),
				DepartsOn: models.DateOf(2027, 3, 17), Room: models.RoomSingle, Confirmation: "LG-77"}, true))
		}
		save(w.Jane.ID)
		save(w.Bob.ID)
		svc := privacy.New(s)
		cleared := func(id uint) bool {
			t.Helper()
			var d models.Delegate
			must(t, db.Preload("HotelBooking").First(&d, id).Error)
			return d.TravelDocuments == (models.TravelDocuments{}) && d.HotelBooking == nil
		}
		auditMentions := func(text string) bool {
			var n int64
			must(t, db.Model(&models.AuditEvent{}).Where("before LIKE ? OR after LIKE ?", "%"+text+"%", "%"+text+"%").Count(&n).Error)
			return n > 0
		}
		if auditMentions("987Z") {
			t.Errorf("the audit log keeps the passport's last 4 characters")
		}

		t.Run("export", func(t *testing.T) {
			e, err := svc.Export(ctx, janeEmail, setupNow)
			must(t, err)
			if !hasRow(e.Rows("delegates"), map[string]any{"id": w.Jane.ID, "passport_last4": "987Z", "emergency_contact_name": "Quentin Kinsman"}) {
				t.Errorf("the export lacks her travel documents")
			}
			if !hasRow(e.Rows("hotel_bookings"), map[string]any{"confirmation": "LG-77"}) {
				t.Errorf("the export lacks her hotel booking")
			}
		})

		t.Run("erasure", func(t *testing.T) {
			admin, _ := w.App.CreateUser("admin", "ada.admin@agency.example")
			_, err := svc.Erase(ctx, admin, janeEmail, setupNow)
			must(t, err)
			if !cleared(w.Jane.ID) {
				t.Errorf("erasure left her travel documents or booking")
			}
			if cleared(w.Bob.ID) {
				t.Fatalf("erasure removed Bob's too")
			}
		})

		t.Run("retention", func(t *testing.T) {
			if _, err := svc.Purge(ctx, time.Date(2027, 4, 15, 12, 0, 0, 0, time.UTC)); err != nil { // day 29
				t.Fatal(err)
			}
			if cleared(w.Bob.ID) {
				t.Fatalf("removed before the day")
			}
			if _, err := svc.Purge(ctx, time.Date(2027, 4, 16, 12, 0, 0, 0, time.UTC)); err != nil { // 30 days after 17 March
				t.Fatal(err)
			}
			if !cleared(w.Bob.ID) {
				t.Errorf("retention left Bob's travel documents or booking")
			}
			if auditMentions("Quentin Kinsman") || auditMentions("LG-77") {
				t.Errorf("the audit log keeps copies of the emergency contact or the booking")
			}
		})
	})
}
