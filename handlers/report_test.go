package handlers_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/report"
)

// reportFixture is a finished mission with a hand-countable outcome:
//   - 8 firms: 0–3 advanced manufacturing, 4–7 agri-food; firm 7 withdrew (not going, no meetings).
//     Going firms have 2 delegates each except firm 0 (1): 13 delegates.
//   - 10 contacts: 0–5 buyers, 6–9 distributors. Meeting i is with firm i%7 and contact i%10, each in
//     its own hour, so nothing clashes.
//   - 50 meetings (47 scheduled: 28 of manufacturing firms, 19 of agri-food): 0–39 held, 40–41 no-show by the contact, 42–43 by the firm, 44 cancelled on the
//     day, 45–46 scheduled without an outcome, 47–48 requests, 49 cancelled.
//   - Held: 0–9 cooperation possible (leads) worth (i+1)×£10,000, 10–24 informative, 25–39 not interested.
//   - One survey round (3 months) sent to the 7 going firms; firms 0, 1, 4 and 5 answered:
//     firm 0: lead 0 a win £100,000 + £50,000, would not have happened; lead 7 no further contact; satisfaction 5.
//     firm 1: lead 1 a win £20,000 × 3 years, later; lead 8 in negotiation; satisfaction 4.
//     firm 4: lead 4 a win £7,000 in year 1, would not have happened; satisfaction 3.
//     firm 5: no lead answered; satisfaction 4.
type reportFixture struct {
	Mission  models.Mission
	Regs     []models.Registration
	Meetings []models.Meeting
}

