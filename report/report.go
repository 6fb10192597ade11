// Package report computes what a mission achieved: the counts, the leads and pipeline, the export
// wins and the survey figures, in total and broken down by the firms' sector and by the contacts'
// organisation type. Every figure is computed here, once; the page, the workbook and the API only
// render a Report. The definitions are in docs/report.md.
package report

import (
	"slices"

	"github.com/missionplanner/missionplanner/models"
)

// Report is a mission's figures.
type Report struct {
	MissionID          uint
	MissionName        string
	Country            string // the destination, where the wins' customers are
	Total              Figures
	BySector           []Group
	ByOrganisationType []Group
	Wins               []Win // one per lead reported as an export win, by firm
}

// Group is the figures of one sector or organisation type.
type Group struct {
	Code  string
	Label string
	Figures
}

// Figures are the numbers of the report for one set of firms and meetings.
type Figures struct {
	Firms             int      `json:"firms"`
	Delegates         int      `json:"delegates"`
	MeetingsRequested int      `json:"meetings_requested"`
	MeetingsScheduled int      `json:"meetings_scheduled"`
	MeetingsHeld      int      `json:"meetings_held"`
	NoShows           int      `json:"no_shows"`
	NoShowRate        *float64 `json:"no_show_rate"`
	CancelledOnDay    int      `json:"cancelled_on_day"`
	MeetingsPerFirm   Spread   `json:"meetings_per_firm"`
	ByInterest        Interest `json:"leads_by_interest"`
	Leads             int      `json:"leads"`
	PipelineGBP       int64    `json:"pipeline_gbp"`
	Wins              int      `json:"wins"`
	WinsGBP           int64    `json:"wins_gbp"`
	WinsByYear        Years    `json:"wins_gbp_by_year"`
	WinsWithoutUs     int      `json:"wins_would_not_have_happened"`
	WithoutUsShare    *float64 `json:"wins_would_not_have_happened_share"`
	Satisfaction      *float64 `json:"satisfaction"`
	Ratings           int      `json:"satisfaction_ratings"`
	FollowUpsSent     int      `json:"follow_ups_sent"`
	FollowUpsAnswered int      `json:"follow_ups_answered"`
	ResponseRate      *float64 `json:"follow_up_response_rate"`
}

// Spread is the least, median and most of a count over firms.
type Spread struct {
	Min    int     `json:"min"`
	Median float64 `json:"median"`
	Max    int     `json:"max"`
}

// Interest counts held meetings by the contact's interest.
type Interest struct {
	NotInterested int `json:"not_interested"`
	Informative   int `json:"informative"`
	Cooperation   int `json:"cooperation_possible"`
}

// Years are win values in pounds for the first three years.
type Years struct {
	Year1 int64 `json:"year1"`
	Year2 int64 `json:"year2"`
	Year3 int64 `json:"year3"`
}

// Win is a lead a firm reported as an export win, with what Data Hub's export-win record needs.
type Win struct {
	RegistrationID       uint
	MeetingID            uint
	CompanyName          string
	CompaniesHouseNumber string
	Sector               string
	CustomerName         string // the firm's contact, who confirmed the win
	CustomerEmail        string
	OverseasCustomer     string // the contact's organisation
	OrganisationType     string
	MeetingDate          string
	Years                Years
	WithoutSupport       string
	CaseStudyConsent     bool
	Comment              string
	Months               int // the survey round that reported it
}

