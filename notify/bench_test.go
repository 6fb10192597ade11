package notify_test

import (
	"context"
	"testing"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/scheduler"
)

// BenchmarkPublish measures publishing a schedule of 400 meetings for 100 firms (200 delegates) through
// the plain store and through the notifying one (which records 200 change notices with 400 invitations
// in the same transaction). Run with: go test ./notify -run X -bench Publish -benchtime 3x
func BenchmarkPublish(b *testing.B) {
	for _, kind := range apptest.Databases() {
		for _, notifying := range []bool{false, true} {
			name := kind + "/plain"
			if notifying {
				name = kind + "/notifying"
			}
			b.Run(name, func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					db := apptest.OpenDB(b, kind)
					a := apptest.New(b, db, testNow)
					tm := seedMission(b, a, 100, 80)
					tm.requestMeetings(b, a, 400)
					store := a.Store
					if notifying {
						store = a.Server.Handler.Store
					}
					b.StartTimer()
					p, err := scheduler.Publish(context.Background(), store, tm.Staff, tm.M.ID, "")
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					if notifying {
						b.ReportMetric(float64(countRows(b, db, "notifications")), "messages/op")
					}
					b.ReportMetric(float64(len(p.Result.Placed)), "placed/op")
					b.StartTimer()
				}
			})
		}
	}
}