func seedReport(t testing.TB, db *gorm.DB) *reportFixture {
	t.Helper()
	fx := &reportFixture{}
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	fx.Mission = models.NewMission()
	fx.Mission.Name, fx.Mission.DestinationCity = "Chicago 2027", "Chicago"
	fx.Mission.StartDate, fx.Mission.EndDate, fx.Mission.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	fx.Mission.DayStarts, fx.Mission.DayEnds = "08:00", "18:00"
	must(t, db.Create(&fx.Mission).Error)
	for i := range 8 {
		sector := "advanced_manufacturing"
		if i >= 4 {
			sector = "agri_food"
		}
		firm := models.Firm{CompanyName: fmt.Sprintf("Firm %d Ltd", i), CompaniesHouseNumber: fmt.Sprintf("0000000%d", i), Postcode: "B1 1AA",
			Sector: sector, ExportExperience: "some", ContactName: fmt.Sprintf("Owner %d", i), ContactEmail: fmt.Sprintf("owner%d@firm.example", i)}
		must(t, db.Create(&firm).Error)
		status := "confirmed"
		if i == 7 {
			status = "withdrawn"
		}
		reg := models.Registration{MissionID: fx.Mission.ID, FirmID: firm.ID, Status: status, StatusChangedAt: now}
		must(t, db.Create(&reg).Error)
		fx.Regs = append(fx.Regs, reg)
		n := 2
		if i == 0 || i == 7 {
			n = 1
		}
		for d := range n {
			must(t, db.Create(&models.Delegate{RegistrationID: reg.ID, MissionID: fx.Mission.ID, FullName: fmt.Sprintf("Delegate %d-%d", i, d), Email: fmt.Sprintf("d%d-%d@firm.example", i, d)}).Error)
		}
	}
	var contacts []models.Contact
	for i := range 10 {
		kind := "buyer"
		if i >= 6 {
			kind = "distributor"
		}
		c := models.Contact{FullName: fmt.Sprintf("Contact %d", i), Organisation: fmt.Sprintf("Org %d Inc", i), OrganisationType: kind, City: "Chicago"}
		must(t, db.Create(&c).Error)
		contacts = append(contacts, c)
	}
	for i := range 50 {
		start := chicago(11+i/8, 8+i%8, 0)
		end := start.Add(45 * time.Minute)
		mt := models.Meeting{MissionID: fx.Mission.ID, RegistrationID: fx.Regs[i%7].ID, ContactID: contacts[i%10].ID, StartsAt: &start, EndsAt: &end,
			Minutes: 45, Status: "scheduled", StaffNotes: "SECRET-STAFF-NOTE"}
		switch {
		case i == 47 || i == 48:
			mt.Status, mt.StartsAt, mt.EndsAt = "requested", nil, nil
		case i == 49:
			mt.Status = "cancelled"
		}
		must(t, db.Create(&mt).Error)
		fx.Meetings = append(fx.Meetings, mt)
		var o *models.MeetingOutcome
		switch {
		case i < 10:
			v := int64(i+1) * 10000
			o = &models.MeetingOutcome{Attendance: "held", Interest: "cooperation_possible", EstimatedValueGBP: &v, NextStep: fmt.Sprintf("Follow up lead %d", i), Notes: fmt.Sprintf("Notes for firm %d", i)}
		case i < 25:
			o = &models.MeetingOutcome{Attendance: "held", Interest: "informative"}
		case i < 40:
			o = &models.MeetingOutcome{Attendance: "held", Interest: "not_interested"}
		case i < 42:
			o = &models.MeetingOutcome{Attendance: "no_show_contact"}
		case i < 44:
			o = &models.MeetingOutcome{Attendance: "no_show_firm"}
		case i == 44:
			o = &models.MeetingOutcome{Attendance: "cancelled_on_day"}
		}
		if o != nil {
			o.MeetingID, o.Source, o.RecordedByName, o.RecordedAt = mt.ID, "staff", "Sam Staff", end
			must(t, db.Create(o).Error)
		}
	}
	round := models.FollowUpRound{MissionID: fx.Mission.ID, Months: 3, OpenedAt: time.Date(2027, 6, 17, 5, 0, 0, 0, time.UTC)}
	must(t, db.Create(&round).Error)
	answered := time.Date(2027, 6, 20, 12, 0, 0, 0, time.UTC)
	gbp := func(v int64) *int64 { return &v }
	sat := func(v int) *int { return &v }
	for i := range 7 {
		fu := models.FollowUp{RoundID: round.ID, RegistrationID: fx.Regs[i].ID, Token: fmt.Sprintf("token-%d-%d", fx.Mission.ID, i), Email: fmt.Sprintf("owner%d@firm.example", i),
			SentAt: round.OpenedAt, Sends: 1, ExpiresAt: round.OpenedAt.Add(models.FollowUpLinkLifetime)}
		var leads []models.FollowUpLead
		switch i {
		case 0:
			fu.Satisfaction, fu.CaseStudyConsent, fu.Comment = sat(5), true, "Great week"
			leads = []models.FollowUpLead{{MeetingID: fx.Meetings[0].ID, Status: "export_win", Year1GBP: gbp(100000), Year2GBP: gbp(50000), WithoutSupport: "would_not_have"},
				{MeetingID: fx.Meetings[7].ID, Status: "no_further_contact"}}
		case 1:
			fu.Satisfaction = sat(4)
			leads = []models.FollowUpLead{{MeetingID: fx.Meetings[1].ID, Status: "export_win", Year1GBP: gbp(20000), Year2GBP: gbp(20000), Year3GBP: gbp(20000), WithoutSupport: "later"},
				{MeetingID: fx.Meetings[8].ID, Status: "in_negotiation"}}
		case 4:
			fu.Satisfaction = sat(3)
			leads = []models.FollowUpLead{{MeetingID: fx.Meetings[4].ID, Status: "export_win", Year1GBP: gbp(7000), WithoutSupport: "would_not_have"}}
		case 5:
			fu.Satisfaction = sat(4)
		}
		if fu.Satisfaction != nil {
			fu.RespondedAt = &answered
		}
		must(t, db.Omit("Leads").Create(&fu).Error)
		for _, l := range leads {
			l.FollowUpID = fu.ID
			must(t, db.Create(&l).Error)
		}
	}
	return fx
}

