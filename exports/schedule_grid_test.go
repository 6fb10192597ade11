package exports

import (
	"testing"
	"time"
)

func TestPlaceMeetings(t *testing.T) {
	chi := loadZone(t, "America/Chicago")
	at := func(h, mi int) time.Time { return time.Date(2027, 3, 15, h, mi, 0, 0, chi).UTC() }
	base := MasterSchedule{
		Zone: chi, SlotMinutes: 30,
		Days:  []time.Time{time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)},
		Firms: []FirmColumn{{ID: 7, Name: "Acme"}},
	}
	// 09:00 to 12:00: six slots.
	const startMin, endMin = 9 * 60, 12 * 60
	tests := []struct {
		name      string
		m         ScheduleMeeting
		wantFirst int // -1: not on the grid
		wantSpan  int
		wantDay   int // counted in meetings per day
	}{
		{"one slot", ScheduleMeeting{FirmID: 7, Start: at(9, 0), End: at(9, 30)}, 0, 1, 1},
		{"an hour", ScheduleMeeting{FirmID: 7, Start: at(10, 0), End: at(11, 0)}, 2, 2, 1},
		{"off the slot boundary", ScheduleMeeting{FirmID: 7, Start: at(9, 15), End: at(9, 45)}, 0, 2, 1},
		{"starts before hours", ScheduleMeeting{FirmID: 7, Start: at(8, 30), End: at(9, 30)}, 0, 1, 1},
		{"runs past hours", ScheduleMeeting{FirmID: 7, Start: at(11, 30), End: at(13, 0)}, 5, 1, 1},
		{"wholly before hours", ScheduleMeeting{FirmID: 7, Start: at(7, 0), End: at(8, 0)}, -1, 0, 1},
		{"unknown firm", ScheduleMeeting{FirmID: 8, Start: at(9, 0), End: at(9, 30)}, -1, 0, 1},
		{"cancelled", ScheduleMeeting{FirmID: 7, Start: at(9, 0), End: at(9, 30), Status: "Cancelled"}, -1, 0, 0},
		{"another day", ScheduleMeeting{FirmID: 7, Start: at(9, 0).Add(24 * time.Hour), End: at(9, 30).Add(24 * time.Hour)}, -1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			perDay := make([]int, 1)
			g := placeMeetings(base, []ScheduleMeeting{tt.m}, startMin, endMin, perDay)[0]
			if len(g.slots) != 6 {
				t.Fatalf("%d slots, want 6", len(g.slots))
			}
			if perDay[0] != tt.wantDay {
				t.Errorf("counted %d, want %d", perDay[0], tt.wantDay)
			}
			first := -1
			for r := range g.cells {
				if g.cells[r][0].span > 0 {
					first = r
				}
			}
			if first != tt.wantFirst {
				t.Fatalf("first slot %d, want %d", first, tt.wantFirst)
			}
			if first >= 0 && g.cells[first][0].span != tt.wantSpan {
				t.Errorf("span %d, want %d", g.cells[first][0].span, tt.wantSpan)
			}
		})
	}
}

func TestPlaceMeetingsClash(t *testing.T) {
	chi := loadZone(t, "America/Chicago")
	at := func(h, mi int) time.Time { return time.Date(2027, 3, 15, h, mi, 0, 0, chi).UTC() }
	s := MasterSchedule{
		Zone: chi, SlotMinutes: 30,
		Days:  []time.Time{time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)},
		Firms: []FirmColumn{{ID: 1}},
	}
	ms := []ScheduleMeeting{
		{FirmID: 1, Start: at(9, 30), End: at(10, 30), Contact: "A"},
		{FirmID: 1, Start: at(9, 0), End: at(10, 0), Contact: "B"},   // runs into A: stops short of it
		{FirmID: 1, Start: at(10, 0), End: at(10, 30), Contact: "C"}, // inside A: joins its cell
	}
	g := placeMeetings(s, ms, 9*60, 12*60, make([]int, 1))[0]
	if c := g.cells[0][0]; c.text != "B" || c.span != 1 {
		t.Errorf("09:00 = %+v, want B over one slot", c)
	}
	if c := g.cells[1][0]; c.text != "A\n+ C" || c.span != 2 {
		t.Errorf("09:30 = %+v, want A (+ C) over two slots", c)
	}
}
