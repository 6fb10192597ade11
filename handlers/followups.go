package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// followUpLink is the survey's address.
func (h *Handler) followUpLink(token string) string { return h.Opts.BaseURL + "/follow-up/" + token }

// followUpFieldOrder lists the survey's fields once for the error summary's order.
func followUpFieldOrder(sv *models.FollowUpSurvey) []string {
	var order []string
	for _, l := range sv.Leads {
		for _, f := range []string{"status", "year1", "year2", "year3", "without_support"} {
			order = append(order, fmt.Sprintf("lead-%d-%s", l.MeetingID, f))
		}
	}
	return append(order, "satisfaction", "comment")
}

// followUpFormOf fills the survey form from the answers so far.
func followUpFormOf(sv *models.FollowUpSurvey) map[string]string {
	f := map[string]string{"comment": sv.FollowUp.Comment}
	if sv.FollowUp.Satisfaction != nil {
		f["satisfaction"] = strconv.Itoa(*sv.FollowUp.Satisfaction)
	}
	if sv.FollowUp.CaseStudyConsent {
		f["case_study_consent"] = "yes"
	}
	for _, l := range sv.Leads {
		if a := l.Answer; a != nil {
			key := fmt.Sprintf("lead-%d-", l.MeetingID)
			f[key+"status"], f[key+"without_support"] = a.Status, a.WithoutSupport
			for i, v := range []*int64{a.Year1GBP, a.Year2GBP, a.Year3GBP} {
				if v != nil {
					f[fmt.Sprintf("%syear%d", key, i+1)] = strconv.FormatInt(*v, 10)
				}
			}
		}
	}
	return f
}

// followUpSurvey loads the survey of the link in the path, answering 410 with a page when it has
// expired or its round has closed.
func (h *Handler) followUpSurvey(c *fiber.Ctx) (*models.FollowUpSurvey, error) {
	sv, err := h.Store.FollowUpSurveyByToken(c.UserContext(), c.Params("survey"), h.Now())
	if errors.Is(err, models.ErrFollowUpGone) {
		return nil, h.render(c, fiber.StatusGone, "followups/gone", View{"Title": "This survey link no longer works", "Survey": sv,
			"Closed": sv.Round.ClosedAt != nil})
	}
	return sv, err
}

func (h *Handler) renderFollowUp(c *fiber.Ctx, status int, sv *models.FollowUpSurvey, f map[string]string, errs models.FieldErrors) error {
	zone := sv.Mission.Zone()
	type lead struct {
		models.FollowUpLeadView
		When string
		Key  string
	}
	leads := make([]lead, len(sv.Leads))
	for i, l := range sv.Leads {
		leads[i] = lead{l, models.FormatDay(l.StartsAt, zone), fmt.Sprintf("lead-%d-", l.MeetingID)}
	}
	v := View{"Title": "Follow-up: " + sv.Mission.Name, "Survey": sv, "Leads": leads, "F": f,
		"Expires": sv.FollowUp.ExpiresAt.UTC().Format("2 January 2006"), "Answered": sv.FollowUp.RespondedAt != nil}
	if len(errs) > 0 {
		v["Errors"], v["Order"] = errs, followUpFieldOrder(sv)
	}
	return h.render(c, status, "followups/form", v)
}

// FollowUpForm shows a firm's survey through its secure link; no sign-in is needed.
func (h *Handler) FollowUpForm(c *fiber.Ctx) error {
	sv, err := h.followUpSurvey(c)
	if err != nil || sv == nil {
		return err
	}
	return h.renderFollowUp(c, fiber.StatusOK, sv, followUpFormOf(sv), nil)
}

// SaveFollowUp records the firm's answers; they can be changed until the link expires or the round closes.
func (h *Handler) SaveFollowUp(c *fiber.Ctx) error {
	sv, err := h.followUpSurvey(c)
	if err != nil || sv == nil {
		return err
	}
	f := map[string]string{"satisfaction": form(c, "satisfaction"), "comment": form(c, "comment"), "case_study_consent": form(c, "case_study_consent")}
	a := models.FollowUpAnswer{Satisfaction: f["satisfaction"], Comment: f["comment"], CaseStudyConsent: f["case_study_consent"] == "yes"}
	for _, l := range sv.Leads {
		key := fmt.Sprintf("lead-%d-", l.MeetingID)
		for _, k := range []string{"status", "year1", "year2", "year3", "without_support"} {
			f[key+k] = form(c, key+k)
		}
		a.Leads = append(a.Leads, models.FollowUpLeadAnswer{MeetingID: l.MeetingID, Status: f[key+"status"], Year1: f[key+"year1"],
			Year2: f[key+"year2"], Year3: f[key+"year3"], WithoutSupport: f[key+"without_support"]})
	}
	err = h.Store.SaveFollowUpAnswer(c.UserContext(), c.Params("survey"), a, h.Now())
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.renderFollowUp(c, fiber.StatusUnprocessableEntity, sv, f, fe)
	}
	if errors.Is(err, models.ErrFollowUpGone) {
		_, err = h.followUpSurvey(c)
		return err
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/follow-up/"+c.Params("survey"), "Thank you: your answers are saved. You can change them until "+sv.FollowUp.ExpiresAt.UTC().Format("2 January 2006")+".")
}

// FollowUps shows staff a mission's survey rounds: the setting, each firm's link (emailed through the
// outbox; shown to copy when mail is not configured), who answered, the response rate, and the buttons
// to resend and to close.
func (h *Handler) FollowUps(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.renderFollowUps(c, fiber.StatusOK, m, "", nil)
}