// handCount is the report's figures counted by hand from the fixture's description: total, then
// advanced manufacturing and agri-food.
var handCount = []struct {
	key                 string
	total, manuf, agri  string // as the page writes them
	totalN, manN, agriN float64
}{
	{"firms", "7", "4", "3", 7, 4, 3},
	{"delegates", "13", "7", "6", 13, 7, 6},
	{"meetings_requested", "50", "29", "21", 50, 29, 21},
	{"meetings_scheduled", "47", "28", "19", 47, 28, 19},
	{"meetings_held", "40", "24", "16", 40, 24, 16},
	{"no_shows", "4", "2", "2", 4, 2, 2},
	{"no_show_rate", "9.1%", "7.7%", "11.1%", 4.0 / 44, 2.0 / 26, 2.0 / 18},
	{"cancelled_on_day", "1", "1", "0", 1, 1, 0},
	{"meetings_per_firm_min", "6", "7", "6", 6, 7, 6},
	{"meetings_per_firm_median", "7", "7", "6", 7, 7, 6},
	{"meetings_per_firm_max", "7", "7", "7", 7, 7, 7},
	{"not_interested", "15", "8", "7", 15, 8, 7},
	{"informative", "15", "9", "6", 15, 9, 6},
	{"leads", "10", "7", "3", 10, 7, 3},
	{"pipeline_gbp", "£390,000", "£260,000", "£130,000", 390000, 260000, 130000},
	{"wins", "3", "2", "1", 3, 2, 1},
	{"wins_gbp_year1", "£127,000", "£120,000", "£7,000", 127000, 120000, 7000},
	{"wins_gbp_year2", "£70,000", "£70,000", "£0", 70000, 70000, 0},
	{"wins_gbp_year3", "£20,000", "£20,000", "£0", 20000, 20000, 0},
	{"wins_gbp", "£217,000", "£210,000", "£7,000", 217000, 210000, 7000},
	{"wins_would_not_have_happened_share", "66.7%", "50%", "100%", 2.0 / 3, 0.5, 1},
	{"satisfaction", "4", "4.5", "3.5", 4, 4.5, 3.5},
	{"follow_ups_sent", "7", "4", "3", 7, 4, 3},
	{"follow_ups_answered", "4", "2", "2", 4, 2, 2},
	{"follow_up_response_rate", "57.1%", "50%", "66.7%", 4.0 / 7, 0.5, 2.0 / 3},
}

// orgCount is the same by the contacts' organisation type (contacts 0–5 buyers, 6–9 distributors;
// meeting i is with contact i%10 and firm i%7): buyers had meetings 0–5, 10–15 … 40–45 and the three
// wins, distributors 6–9, 16–19 … 46–49; every going firm met both, so each group has all 7 firms.
var orgCount = []struct {
	key                string
	buyer, distributor string
	buyerN, distN      float64
}{
	{"firms", "7", "7", 7, 7},
	{"delegates", "13", "13", 13, 13},
	{"meetings_requested", "30", "20", 30, 20},
	{"meetings_scheduled", "30", "17", 30, 17},
	{"meetings_held", "24", "16", 24, 16},
	{"no_shows", "4", "0", 4, 0},
	{"no_show_rate", "14.3%", "0%", 4.0 / 28, 0},
	{"cancelled_on_day", "1", "0", 1, 0},
	{"meetings_per_firm_min", "4", "2", 4, 2},
	{"meetings_per_firm_median", "4", "2", 4, 2},
	{"meetings_per_firm_max", "5", "3", 5, 3},
	{"not_interested", "7", "8", 7, 8},
	{"informative", "11", "4", 11, 4},
	{"leads", "6", "4", 6, 4},
	{"pipeline_gbp", "£130,000", "£260,000", 130000, 260000},
	{"wins", "3", "0", 3, 0},
	{"wins_gbp_year1", "£127,000", "£0", 127000, 0},
	{"wins_gbp_year2", "£70,000", "£0", 70000, 0},
	{"wins_gbp_year3", "£20,000", "£0", 20000, 0},
	{"wins_gbp", "£217,000", "£0", 217000, 0},
	{"wins_would_not_have_happened_share", "66.7%", "–", 2.0 / 3, -1}, // -1: none (no wins)
	{"satisfaction", "4", "4", 4, 4},
	{"follow_ups_sent", "7", "7", 7, 7},
	{"follow_ups_answered", "4", "4", 4, 4},
	{"follow_up_response_rate", "57.1%", "57.1%", 4.0 / 7, 4.0 / 7},
}

var (
	tableRe = regexp.MustCompile(`(?s)<table class="table table--small report-table">.*?</table>`)
	rowRe   = regexp.MustCompile(`(?s)<tr data-key="([a-z0-9_]+)"><th scope="row">[^<]*</th>(.*?)</tr>`)
	cellRe  = regexp.MustCompile(`<td class="num">([^<]*)</td>`)
)

