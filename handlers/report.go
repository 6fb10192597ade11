package handlers

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/report"
)

// missionReport loads and computes the report of the mission in the path.
func (h *Handler) missionReport(c *fiber.Ctx) (*report.Report, *models.ReportSource, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, nil, err
	}
	src, err := h.Store.LoadReportSource(c.UserContext(), id)
	if err != nil {
		return nil, nil, err
	}
	return report.Compute(src), src, nil
}

// reportTable is a table of measures (rows) by group (columns), as the page shows it.
type reportTable struct {
	Caption string
	Heads   []string
	Rows    []reportRow
}

type reportRow struct {
	Key, Label string
	Cells      []string
}

func tableOf(caption string, heads []string, figs []report.Figures, keys ...string) reportTable {
	t := reportTable{Caption: caption, Heads: heads}
	measures := report.Measures
	if len(keys) > 0 {
		measures = nil
		for _, k := range keys {
			measures = append(measures, report.MeasureByKey(k))
		}
	}
	for _, m := range measures {
		row := reportRow{Key: m.Key, Label: m.Label}
		for _, f := range figs {
			row.Cells = append(row.Cells, m.Text(f))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// chartOf draws one measure across groups.
func chartOf(id, title string, key string, groups []report.Group) template.HTML {
	m := report.MeasureByKey(key)
	bars := make([]report.Bar, 0, len(groups))
	for _, g := range groups {
		v, _ := m.Number(g.Figures)
		bars = append(bars, report.Bar{Label: g.Label, Value: v, Text: m.Text(g.Figures)})
	}
	return template.HTML(report.BarChart(id, title, bars)) // #nosec: BarChart escapes every text it writes
}

// chartOfMeasures draws several measures of one set of figures.
func chartOfMeasures(id, title string, f report.Figures, keys ...string) template.HTML {
	var bars []report.Bar
	for _, k := range keys {
		m := report.MeasureByKey(k)
		v, _ := m.Number(f)
		bars = append(bars, report.Bar{Label: m.Label, Value: v, Text: m.Text(f)})
	}
	return template.HTML(report.BarChart(id, title, bars))
}

// breakdown is one breakdown section: its tables and charts.
type breakdown struct {
	Title, ID string
	Table     reportTable
	Charts    []template.HTML
}

func breakdownOf(title, id string, groups []report.Group, total report.Figures) breakdown {
	heads := make([]string, 0, len(groups)+1)
	figs := make([]report.Figures, 0, len(groups)+1)
	for _, g := range groups {
		heads, figs = append(heads, g.Label), append(figs, g.Figures)
	}
	heads, figs = append(heads, "All"), append(figs, total)
	return breakdown{Title: title, ID: id, Table: tableOf(title, heads, figs),
		Charts: []template.HTML{
			chartOf(id+"-held", "Meetings held "+title, "meetings_held", groups),
			chartOf(id+"-leads", "Leads "+title, "leads", groups),
			chartOf(id+"-pipeline", "Pipeline in pounds "+title, "pipeline_gbp", groups),
			chartOf(id+"-wins", "Export wins in pounds "+title, "wins_gbp", groups),
		}}
}

// MissionReport shows what the mission achieved: charts drawn on the server with a table beside each.
func (h *Handler) MissionReport(c *fiber.Ctx) error {
	r, src, err := h.missionReport(c)
	if err != nil {
		return err
	}
	t := r.Total
	v := View{"Title": "Report: " + r.MissionName, "Mission": &src.Mission, "Report": r,
		"Counts": tableOf("Meetings", []string{"All"}, []report.Figures{t},
			"firms", "delegates", "meetings_requested", "meetings_scheduled", "meetings_held", "no_shows", "no_show_rate", "cancelled_on_day",
			"meetings_per_firm_min", "meetings_per_firm_median", "meetings_per_firm_max"),
		"CountsChart": chartOfMeasures("meetings", "Meetings requested, scheduled, held and missed", t,
			"meetings_requested", "meetings_scheduled", "meetings_held", "no_shows", "cancelled_on_day"),
		"Results":      tableOf("Leads and pipeline", []string{"All"}, []report.Figures{t}, "not_interested", "informative", "leads", "pipeline_gbp"),
		"ResultsChart": chartOfMeasures("interest", "Held meetings by the contact's interest", t, "not_interested", "informative", "leads"),
		"Wins": tableOf("Export wins and surveys", []string{"All"}, []report.Figures{t}, "wins", "wins_gbp_year1", "wins_gbp_year2", "wins_gbp_year3", "wins_gbp",
			"wins_would_not_have_happened_share", "satisfaction", "follow_ups_sent", "follow_ups_answered", "follow_up_response_rate"),
		"WinsChart": chartOfMeasures("wins", "Export wins in pounds by year", t, "wins_gbp_year1", "wins_gbp_year2", "wins_gbp_year3"),
		"Breakdowns": []breakdown{
			breakdownOf("by sector", "sector", r.BySector, t),
			breakdownOf("by organisation type", "orgtype", r.ByOrganisationType, t),
		},
	}
	return h.render(c, fiber.StatusOK, "report/show", v)
}

// MissionReportXLSX downloads the report as a workbook: a sheet per breakdown, with charts.
func (h *Handler) MissionReportXLSX(c *fiber.Ctx) error {
	r, _, err := h.missionReport(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := exports.WriteReport(&buf, r); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="report-%d.xlsx"`, r.MissionID))
	return c.Send(buf.Bytes())
}

// APIMissionReport answers the report's figures: every measure in total, by_sector and by_organisation_type.
func (h *Handler) APIMissionReport(c *fiber.Ctx) error {
	r, _, err := h.missionReport(c)
	if err != nil {
		return err
	}
	type sectorJSON struct {
		Sector string `json:"sector"`
		Label  string `json:"label"`
		report.Figures
	}
	type orgJSON struct {
		OrganisationType string `json:"organisation_type"`
		Label            string `json:"label"`
		report.Figures
	}
	out := struct {
		MissionID uint `json:"mission_id"`
		report.Figures
		BySector  []sectorJSON `json:"by_sector"`
		ByOrgType []orgJSON    `json:"by_organisation_type"`
	}{MissionID: r.MissionID, Figures: r.Total, BySector: []sectorJSON{}, ByOrgType: []orgJSON{}}
	for _, g := range r.BySector {
		out.BySector = append(out.BySector, sectorJSON{g.Code, g.Label, g.Figures})
	}
	for _, g := range r.ByOrganisationType {
		out.ByOrgType = append(out.ByOrgType, orgJSON{g.Code, g.Label, g.Figures})
	}
	return c.JSON(out)
}

// InteractionsCSV downloads one row per held meeting, with Data Hub's interaction import columns.
func (h *Handler) InteractionsCSV(c *fiber.Ctx) error {
	_, src, err := h.missionReport(c)
	if err != nil {
		return err
	}
	firms := map[uint]models.ReportFirm{}
	for _, f := range src.Firms {
		firms[f.RegistrationID] = f
	}
	zone := src.Mission.Zone()
	var rows []exports.Interaction
	for _, m := range src.Meetings {
		o := m.Outcome
		if o == nil || o.Attendance != models.AttendanceHeld || m.Status != models.MeetingScheduled || m.StartsAt == nil {
			continue
		}
		f := firms[m.RegistrationID]
		row := exports.Interaction{Date: models.DateIn(*m.StartsAt, zone).String(), ContactEmail: f.ContactEmail, Service: "Trade mission",
			Subject: fmt.Sprintf("Trade mission meeting with %s (%s)", m.ContactOrganisation, src.Mission.Name),
			Notes:   o.Notes, CompanyName: f.CompanyName, CompanyNumber: f.CompaniesHouseNumber, OverseasContact: m.ContactName,
			OverseasOrganisation: m.ContactOrganisation, OverseasOrganisationType: models.Label(models.OrganisationTypes, m.OrganisationType),
			Attendance: models.Label(models.Attendances, o.Attendance), Interest: models.Label(models.Interests, o.Interest), NextStep: o.NextStep}
		if o.Source == models.OutcomeByStaff {
			row.Adviser = o.RecordedByName
		}
		if o.EstimatedValueGBP != nil {
			row.EstimatedValueGBP = fmt.Sprint(*o.EstimatedValueGBP)
		}
		if o.ExpectedBy != nil {
			row.ExpectedBy = o.ExpectedBy.String()
		}
		rows = append(rows, row)
	}
	var buf bytes.Buffer
	if err := exports.WriteInteractions(&buf, rows); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="interactions-%d.csv"`, src.Mission.ID))
	return c.Send(buf.Bytes())
}

// APIExportWins answers the mission's export wins in the shape of Data Hub's export-win record.
func (h *Handler) APIExportWins(c *fiber.Ctx) error {
	r, _, err := h.missionReport(c)
	if err != nil {
		return err
	}
	items := exports.WinRecords(r)
	return apiList(c, items, int64(len(items)))
}