func (h *Handler) renderFollowUps(c *fiber.Ctx, status int, m *models.Mission, months string, errs models.FieldErrors) error {
	rounds, err := h.Store.MissionFollowUps(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	setting, err := h.Store.FollowUpMonths(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	if months == "" {
		months = setting
	}
	type link struct {
		models.FollowUpRow
		URL     string
		Expired bool
	}
	type round struct {
		models.FollowUpRoundView
		Rate  string
		Links []link
	}
	now := h.Now()
	var rs []round
	for _, r := range rounds {
		rv := round{FollowUpRoundView: r, Rate: "–"}
		if len(r.Links) > 0 {
			rv.Rate = fmt.Sprintf("%.1f%%", float64(r.Answered)*100/float64(len(r.Links)))
		}
		for _, l := range r.Links {
			rv.Links = append(rv.Links, link{l, h.followUpLink(l.Token), !now.Before(l.ExpiresAt)})
		}
		rs = append(rs, rv)
	}
	var due []string
	if ms, err := models.ParseFollowUpMonths(setting); err == nil {
		for _, n := range ms {
			due = append(due, fmt.Sprintf("%d months: %s", n, models.FollowUpDue(m, n).In(m.Zone()).Format("2 January 2006")))
		}
	}
	v := View{"Title": "Follow-up surveys", "Mission": m, "Rounds": rs, "Months": months, "Due": due,
		"MailConfigured": h.Opts.Notify != nil && h.Opts.Notify.MailConfigured()}
	if len(errs) > 0 {
		v["Errors"], v["Order"] = errs, []string{"follow_up_months"}
	}
	return h.render(c, status, "followups/index", v)
}

// SaveFollowUpMonths changes when a mission's surveys go out.
func (h *Handler) SaveFollowUpMonths(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	months := form(c, "follow_up_months")
	clean, err := h.Store.SetFollowUpMonths(c.UserContext(), currentUser(c), m.ID, months)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.renderFollowUps(c, fiber.StatusUnprocessableEntity, m, months, fe)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/follow-ups", m.ID), "Surveys will go out "+clean+" months after the mission")
}

// ResendFollowUp makes a firm's survey a new link (the old one stops working) and emails it through
// the outbox; the link is shown too, for staff to pass on while mail is not set up.
func (h *Handler) ResendFollowUp(c *fiber.Ctx) error {
	m, id, err := h.missionAndID(c, "fuid")
	if err != nil {
		return err
	}
	fu, err := h.Store.ResendFollowUp(c.UserContext(), currentUser(c), m.ID, id, h.Now(), models.RandomToken(32))
	if err != nil {
		return err
	}
	page := fmt.Sprintf("/missions/%d/follow-ups", m.ID)
	switch {
	case fu.Email == "":
		return h.redirectWithFlash(c, page, "New survey link for "+fu.CompanyName+", which has no contact email: send it yourself: "+h.followUpLink(fu.Token))
	case h.Opts.Notify != nil && h.Opts.Notify.MailConfigured():
		return h.redirectWithFlash(c, page, "New survey link for "+fu.CompanyName+": we are emailing it to "+fu.Email)
	}
	return h.redirectWithFlash(c, page, "New survey link for "+fu.CompanyName+": it waits in the outbox until email is set up, so send it to "+fu.Email+" yourself: "+h.followUpLink(fu.Token))
}

// CloseFollowUpRound stops a round taking answers.
func (h *Handler) CloseFollowUpRound(c *fiber.Ctx) error {
	m, id, err := h.missionAndID(c, "roundid")
	if err != nil {
		return err
	}
	if err := h.Store.CloseFollowUpRound(c.UserContext(), currentUser(c), m.ID, id, h.Now()); err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/follow-ups", m.ID), "Round closed: its links no longer take answers")
}

// followUpJSON is a firm's survey as the API answers it: the stored survey (its JSON tags) with the
// round's months and the firm's name beside it.
type followUpJSON struct {
	models.FollowUp
	Months      int    `json:"months"`
	CompanyName string `json:"company_name"`
}

// APIFollowUps answers a mission's survey answers, every link of every round, with the setting.
func (h *Handler) APIFollowUps(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	rounds, err := h.Store.MissionFollowUps(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	src, err := h.Store.LoadReportSource(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	leads := map[uint][]models.FollowUpLead{}
	for _, fu := range src.FollowUps {
		leads[fu.ID] = fu.Leads
	}
	setting, err := h.Store.FollowUpMonths(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	items := []followUpJSON{}
	type roundJSON struct {
		ID       uint       `json:"id"`
		Months   int        `json:"months"`
		OpenedAt time.Time  `json:"opened_at"`
		ClosedAt *time.Time `json:"closed_at"`
		Sent     int        `json:"sent"`
		Answered int        `json:"answered"`
	}
	rs := []roundJSON{}
	for _, r := range rounds {
		rs = append(rs, roundJSON{r.ID, r.Months, r.OpenedAt, r.ClosedAt, len(r.Links), r.Answered})
		for _, l := range r.Links {
			ls := leads[l.ID]
			if ls == nil {
				ls = []models.FollowUpLead{}
			}
			f := l.FollowUp
			f.Leads = ls
			items = append(items, followUpJSON{FollowUp: f, Months: r.Months, CompanyName: l.CompanyName})
		}
	}
	return c.JSON(fiber.Map{"items": items, "total": len(items), "follow_up_months": setting, "rounds": rs})
}
