package report

import (
	"fmt"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// The fixture, small enough to count by hand (docs/report.md has the definitions):
//
//	registration  firm   sector              status     delegates
//	1             Alpha  agri_food           approved   2
//	2             Beta   digital_technology  confirmed  1
//	3             Gamma  agri_food           withdrawn  3   (not going)
//	4             Delta  agri_food           approved   1   (no meetings)
//
//	meeting  firm  status     contact type  outcome (staff's unless said)
//	1        1     scheduled  buyer         held, cooperation, £10,000 estimated
//	2        1     scheduled  buyer         held, cooperation, £20,000 estimated
//	3        1     scheduled  investor      held, informative
//	4        1     scheduled  investor      no-show by the contact
//	5        2     scheduled  buyer         no-show by the firm (delegate's record)
//	6        2     scheduled  investor      held, cooperation, £40,000 estimated
//	7        2     scheduled  distributor   cancelled on the day
//	8        2     cancelled  distributor   held, cooperation, £99,999 (recorded before it was cancelled: not counted)
//	9        1     requested  distributor   none
//	10       2     scheduled  buyer         held, not interested
//	11       2     scheduled  buyer         held, cooperation, no estimate
//	12       3     cancelled  buyer         none
//
//	survey (round, firm)  answered  satisfaction  about the leads
//	3 months, Alpha       yes       4             1: export win £5,000 + £7,000, would not have happened; 2: in negotiation
//	3 months, Beta        no
//	3 months, Delta       yes       5             (no leads)
//	6 months, Alpha       yes       2             2: no further contact (1 not mentioned: its 3-month answer stands)
//	6 months, Beta        yes       3             11: export win £1,000 in year 3, same without us
//	6 months, Delta       no
func fixture() *models.ReportSource {
	v := func(n int64) *int64 { return &n }
	sat := func(n int) *int { return &n }
	at := time.Date(2027, 3, 12, 15, 0, 0, 0, time.UTC)
	src := &models.ReportSource{
		Mission: models.Mission{ID: 1, Name: "Chicago 2027", Timezone: "America/Chicago", DestinationCountry: "United States"},
		Firms: []models.ReportFirm{
			{RegistrationID: 1, Status: "approved", Going: true, CompanyName: "Alpha", Sector: "agri_food", Delegates: 2},
			{RegistrationID: 2, Status: "confirmed", Going: true, CompanyName: "Beta", Sector: "digital_technology", Delegates: 1},
			{RegistrationID: 3, Status: "withdrawn", Going: false, CompanyName: "Gamma", Sector: "agri_food", Delegates: 3},
			{RegistrationID: 4, Status: "approved", Going: true, CompanyName: "Delta", Sector: "agri_food", Delegates: 1},
		},
	}
	held := func(interest string, value *int64) *models.MeetingOutcome {
		return &models.MeetingOutcome{Source: "staff", Attendance: "held", Interest: interest, EstimatedValueGBP: value}
	}
	other := func(attendance, source string) *models.MeetingOutcome {
		return &models.MeetingOutcome{Source: source, Attendance: attendance}
	}
	for _, m := range []struct {
		id, reg        uint
		status, orgTyp string
		outcome        *models.MeetingOutcome
	}{
		{1, 1, "scheduled", "buyer", held("cooperation_possible", v(10000))},
		{2, 1, "scheduled", "buyer", held("cooperation_possible", v(20000))},
		{3, 1, "scheduled", "investor", held("informative", nil)},
		{4, 1, "scheduled", "investor", other("no_show_contact", "staff")},
		{5, 2, "scheduled", "buyer", other("no_show_firm", "delegate")},
		{6, 2, "scheduled", "investor", held("cooperation_possible", v(40000))},
		{7, 2, "scheduled", "distributor", other("cancelled_on_day", "staff")},
		{8, 2, "cancelled", "distributor", held("cooperation_possible", v(99999))},
		{9, 1, "requested", "distributor", nil},
		{10, 2, "scheduled", "buyer", held("not_interested", nil)},
		{11, 2, "scheduled", "buyer", held("cooperation_possible", nil)},
		{12, 3, "cancelled", "buyer", nil},
	} {
		src.Meetings = append(src.Meetings, models.ReportMeeting{ID: m.id, RegistrationID: m.reg, Status: m.status, StartsAt: &at,
			ContactOrganisation: fmt.Sprintf("Org %d", m.id), OrganisationType: m.orgTyp, Outcome: m.outcome})
	}
	answered := &at
	lead := func(meeting uint, status string, y1, y2, y3 *int64, without string) models.FollowUpLead {
		return models.FollowUpLead{MeetingID: meeting, Status: status, Year1GBP: y1, Year2GBP: y2, Year3GBP: y3, WithoutSupport: without}
	}
	src.FollowUps = []models.ReportFollowUp{
		{Months: 3, FollowUp: models.FollowUp{ID: 1, RegistrationID: 1, RespondedAt: answered, Satisfaction: sat(4), Leads: []models.FollowUpLead{
			lead(1, "export_win", v(5000), v(7000), nil, "would_not_have"), lead(2, "in_negotiation", nil, nil, nil, "")}}},
		{Months: 3, FollowUp: models.FollowUp{ID: 2, RegistrationID: 2}},
		{Months: 3, FollowUp: models.FollowUp{ID: 3, RegistrationID: 4, RespondedAt: answered, Satisfaction: sat(5)}},
		{Months: 6, FollowUp: models.FollowUp{ID: 4, RegistrationID: 1, RespondedAt: answered, Satisfaction: sat(2), Leads: []models.FollowUpLead{
			lead(2, "no_further_contact", nil, nil, nil, "")}}},
		{Months: 6, FollowUp: models.FollowUp{ID: 5, RegistrationID: 2, RespondedAt: answered, Satisfaction: sat(3), CaseStudyConsent: true, Leads: []models.FollowUpLead{
			lead(11, "export_win", nil, nil, v(1000), "same")}}},
		{Months: 6, FollowUp: models.FollowUp{ID: 6, RegistrationID: 4}},
	}
	return src
}

func rate(n, d float64) *float64 { r := n / d; return &r }

// TestComputeAgainstAHandCount: every figure of the total and of each group, counted by hand from
// the fixture above.
func TestComputeAgainstAHandCount(t *testing.T) {
	r := Compute(fixture())
	group := func(groups []Group, code string) Figures {
		for _, g := range groups {
			if g.Code == code {
				return g.Figures
			}
		}
		t.Fatalf("no group %s", code)
		return Figures{}
	}
	tests := []struct {
		name string
		got  Figures
		want Figures
	}{
		{"total", r.Total, Figures{
			Firms: 3, Delegates: 4, // Alpha 2, Beta 1, Delta 1; Gamma withdrew
			MeetingsRequested: 12, MeetingsScheduled: 9, MeetingsHeld: 6, // held: 1, 2, 3, 6, 10, 11
			NoShows: 2, NoShowRate: rate(2, 8), CancelledOnDay: 1, // 4, 5 of 6 held + 2; 7 in neither
			MeetingsPerFirm: Spread{Min: 0, Median: 4, Max: 5}, // Delta 0, Alpha 4, Beta 5
			ByInterest:      Interest{NotInterested: 1, Informative: 1, Cooperation: 4},
			Leads:           4, PipelineGBP: 40000, // 6 unanswered; 2 dead at 6 months; 1 and 11 won
			Wins: 2, WinsByYear: Years{5000, 7000, 1000}, WinsGBP: 13000, WinsWithoutUs: 1, WithoutUsShare: rate(1, 2),
			Satisfaction: rate(4+5+2+3, 4), Ratings: 4, FollowUpsSent: 6, FollowUpsAnswered: 4, ResponseRate: rate(4, 6),
		}},
		{"sector agri_food", group(r.BySector, "agri_food"), Figures{
			Firms: 2, Delegates: 3, // Alpha and Delta
			MeetingsRequested: 6, MeetingsScheduled: 4, MeetingsHeld: 3, // Alpha's 1-4 and 9, Gamma's 12
			NoShows: 1, NoShowRate: rate(1, 4),
			MeetingsPerFirm: Spread{Min: 0, Median: 2, Max: 4},
			ByInterest:      Interest{Informative: 1, Cooperation: 2},
			Leads:           2, PipelineGBP: 0,
			Wins: 1, WinsByYear: Years{5000, 7000, 0}, WinsGBP: 12000, WinsWithoutUs: 1, WithoutUsShare: rate(1, 1),
			Satisfaction: rate(4+5+2, 3), Ratings: 3, FollowUpsSent: 4, FollowUpsAnswered: 3, ResponseRate: rate(3, 4),
		}},
		{"sector digital_technology", group(r.BySector, "digital_technology"), Figures{
			Firms: 1, Delegates: 1,
			MeetingsRequested: 6, MeetingsScheduled: 5, MeetingsHeld: 3, // 5-8, 10, 11; 8 cancelled
			NoShows: 1, NoShowRate: rate(1, 4), CancelledOnDay: 1,
			MeetingsPerFirm: Spread{Min: 5, Median: 5, Max: 5},
			ByInterest:      Interest{NotInterested: 1, Cooperation: 2},
			Leads:           2, PipelineGBP: 40000,
			Wins: 1, WinsByYear: Years{0, 0, 1000}, WinsGBP: 1000, WinsWithoutUs: 0, WithoutUsShare: rate(0, 1),
			Satisfaction: rate(3, 1), Ratings: 1, FollowUpsSent: 2, FollowUpsAnswered: 1, ResponseRate: rate(1, 2),
		}},
		{"organisation type buyer", group(r.ByOrganisationType, "buyer"), Figures{
			Firms: 2, Delegates: 3, // Alpha and Beta met buyers; Gamma did too but is not going
			MeetingsRequested: 6, MeetingsScheduled: 5, MeetingsHeld: 4, // 1, 2, 5, 10, 11, 12
			NoShows: 1, NoShowRate: rate(1, 5),
			MeetingsPerFirm: Spread{Min: 2, Median: 2.5, Max: 3}, // Alpha 1, 2; Beta 5, 10, 11
			ByInterest:      Interest{NotInterested: 1, Cooperation: 3},
			Leads:           3, PipelineGBP: 0,
			Wins: 2, WinsByYear: Years{5000, 7000, 1000}, WinsGBP: 13000, WinsWithoutUs: 1, WithoutUsShare: rate(1, 2),
			Satisfaction: rate(4+2+3, 3), Ratings: 3, FollowUpsSent: 4, FollowUpsAnswered: 3, ResponseRate: rate(3, 4),
		}},
		{"organisation type investor", group(r.ByOrganisationType, "investor"), Figures{
			Firms: 2, Delegates: 3,
			MeetingsRequested: 3, MeetingsScheduled: 3, MeetingsHeld: 2, NoShows: 1, NoShowRate: rate(1, 3),
			MeetingsPerFirm: Spread{Min: 1, Median: 1.5, Max: 2},
			ByInterest:      Interest{Informative: 1, Cooperation: 1},
			Leads:           1, PipelineGBP: 40000,
			Satisfaction: rate(4+2+3, 3), Ratings: 3, FollowUpsSent: 4, FollowUpsAnswered: 3, ResponseRate: rate(3, 4),
		}},
		{"organisation type distributor", group(r.ByOrganisationType, "distributor"), Figures{
			Firms: 2, Delegates: 3, // Alpha (a request) and Beta
			MeetingsRequested: 3, MeetingsScheduled: 1, CancelledOnDay: 1, // no one held or missed: no rate
			MeetingsPerFirm: Spread{Min: 0, Median: 0.5, Max: 1},
			Satisfaction:    rate(4+2+3, 3), Ratings: 3, FollowUpsSent: 4, FollowUpsAnswered: 3, ResponseRate: rate(3, 4),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, m := range Measures {
				if got, want := m.Text(tt.got), m.Text(tt.want); got != want {
					t.Errorf("%s = %s, want %s", m.Key, got, want)
				}
			}
			if tt.got.WinsWithoutUs != tt.want.WinsWithoutUs || tt.got.Ratings != tt.want.Ratings {
				t.Errorf("wins without us %d, ratings %d; want %d, %d", tt.got.WinsWithoutUs, tt.got.Ratings, tt.want.WinsWithoutUs, tt.want.Ratings)
			}
			for _, m := range []Measure{MeasureByKey("no_show_rate"), MeasureByKey("wins_would_not_have_happened_share"), MeasureByKey("satisfaction"), MeasureByKey("follow_up_response_rate")} {
				g, gok := m.Number(tt.got)
				w, wok := m.Number(tt.want)
				if gok != wok || (gok && (g-w > 1e-9 || w-g > 1e-9)) {
					t.Errorf("%s = %v (%v), want %v (%v)", m.Key, g, gok, w, wok)
				}
			}
		})
	}
	t.Run("groups present", func(t *testing.T) {
		var sectors, types []string
		for _, g := range r.BySector {
			sectors = append(sectors, g.Code)
		}
		for _, g := range r.ByOrganisationType {
			types = append(types, g.Code)
		}
		// Sectors and types in the lists' order; those with neither firms nor meetings are left out.
		if fmt.Sprint(sectors) != "[digital_technology agri_food]" || fmt.Sprint(types) != "[buyer distributor investor]" {
			t.Errorf("sectors %v, types %v", sectors, types)
		}
	})
	t.Run("wins", func(t *testing.T) {
		if len(r.Wins) != 2 {
			t.Fatalf("%d wins, want 2", len(r.Wins))
		}
		a, b := r.Wins[0], r.Wins[1]
		if a.MeetingID != 1 || a.Months != 3 || a.Years != (Years{5000, 7000, 0}) || a.WithoutSupport != "would_not_have" || a.MeetingDate != "2027-03-12" ||
			b.MeetingID != 11 || b.Months != 6 || b.Years != (Years{0, 0, 1000}) || !b.CaseStudyConsent || b.OverseasCustomer != "Org 11" {
			t.Errorf("wins = %+v", r.Wins)
		}
	})
}

// TestRates: each rate of docs/report.md, with its edge cases; a rate of nothing is none, not 0 %.
func TestRates(t *testing.T) {
	held := &models.MeetingOutcome{Attendance: "held", Interest: "informative"}
	noShow := &models.MeetingOutcome{Attendance: "no_show_contact"}
	cancelled := &models.MeetingOutcome{Attendance: "cancelled_on_day"}
	meetings := func(outcomes ...*models.MeetingOutcome) []models.ReportMeeting {
		var out []models.ReportMeeting
		for i, o := range outcomes {
			out = append(out, models.ReportMeeting{ID: uint(i + 1), RegistrationID: 1, Status: "scheduled", OrganisationType: "buyer", Outcome: o})
		}
		return out
	}
	sat := func(n int) *int { return &n }
	now := time.Now()
	tests := []struct {
		name      string
		meetings  []models.ReportMeeting
		followUps []models.ReportFollowUp
		key, want string
	}{
		{"no-shows over held and no-shows", meetings(held, held, held, noShow), nil, "no_show_rate", "25%"},
		{"cancelled on the day is in neither side", meetings(held, noShow, cancelled, cancelled), nil, "no_show_rate", "50%"},
		{"outcomes not yet recorded are in neither side", meetings(held, noShow, nil, nil), nil, "no_show_rate", "50%"},
		{"nothing held or missed: no rate", meetings(cancelled, nil), nil, "no_show_rate", "–"},
		{"every one missed", meetings(noShow, noShow), nil, "no_show_rate", "100%"},
		{"response rate", nil, []models.ReportFollowUp{{FollowUp: models.FollowUp{RegistrationID: 1, RespondedAt: &now}}, {FollowUp: models.FollowUp{RegistrationID: 1}}, {FollowUp: models.FollowUp{RegistrationID: 1}}}, "follow_up_response_rate", "33.3%"},
		{"no surveys sent: no response rate", nil, nil, "follow_up_response_rate", "–"},
		{"satisfaction is the mean of answered ratings", nil, []models.ReportFollowUp{
			{FollowUp: models.FollowUp{RegistrationID: 1, RespondedAt: &now, Satisfaction: sat(5)}},
			{FollowUp: models.FollowUp{RegistrationID: 1, RespondedAt: &now, Satisfaction: sat(4)}},
			{FollowUp: models.FollowUp{RegistrationID: 1, RespondedAt: &now}},    // answered without a rating
			{FollowUp: models.FollowUp{RegistrationID: 1, Satisfaction: sat(1)}}, // not submitted: not counted
		}, "satisfaction", "4.5"},
		{"no ratings: no satisfaction", nil, nil, "satisfaction", "–"},
		{"no wins: no share", nil, nil, "wins_would_not_have_happened_share", "–"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &models.ReportSource{Mission: models.Mission{Timezone: "America/Chicago"},
				Firms:    []models.ReportFirm{{RegistrationID: 1, Going: true, Sector: "agri_food"}},
				Meetings: tt.meetings, FollowUps: tt.followUps}
			r := Compute(src)
			if got := MeasureByKey(tt.key).Text(r.Total); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.key, got, tt.want)
			}
			// The sector holding every firm and meeting agrees with the total.
			if len(r.BySector) == 1 {
				if got := MeasureByKey(tt.key).Text(r.BySector[0].Figures); got != tt.want {
					t.Errorf("by sector %s = %s, want %s", tt.key, got, tt.want)
				}
			}
		})
	}
}

