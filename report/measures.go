package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/missionplanner/missionplanner/models"
)

// Kinds of measure, which say how a value is written.
const (
	KindCount  = "count"  // a whole number
	KindGBP    = "gbp"    // whole pounds
	KindRate   = "rate"   // a share from 0 to 1, or none
	KindMean   = "mean"   // an average, or none
	KindNumber = "number" // a number that may have a half (a median)
)

// Measure is one figure of the report: its key (as in the API), its label and how to read it from
// Figures. The page's tables, the workbook's sheets and the API list the same measures.
type Measure struct {
	Key   string
	Label string
	Kind  string
	Get   func(Figures) any // int, int64, float64 or *float64
}

// Measures are the report's figures in the order the tables show them.
var Measures = []Measure{
	{"firms", "Firms going", KindCount, func(f Figures) any { return f.Firms }},
	{"delegates", "Delegates", KindCount, func(f Figures) any { return f.Delegates }},
	{"meetings_requested", "Meetings requested", KindCount, func(f Figures) any { return f.MeetingsRequested }},
	{"meetings_scheduled", "Meetings scheduled", KindCount, func(f Figures) any { return f.MeetingsScheduled }},
	{"meetings_held", "Meetings held", KindCount, func(f Figures) any { return f.MeetingsHeld }},
	{"no_shows", "No-shows", KindCount, func(f Figures) any { return f.NoShows }},
	{"no_show_rate", "No-show rate", KindRate, func(f Figures) any { return f.NoShowRate }},
	{"cancelled_on_day", "Cancelled on the day", KindCount, func(f Figures) any { return f.CancelledOnDay }},
	{"meetings_per_firm_min", "Meetings per firm: fewest", KindCount, func(f Figures) any { return f.MeetingsPerFirm.Min }},
	{"meetings_per_firm_median", "Meetings per firm: median", KindNumber, func(f Figures) any { return f.MeetingsPerFirm.Median }},
	{"meetings_per_firm_max", "Meetings per firm: most", KindCount, func(f Figures) any { return f.MeetingsPerFirm.Max }},
	{"not_interested", "Held: not interested", KindCount, func(f Figures) any { return f.ByInterest.NotInterested }},
	{"informative", "Held: informative only", KindCount, func(f Figures) any { return f.ByInterest.Informative }},
	{"leads", "Leads (cooperation possible)", KindCount, func(f Figures) any { return f.Leads }},
	{"pipeline_gbp", "Pipeline", KindGBP, func(f Figures) any { return f.PipelineGBP }},
	{"wins", "Export wins", KindCount, func(f Figures) any { return f.Wins }},
	{"wins_gbp_year1", "Wins: year 1", KindGBP, func(f Figures) any { return f.WinsByYear.Year1 }},
	{"wins_gbp_year2", "Wins: year 2", KindGBP, func(f Figures) any { return f.WinsByYear.Year2 }},
	{"wins_gbp_year3", "Wins: year 3", KindGBP, func(f Figures) any { return f.WinsByYear.Year3 }},
	{"wins_gbp", "Wins: total", KindGBP, func(f Figures) any { return f.WinsGBP }},
	{"wins_would_not_have_happened_share", "Wins that would not have happened without the mission", KindRate, func(f Figures) any { return f.WithoutUsShare }},
	{"satisfaction", "Satisfaction (1 to 5)", KindMean, func(f Figures) any { return f.Satisfaction }},
	{"follow_ups_sent", "Surveys sent", KindCount, func(f Figures) any { return f.FollowUpsSent }},
	{"follow_ups_answered", "Surveys answered", KindCount, func(f Figures) any { return f.FollowUpsAnswered }},
	{"follow_up_response_rate", "Survey response rate", KindRate, func(f Figures) any { return f.ResponseRate }},
}

// Text writes a measure's value for people: 12, £25,000, 9.1%, 4.3, or "–" for a rate of nothing.
func (m Measure) Text(f Figures) string {
	switch v := m.Get(f).(type) {
	case int:
		return strconv.Itoa(v)
	case int64:
		if m.Kind == KindGBP {
			return "£" + models.GroupThousands(v)
		}
		return strconv.FormatInt(v, 10)
	case float64:
		return trimZero(fmt.Sprintf("%.1f", v))
	case *float64:
		if v == nil {
			return "–"
		}
		if m.Kind == KindRate {
			return trimZero(fmt.Sprintf("%.1f", *v*100)) + "%"
		}
		return trimZero(fmt.Sprintf("%.1f", *v))
	}
	return ""
}

// Number is a measure's value as a number (rates as a share from 0 to 1), and false when it has none.
func (m Measure) Number(f Figures) (float64, bool) {
	switch v := m.Get(f).(type) {
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case float64:
		return v, true
	case *float64:
		if v == nil {
			return 0, false
		}
		return *v, true
	}
	return 0, false
}

func trimZero(s string) string {
	if strings.HasSuffix(s, ".0") {
		return strings.TrimSuffix(s, ".0")
	}
	return s
}

// MeasureByKey finds a measure.
func MeasureByKey(key string) Measure {
	for _, m := range Measures {
		if m.Key == key {
			return m
		}
	}
	panic("report: no measure " + key)
}
