package models

import (
	"testing"
	"time"
)

func TestSpanLabel(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	london, _ := time.LoadLocation("Europe/London")
	day := DateOf(2027, 3, 17)
	tests := []struct {
		name       string
		start, end time.Time
		loc        *time.Location
		want       string
	}{
		{"same day", chi(t, 2027, 3, 17, 10, 0), chi(t, 2027, 3, 17, 10, 45), chicago, "10:00 → 10:45"},
		{"crosses midnight in Chicago", chi(t, 2027, 3, 17, 17, 55), chi(t, 2027, 3, 18, 2, 35), chicago, "17:55 → 02:35 +1 day"},
		{"the same flight in UK time", chi(t, 2027, 3, 17, 17, 55), chi(t, 2027, 3, 18, 2, 35), london, "22:55 → 07:35 +1 day"},
		{"all of it the next day at home", chi(t, 2027, 3, 17, 19, 0), chi(t, 2027, 3, 17, 20, 0), london, "00:00 → 01:00 +1 day"},
		{"starts the next day at home, ends later", chi(t, 2027, 3, 17, 19, 0), chi(t, 2027, 3, 19, 1, 0), london, "00:00 +1 day → 06:00 +2 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spanLabel(day, tt.start, tt.end, tt.loc); got != tt.want {
				t.Errorf("spanLabel = %q, want %q", got, tt.want)
			}
		})
	}
	if got := spanLabel(DateOf(2027, 3, 18), chi(t, 2027, 3, 17, 23, 0), chi(t, 2027, 3, 17, 23, 30), chicago); got != "23:00 → 23:30 −1 day" {
		t.Errorf("an entry before its day: %q", got)
	}
}

func TestItineraryNext(t *testing.T) {
	it, err := sampleSource(t).Itinerary(7)
	if err != nil {
		t.Fatal(err)
	}
	all := it.Entries()
	if len(all) < 3 {
		t.Fatalf("sample has %d entries", len(all))
	}
	if _, _, ok := it.Next(it.Days[0].Entries[0].Start.Add(-72 * time.Hour)); ok {
		t.Error("Next before the itinerary's first day")
	}
	if _, _, ok := it.Next(all[len(all)-1].End.Add(72 * time.Hour)); ok {
		t.Error("Next after the itinerary's last day")
	}
	// During an entry, it is next; just after it ends, the following one is.
	second := all[1]
	e, d, ok := it.Next(second.Start.Add(time.Minute))
	if !ok || e.ID != second.ID || e.Kind != second.Kind || d.Date != DateIn(second.Start, it.Zone) {
		t.Errorf("during the second entry: %v %+v on %v", ok, e.Title, d.Label)
	}
	e, _, ok = it.Next(second.End)
	if !ok || e.ID != all[2].ID || e.Kind != all[2].Kind {
		t.Errorf("after the second entry: %v %q, want %q", ok, e.Title, all[2].Title)
	}
}