// TestSpread: meetings per firm over going firms, counting those with none; an even count's median
// is the mean of the two middle values.
func TestSpread(t *testing.T) {
	tests := []struct {
		counts []int
		want   Spread
	}{
		{nil, Spread{}},
		{[]int{3}, Spread{3, 3, 3}},
		{[]int{0, 4}, Spread{0, 2, 4}},
		{[]int{5, 1, 2}, Spread{1, 2, 5}},
		{[]int{1, 2, 3, 10}, Spread{1, 2.5, 10}},
		{[]int{0, 0, 0, 7}, Spread{0, 0, 7}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.counts), func(t *testing.T) {
			m := map[uint]int{}
			for i, n := range tt.counts {
				m[uint(i+1)] = n
			}
			if got := spread(m); got != tt.want {
				t.Errorf("spread(%v) = %+v, want %+v", tt.counts, got, tt.want)
			}
		})
	}
}

// TestMeasureText: how each kind of measure is written for people.
func TestMeasureText(t *testing.T) {
	f := Figures{Firms: 12, PipelineGBP: 1250000, NoShowRate: rate(1, 11), Satisfaction: rate(13, 3), MeetingsPerFirm: Spread{Median: 2.5}}
	for key, want := range map[string]string{
		"firms": "12", "pipeline_gbp": "£1,250,000", "no_show_rate": "9.1%", "satisfaction": "4.3", "meetings_per_firm_median": "2.5",
		"follow_up_response_rate": "–", "wins_gbp": "£0",
	} {
		if got := MeasureByKey(key).Text(f); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}