// pageTables reads the report page's tables: for each, the cells of each measure's row.
func pageTables(body string) []map[string][]string {
	var out []map[string][]string
	for _, tbl := range tableRe.FindAllString(body, -1) {
		rows := map[string][]string{}
		for _, r := range rowRe.FindAllStringSubmatch(tbl, -1) {
			for _, c := range cellRe.FindAllStringSubmatch(r[2], -1) {
				rows[r[1]] = append(rows[r[1]], c[1])
			}
		}
		out = append(out, rows)
	}
	return out
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestMissionReportAgreesWithAHandCount: the report page, report.xlsx and the API show the same
// figures for the seeded mission, each checked against the hand count.
func TestMissionReportAgreesWithAHandCount(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, time.Date(2027, 7, 1, 12, 0, 0, 0, time.UTC))
		fx := seedReport(t, db)
		staff, u := a.SignedIn("staff", "sam@agency.example")
		base := fmt.Sprintf("/missions/%d", fx.Mission.ID)

		t.Run("page", func(t *testing.T) {
			r := staff.Get(base + "/report")
			if r.Status != http.StatusOK {
				t.Fatalf("GET report: %d", r.Status)
			}
			if strings.Contains(r.Body, "<script") || strings.Count(r.Body, "<svg") < 11 {
				t.Errorf("the report should draw its charts as SVG without scripts (%d charts)", strings.Count(r.Body, "<svg"))
			}
			tables := pageTables(r.Body)
			if len(tables) != 5 {
				t.Fatalf("%d tables on the report page, want 5 (three summaries, two breakdowns)", len(tables))
			}
			sector, org := tables[3], tables[4]
			for _, h := range handCount {
				shown := 0
				for _, tbl := range tables[:3] {
					if cells, ok := tbl[h.key]; ok {
						shown++
						if len(cells) != 1 || cells[0] != h.total {
							t.Errorf("summary %s = %v, want %s", h.key, cells, h.total)
						}
					}
				}
				if shown != 1 {
					t.Errorf("%s is in %d of the summary tables, want 1", h.key, shown)
				}
				if got := sector[h.key]; len(got) != 3 || got[0] != h.manuf || got[1] != h.agri || got[2] != h.total {
					t.Errorf("by sector %s = %v, want [%s %s %s]", h.key, got, h.manuf, h.agri, h.total)
				}
				if got := org[h.key]; len(got) != 3 || got[2] != h.total {
					t.Errorf("by organisation type %s = %v, want the total %s last", h.key, got, h.total)
				}
			}
			for _, h := range orgCount {
				if got := org[h.key]; len(got) != 3 || got[0] != h.buyer || got[1] != h.distributor {
					t.Errorf("by organisation type %s = %v, want [%s %s …]", h.key, got, h.buyer, h.distributor)
				}
			}
		})

		t.Run("workbook", func(t *testing.T) {
			r := staff.Get(base + "/report.xlsx")
			if r.Status != http.StatusOK {
				t.Fatalf("GET report.xlsx: %d", r.Status)
			}
			f, err := excelize.OpenReader(strings.NewReader(r.Body))
			must(t, err)
			defer f.Close()
			if got := f.GetSheetList(); strings.Join(got, "|") != "Summary|By sector|By organisation type|Export wins" {
				t.Errorf("sheets = %v", got)
			}
			summary := sheetByLabel(t, f, "Summary")
			sectors := sheetByLabel(t, f, "By sector")
			for _, h := range handCount {
				label := measureLabel(t, h.key)
				if got := summary[label]["Chicago 2027"]; !near(got, h.totalN) {
					t.Errorf("Summary %s = %v, want %v", label, got, h.totalN)
				}
				for row, want := range map[string]float64{"Advanced manufacturing": h.manN, "Agri-food": h.agriN, "All": h.totalN} {
					if got := sectors[row][label]; !near(got, want) {
						t.Errorf("By sector %s / %s = %v, want %v", row, label, got, want)
					}
				}
			}
			orgs := sheetByLabel(t, f, "By organisation type")
			for _, h := range orgCount {
				label := measureLabel(t, h.key)
				for row, want := range map[string]float64{"Buyer": h.buyerN, "Distributor": h.distN} {
					if want < 0 {
						want = 0 // no rate: an empty cell
					}
					if got := orgs[row][label]; !near(got, want) {
						t.Errorf("By organisation type %s / %s = %v, want %v", row, label, got, want)
					}
				}
			}
			for _, sheet := range []string{"Summary", "By sector", "By organisation type"} {
				if charts := chartCount(t, r.Body, sheet, f); charts == 0 {
					t.Errorf("sheet %s has no chart", sheet)
				}
			}
			wins, err := f.GetRows("Export wins", excelize.Options{RawCellValue: true})
			must(t, err)
			if len(wins) != 4 || wins[0][0] != "company_name" || wins[1][0] != "Firm 0 Ltd" || wins[1][1] != "00000000" || wins[1][13] != "150000" {
				t.Errorf("Export wins sheet = %v", wins)
			}
		})

		t.Run("API", func(t *testing.T) {
			res := a.API("GET", fmt.Sprintf("/api/v1/missions/%d/report", fx.Mission.ID), a.Token(u), "")
			if res.Status != http.StatusOK {
				t.Fatalf("GET report: %d %s", res.Status, res.Body)
			}
			var out map[string]any
			must(t, json.Unmarshal([]byte(res.Body), &out))
			bySector, _ := out["by_sector"].([]any)
			if len(bySector) != 2 {
				t.Fatalf("by_sector = %v", out["by_sector"])
			}
			manuf, agri := bySector[0].(map[string]any), bySector[1].(map[string]any)
			if manuf["sector"] != "advanced_manufacturing" || agri["sector"] != "agri_food" {
				t.Errorf("by_sector sectors = %v, %v", manuf["sector"], agri["sector"])
			}
			byOrg, _ := out["by_organisation_type"].([]any)
			if len(byOrg) != 2 {
				t.Fatalf("by_organisation_type = %v", out["by_organisation_type"])
			}
			buyer, distributor := byOrg[0].(map[string]any), byOrg[1].(map[string]any)
			if buyer["organisation_type"] != "buyer" || distributor["organisation_type"] != "distributor" {
				t.Errorf("by_organisation_type types = %v, %v", buyer["organisation_type"], distributor["organisation_type"])
			}
			for _, h := range orgCount {
				key, get := apiKey(h.key)
				for _, c := range []struct {
					what string
					obj  map[string]any
					want float64
				}{{"buyer", buyer, h.buyerN}, {"distributor", distributor, h.distN}} {
					got, ok := get(c.obj)
					if c.want < 0 {
						if ok || c.obj[key] != nil {
							t.Errorf("API %s %s = %v, want null (no wins)", c.what, key, c.obj[key])
						}
						continue
					}
					if !ok || !near(got, c.want) {
						t.Errorf("API %s %s = %v, want %v", c.what, key, got, c.want)
					}
				}
			}
			for _, h := range handCount {
				key, get := apiKey(h.key)
				for _, c := range []struct {
					what string
					obj  map[string]any
					want float64
				}{{"total", out, h.totalN}, {"advanced manufacturing", manuf, h.manN}, {"agri-food", agri, h.agriN}} {
					if got, ok := get(c.obj); !ok || !near(got, c.want) {
						t.Errorf("API %s %s = %v, want %v", c.what, key, got, c.want)
					}
				}
			}
		})

		t.Run("interactions for Data Hub", func(t *testing.T) {
			r := staff.Get(base + "/interactions.csv")
			if r.Status != http.StatusOK {
				t.Fatalf("GET interactions.csv: %d", r.Status)
			}
			rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
			must(t, err)
			if len(rows) != 41 {
				t.Fatalf("%d rows, want a header and one per held meeting (40)", len(rows))
			}
			want := []string{"kind", "date", "contact_email", "adviser_1", "team_1", "service", "communication_channel", "subject", "notes", "company_name", "company_number"}
			if strings.Join(rows[0][:len(want)], ",") != strings.Join(want, ",") {
				t.Errorf("header = %v", rows[0])
			}
			first := rows[1]
			if first[0] != "service_delivery" || first[1] != "2027-03-11" || first[2] != "owner0@firm.example" || first[8] != "Notes for firm 0" ||
				first[9] != "Firm 0 Ltd" || first[10] != "00000000" || first[12] != "Org 0 Inc" || !strings.Contains(first[7], "Org 0 Inc") {
				t.Errorf("first interaction = %v", first)
			}
			if strings.Contains(r.Body, "SECRET-STAFF-NOTE") {
				t.Error("staff notes reach the CRM export")
			}
		})

		t.Run("export wins in Data Hub's shape", func(t *testing.T) {
			res := a.API("GET", fmt.Sprintf("/api/v1/missions/%d/export-wins", fx.Mission.ID), a.Token(u), "")
			var out struct {
				Items []struct {
					CompanyName              string `json:"company_name"`
					CDMSReference            string `json:"cdms_reference"`
					NameOfCustomer           string `json:"name_of_customer"`
					TotalExpectedExportValue int64  `json:"total_expected_export_value"`
					Breakdowns               []struct {
						Year  int   `json:"year"`
						Value int64 `json:"value"`
					} `json:"breakdowns"`
					CustomerResponse struct {
						ExpectedPortionWithoutHelp string `json:"expected_portion_without_help"`
						CaseStudyWilling           bool   `json:"case_study_willing"`
					} `json:"customer_response"`
				} `json:"items"`
				Total int `json:"total"`
			}
			must(t, json.Unmarshal([]byte(res.Body), &out))
			if out.Total != 3 || len(out.Items) != 3 {
				t.Fatalf("export wins = %s", res.Body)
			}
			w := out.Items[0]
			if w.CompanyName != "Firm 0 Ltd" || w.CDMSReference != "00000000" || w.NameOfCustomer != "Org 0 Inc" || w.TotalExpectedExportValue != 150000 ||
				len(w.Breakdowns) != 3 || w.Breakdowns[0].Value != 100000 || w.Breakdowns[1].Value != 50000 || !w.CustomerResponse.CaseStudyWilling ||
				w.CustomerResponse.ExpectedPortionWithoutHelp == "" {
				t.Errorf("first export win = %+v", w)
			}
		})
	})
}

