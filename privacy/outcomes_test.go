package privacy_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

// TestOutcomesTheyRecorded: a meeting outcome keeps who recorded it (recorded_by, and their name as it
// was in recorded_by_name). The person's export holds the outcomes they recorded and those of their
// meetings; their erasure takes their name off what they recorded (even a one-word name, which the text
// sweep leaves alone) and out of the audit copies, and leaves the outcomes, and other people's names,
// in place.
func TestOutcomesTheyRecorded(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		s := w.App.Store
		// Her account goes by a single word, which no text sweep could safely look for.
		must(t, db.Model(&models.User{}).Where("id = ?", w.JaneUser.ID).Update("name", "Janey").Error)
		must(t, db.First(w.JaneUser, w.JaneUser.ID).Error)
		after := chicago(12, 16, 0)
		mine, err := s.RecordOutcome(ctx, w.JaneUser, w.Mission.ID, w.Meeting.ID, models.OutcomeByDelegate,
			models.OutcomeInput{Attendance: "held", Interest: "cooperation_possible", EstimatedValueGBP: "25000", Notes: "Samples went down well"}, after)
		must(t, err)
		staffs, err := s.RecordOutcome(ctx, w.Staff, w.Mission.ID, w.ContactMeet.ID, models.OutcomeByStaff,
			models.OutcomeInput{Attendance: "held", Interest: "informative"}, after)
		must(t, err)
		if mine.RecordedByName != "Janey" || staffs.RecordedByName == "" {
			t.Fatalf("recorded by %q and %q", mine.RecordedByName, staffs.RecordedByName)
		}
		svc := privacy.New(s)

		t.Run("export", func(t *testing.T) {
			e, err := svc.Export(ctx, janeEmail, after)
			must(t, err)
			rows := e.Rows("meeting_outcomes")
			if !hasRow(rows, map[string]any{"id": mine.ID, "recorded_by": w.JaneUser.ID, "recorded_by_name": "Janey", "estimated_value_gbp": 25000}) {
				t.Errorf("the export lacks the outcome she recorded: %v", rows)
			}
			if !hasRow(rows, map[string]any{"id": staffs.ID, "meeting_id": w.ContactMeet.ID}) {
				t.Errorf("the export lacks the outcome of the meeting she was met at")
			}
			if rows != nil && len(rows.Values) != 2 {
				t.Errorf("%d outcome rows, want 2 (each once)", len(rows.Values))
			}
			var buf strings.Builder
			must(t, e.WriteJSON(&buf))
			if !strings.Contains(buf.String(), `"meeting_outcomes"`) {
				t.Error("the JSON export has no meeting_outcomes")
			}
			// Bob's export has the staff-recorded outcome of the meeting he attended, not hers by name.
			eb, err := svc.Export(ctx, bobEmail, after)
			must(t, err)
			if !hasRow(eb.Rows("meeting_outcomes"), map[string]any{"id": staffs.ID}) {
				t.Errorf("Bob's export lacks the outcome of his meeting")
			}
		})

		t.Run("erasure", func(t *testing.T) {
			res, err := svc.Erase(ctx, nil, janeEmail, after)
			must(t, err)
			if res.Changes["meeting_outcomes"] < 1 {
				t.Errorf("erasure changed no outcome: %+v", res.Changes)
			}
			var o models.MeetingOutcome
			must(t, db.First(&o, mine.ID).Error)
			if o.RecordedByName == "Janey" || o.RecordedByName == "" || o.Attendance != "held" || o.EstimatedValueGBP == nil || *o.EstimatedValueGBP != 25000 {
				t.Errorf("her outcome after erasure: recorded by %q, %s, %v (the outcome stays, her name goes)", o.RecordedByName, o.Attendance, o.EstimatedValueGBP)
			}
			var other models.MeetingOutcome
			must(t, db.First(&other, staffs.ID).Error)
			if other.RecordedByName != staffs.RecordedByName {
				t.Errorf("staff's outcome lost its recorder: %q", other.RecordedByName)
			}
			var n int64
			must(t, db.Model(&models.AuditEvent{}).Where("before LIKE ? OR after LIKE ?", "%Janey%", "%Janey%").Count(&n).Error)
			if n != 0 {
				t.Errorf("%d audit events still name her", n)
			}
			for _, h := range scanEveryTextColumn(t, db, "Janey", janeEmail, janeName) {
				t.Errorf("still in %s.%s: %.200s", h.Table, h.Column, h.Value)
			}
		})
	})
}