// Compute turns the loaded source into the report.
func Compute(src *models.ReportSource) *Report {
	c := newCollector(src)
	r := &Report{MissionID: src.Mission.ID, MissionName: src.Mission.Name, Country: src.Mission.DestinationCountry, Wins: c.wins()}
	r.Total = c.figures(func(*models.ReportFirm) bool { return true }, func(*models.ReportMeeting) bool { return true })
	for _, o := range models.Sectors {
		in := func(f *models.ReportFirm) bool { return f.Sector == o.Code }
		g := c.figures(in, func(m *models.ReportMeeting) bool { return in(c.firm[m.RegistrationID]) })
		if g.Firms > 0 || g.MeetingsRequested > 0 {
			r.BySector = append(r.BySector, Group{Code: o.Code, Label: o.Label, Figures: g})
		}
	}
	for _, o := range models.OrganisationTypes {
		met := c.firmsMeeting(o.Code)
		g := c.figures(func(f *models.ReportFirm) bool { return met[f.RegistrationID] },
			func(m *models.ReportMeeting) bool { return m.OrganisationType == o.Code })
		if g.MeetingsRequested > 0 {
			r.ByOrganisationType = append(r.ByOrganisationType, Group{Code: o.Code, Label: o.Label, Figures: g})
		}
	}
	return r
}

// collector indexes the source once for every group's figures.
type collector struct {
	src    *models.ReportSource
	firm   map[uint]*models.ReportFirm
	answer map[uint]models.FollowUpLead    // the latest answer about each lead (by meeting id)
	survey map[uint]*models.ReportFollowUp // the survey that gave it
}

func newCollector(src *models.ReportSource) *collector {
	c := &collector{src: src, firm: map[uint]*models.ReportFirm{}, answer: map[uint]models.FollowUpLead{}, survey: map[uint]*models.ReportFollowUp{}}
	for i := range src.Firms {
		c.firm[src.Firms[i].RegistrationID] = &src.Firms[i]
	}
	// Follow-ups come by round, earliest first: a later round's answer replaces an earlier one.
	for i := range src.FollowUps {
		fu := &src.FollowUps[i]
		if fu.RespondedAt == nil {
			continue
		}
		for _, l := range fu.Leads {
			c.answer[l.MeetingID], c.survey[l.MeetingID] = l, fu
		}
	}
	return c
}

// firmsMeeting are the firms with a meeting (of any status) with a contact of organisation type code.
func (c *collector) firmsMeeting(code string) map[uint]bool {
	out := map[uint]bool{}
	for _, m := range c.src.Meetings {
		if m.OrganisationType == code {
			out[m.RegistrationID] = true
		}
	}
	return out
}

// figures computes one set of figures: firms chosen by inFirm (among going firms) and meetings by inMeeting.
func (c *collector) figures(inFirm func(*models.ReportFirm) bool, inMeeting func(*models.ReportMeeting) bool) Figures {
	var f Figures
	scheduled := map[uint]int{}
	for i := range c.src.Firms {
		fm := &c.src.Firms[i]
		if fm.Going && inFirm(fm) {
			f.Firms++
			f.Delegates += fm.Delegates
			scheduled[fm.RegistrationID] = 0
		}
	}
	for i := range c.src.Meetings {
		m := &c.src.Meetings[i]
		if !inMeeting(m) {
			continue
		}
		f.MeetingsRequested++
		if m.Status == models.MeetingScheduled {
			f.MeetingsScheduled++
			if _, ok := scheduled[m.RegistrationID]; ok {
				scheduled[m.RegistrationID]++
			}
		}
		o := m.Outcome
		if o == nil || m.Status != models.MeetingScheduled {
			continue
		}
		switch {
		case o.Attendance == models.AttendanceHeld:
			f.MeetingsHeld++
			switch o.Interest {
			case "not_interested":
				f.ByInterest.NotInterested++
			case "informative":
				f.ByInterest.Informative++
			case models.InterestCooperation:
				f.ByInterest.Cooperation++
			}
		case models.IsNoShow(o.Attendance):
			f.NoShows++
		case o.Attendance == models.AttendanceCancelledOnDay:
			f.CancelledOnDay++
		}
		if !o.IsLead() {
			continue
		}
		f.Leads++
		a, answered := c.answer[m.ID]
		switch {
		case answered && a.Status == models.LeadStatusWin:
			f.Wins++
			f.WinsByYear.Year1 += deref(a.Year1GBP)
			f.WinsByYear.Year2 += deref(a.Year2GBP)
			f.WinsByYear.Year3 += deref(a.Year3GBP)
			if a.WithoutSupport == models.WithoutSupportWouldNot {
				f.WinsWithoutUs++
			}
		case answered && a.Status == "no_further_contact":
			// a dead lead: out of the pipeline
		default:
			f.PipelineGBP += deref(o.EstimatedValueGBP)
		}
	}
	f.WinsGBP = f.WinsByYear.Year1 + f.WinsByYear.Year2 + f.WinsByYear.Year3
	f.NoShowRate = ratio(f.NoShows, f.MeetingsHeld+f.NoShows)
	f.WithoutUsShare = ratio(f.WinsWithoutUs, f.Wins)
	f.MeetingsPerFirm = spread(scheduled)
	satisfaction := 0
	for i := range c.src.FollowUps {
		fu := &c.src.FollowUps[i]
		fm := c.firm[fu.RegistrationID]
		if fm == nil || !inFirm(fm) {
			continue
		}
		f.FollowUpsSent++
		if fu.RespondedAt != nil {
			f.FollowUpsAnswered++
			if fu.Satisfaction != nil {
				f.Ratings++
				satisfaction += *fu.Satisfaction
			}
		}
	}
	f.ResponseRate = ratio(f.FollowUpsAnswered, f.FollowUpsSent)
	if f.Ratings > 0 {
		mean := float64(satisfaction) / float64(f.Ratings)
		f.Satisfaction = &mean
	}
	return f
}