// measureLabel is the label the workbook and page give a measure.
func measureLabel(t *testing.T, key string) string {
	t.Helper()
	return report.MeasureByKey(key).Label
}

// sheetByLabel reads a sheet as row label → column header → number.
func sheetByLabel(t *testing.T, f *excelize.File, sheet string) map[string]map[string]float64 {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	must(t, err)
	out := map[string]map[string]float64{}
	if sheet == "Summary" {
		for _, r := range rows[1:] {
			v := 0.0
			if len(r) > 1 {
				fmt.Sscan(r[1], &v)
			}
			out[r[0]] = map[string]float64{rows[0][1]: v}
		}
		return out
	}
	for _, r := range rows[1:] {
		out[r[0]] = map[string]float64{}
		for j := 1; j < len(r) && j < len(rows[0]); j++ {
			v := 0.0
			fmt.Sscan(r[j], &v)
			out[r[0]][rows[0][j]] = v
		}
	}
	return out
}

// chartCount counts the charts anchored on sheet by reading the workbook's parts (a new workbook's
// sheets are sheet1.xml, sheet2.xml… in their order).
func chartCount(t *testing.T, body, sheet string, f *excelize.File) int {
	t.Helper()
	idx, err := f.GetSheetIndex(sheet)
	must(t, err)
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	must(t, err)
	rels, err := zr.Open(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", idx+1))
	if err != nil {
		return 0
	}
	defer rels.Close()
	data, _ := io.ReadAll(rels)
	if !bytes.Contains(data, []byte("drawing")) {
		return 0
	}
	d, err := zr.Open(fmt.Sprintf("xl/drawings/drawing%d.xml", idx+1))
	if err != nil {
		return 1
	}
	defer d.Close()
	xml, _ := io.ReadAll(d)
	return bytes.Count(xml, []byte("<c:chart "))
}

// apiKey maps a measure key onto the API's JSON and reads it.
func apiKey(key string) (string, func(map[string]any) (float64, bool)) {
	path := strings.Split(key, ".")
	switch {
	case strings.HasPrefix(key, "meetings_per_firm_"):
		path = []string{"meetings_per_firm", strings.TrimPrefix(key, "meetings_per_firm_")}
	case strings.HasPrefix(key, "wins_gbp_year"):
		path = []string{"wins_gbp_by_year", strings.TrimPrefix(key, "wins_gbp_")}
	case key == "not_interested" || key == "informative":
		path = []string{"leads_by_interest", key}
	}
	return strings.Join(path, "."), func(obj map[string]any) (float64, bool) {
		var cur any = obj
		for _, p := range path {
			m, ok := cur.(map[string]any)
			if !ok {
				return 0, false
			}
			cur = m[p]
		}
		v, ok := cur.(float64)
		return v, ok
	}
}