// wins lists every lead whose latest answer is an export win, by firm and meeting.
func (c *collector) wins() []Win {
	var out []Win
	for i := range c.src.Meetings {
		m := &c.src.Meetings[i]
		a, ok := c.answer[m.ID]
		if !ok || a.Status != models.LeadStatusWin || !m.Outcome.IsLead() || m.Status != models.MeetingScheduled {
			continue
		}
		fm, fu := c.firm[m.RegistrationID], c.survey[m.ID]
		if fm == nil {
			continue
		}
		w := Win{RegistrationID: fm.RegistrationID, MeetingID: m.ID, CompanyName: fm.CompanyName, CompaniesHouseNumber: fm.CompaniesHouseNumber,
			Sector: fm.Sector, CustomerName: fm.ContactName, CustomerEmail: fm.ContactEmail, OverseasCustomer: m.ContactOrganisation,
			OrganisationType: m.OrganisationType, Years: Years{deref(a.Year1GBP), deref(a.Year2GBP), deref(a.Year3GBP)},
			WithoutSupport: a.WithoutSupport, CaseStudyConsent: fu.CaseStudyConsent, Comment: fu.Comment, Months: fu.Months}
		if m.StartsAt != nil {
			w.MeetingDate = models.DateIn(*m.StartsAt, c.src.Mission.Zone()).String()
		}
		out = append(out, w)
	}
	slices.SortStableFunc(out, func(a, b Win) int {
		if a.RegistrationID != b.RegistrationID {
			return int(a.RegistrationID) - int(b.RegistrationID)
		}
		return int(a.MeetingID) - int(b.MeetingID)
	})
	return out
}

func deref(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}

// ratio is n/d, or nil when d is 0 (a rate of nothing is not 0 %).
func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

// spread is the least, median and most of the counts (zero for no firms).
func spread(counts map[uint]int) Spread {
	if len(counts) == 0 {
		return Spread{}
	}
	vals := make([]int, 0, len(counts))
	for _, n := range counts {
		vals = append(vals, n)
	}
	slices.Sort(vals)
	mid := len(vals) / 2
	median := float64(vals[mid])
	if len(vals)%2 == 0 {
		median = float64(vals[mid-1]+vals[mid]) / 2
	}
	return Spread{Min: vals[0], Median: median, Max: vals[len(vals)-1]}
}
