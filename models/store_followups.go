package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrFollowUpGone is a survey link that has expired or whose round has closed (410).
var ErrFollowUpGone = errors.New("store: the survey link has expired or its round has closed")

// FollowUpMonths is a mission's setting: the months after its end at which surveys go out ("3,6").
func (s *Store) FollowUpMonths(ctx context.Context, missionID uint) (string, error) {
	var v []string
	if err := s.DB(ctx).Table("missions").Where("id = ?", missionID).Pluck("follow_up_months", &v).Error; err != nil {
		return "", fmt.Errorf("store: follow-up months of mission %d: %w", missionID, err)
	}
	if len(v) == 0 {
		return "", ErrNotFound
	}
	return v[0], nil
}

// SetFollowUpMonths changes a mission's follow-up months after checking them (422 on follow_up_months).
func (s *Store) SetFollowUpMonths(ctx context.Context, actor *User, missionID uint, value string) (string, error) {
	months, err := ParseFollowUpMonths(value)
	if err != nil {
		return "", FieldErrors{"follow_up_months": capitalFirst(err.Error())}
	}
	clean := JoinFollowUpMonths(months)
	err = s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.FollowUpMonths(ctx, missionID)
		if err != nil {
			return err
		}
		if err := tx.DB(ctx).Table("missions").Where("id = ?", missionID).Updates(map[string]any{"follow_up_months": clean, "updated_at": time.Now().UTC()}).Error; err != nil {
			return fmt.Errorf("store: set follow-up months of mission %d: %w", missionID, err)
		}
		return tx.Audit(ctx, actor, "follow-up months", "mission", missionID, &missionID, map[string]string{"follow_up_months": before}, map[string]string{"follow_up_months": clean})
	})
	return clean, err
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// SentFollowUp is a survey link just made, with what its email needs.
type SentFollowUp struct {
	FollowUp
	MissionID   uint
	MissionName string
	Months      int
	CompanyName string
	ContactName string // the firm's contact, whom the email greets
}

// followUpSent tells the hook (the outbox) about a link made in tx, so its email commits with it.
func (s *Store) followUpSent(ctx context.Context, sent *SentFollowUp) error {
	if s.hook == nil {
		return nil
	}
	return s.hook.FollowUpSent(ctx, s, sent)
}

// OpenDueFollowUpRounds opens every survey round that is due at now and not yet open: for each
// mission, each of its follow-up months whose due instant (FollowUpDue) has passed, one round, with a
// link (token from newToken) for each going firm's contact. A round is opened once only, whoever runs
// this and however often (the database's unique round per mission and month decides). A round whose
// links would already have expired (due more than FollowUpLinkLifetime ago) is skipped: a mission
// finished long before surveys existed is not surveyed for its past.
func (s *Store) OpenDueFollowUpRounds(ctx context.Context, now time.Time, newToken func() string) ([]SentFollowUp, error) {
	now = now.UTC()
	var missions []Mission
	// A mission ends before its follow-ups are due: only missions over by now are candidates.
	if err := s.DB(ctx).Where("end_date < ?", now.Format("2006-01-02")).Order("id").Find(&missions).Error; err != nil {
		return nil, fmt.Errorf("store: missions due a follow-up: %w", err)
	}
	var out []SentFollowUp
	for i := range missions {
		m := &missions[i]
		setting, err := s.FollowUpMonths(ctx, m.ID)
		if err != nil {
			return out, err
		}
		months, err := ParseFollowUpMonths(setting)
		if err != nil {
			continue // a setting made invalid outside the application: nothing to send
		}
		for _, n := range months {
			due := FollowUpDue(m, n)
			if now.Before(due) || now.Sub(due) > FollowUpLinkLifetime {
				continue
			}
			sent, err := s.openRound(ctx, m, n, now, newToken)
			if err != nil {
				return out, err
			}
			out = append(out, sent...)
		}
	}
	return out, nil
}

// openRound creates round months of mission m and its links in one transaction, unless it exists.
func (s *Store) openRound(ctx context.Context, m *Mission, months int, now time.Time, newToken func() string) ([]SentFollowUp, error) {
	var out []SentFollowUp
	err := s.WithTx(ctx, func(tx *Store) error {
		// The mission's lock orders two schedulers opening the same round; the unique key backs it.
		if _, err := tx.LockMission(ctx, m.ID); err != nil {
			return err
		}
		var n int64
		if err := tx.DB(ctx).Model(&FollowUpRound{}).Where("mission_id = ? AND months = ?", m.ID, months).Count(&n).Error; err != nil {
			return fmt.Errorf("store: find follow-up round: %w", err)
		}
		if n > 0 {
			return nil
		}
		round := FollowUpRound{MissionID: m.ID, Months: months, OpenedAt: now}
		if err := tx.DB(ctx).Omit("id").Create(&round).Error; err != nil {
			return fmt.Errorf("store: open follow-up round: %w", err)
		}
		regs, err := tx.GoingRegistrations(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, r := range regs {
			email, err := tx.followUpEmail(ctx, &r)
			if err != nil {
				return err
			}
			fu := FollowUp{RoundID: round.ID, RegistrationID: r.ID, Token: newToken(), Email: email, SentAt: now, Sends: 1, ExpiresAt: now.Add(FollowUpLinkLifetime)}
			if err := tx.DB(ctx).Omit("id", "Leads").Create(&fu).Error; err != nil {
				return fmt.Errorf("store: create follow-up: %w", err)
			}
			sent := SentFollowUp{FollowUp: fu, MissionID: m.ID, MissionName: m.Name, Months: months}
			if r.Firm != nil {
				sent.CompanyName, sent.ContactName = r.Firm.CompanyName, r.Firm.ContactName
			}
			if err := tx.followUpSent(ctx, &sent); err != nil {
				return err
			}
			out = append(out, sent)
		}
		return tx.Audit(ctx, nil, fmt.Sprintf("open follow-up round (%d months, %d firms)", months, len(regs)), "mission", m.ID, &m.ID, nil, round)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// followUpEmail is where a firm's survey goes: the firm's contact, or else its first delegate.
func (s *Store) followUpEmail(ctx context.Context, r *Registration) (string, error) {
	if r.Firm != nil && r.Firm.ContactEmail != "" {
		return r.Firm.ContactEmail, nil
	}
	var emails []string
	if err := s.DB(ctx).Model(&Delegate{}).Where("registration_id = ?", r.ID).Order("id").Limit(1).Pluck("email", &emails).Error; err != nil {
		return "", fmt.Errorf("store: follow-up email of registration %d: %w", r.ID, err)
	}
	if len(emails) == 0 {
		return "", nil
	}
	return emails[0], nil
}

// FollowUpLeadView is a lead as the survey shows it: the meeting and the firm's answer so far.
type FollowUpLeadView struct {
	MeetingID    uint
	StartsAt     time.Time
	Contact      string
	Organisation string
	Answer       *FollowUpLead
}

// FollowUpSurvey is what the survey page needs: the link, its round and mission, the firm, its leads.
type FollowUpSurvey struct {
	FollowUp FollowUp
	Round    FollowUpRound
	Mission  Mission
	Company  string
	Leads    []FollowUpLeadView
}

// Open reports whether the survey still takes answers at now.
func (sv *FollowUpSurvey) Open(now time.Time) bool {
	return sv.Round.ClosedAt == nil && now.Before(sv.FollowUp.ExpiresAt)
}

// FollowUpSurveyByToken loads the survey of a link. An unknown token is ErrNotFound; an expired link
// or closed round is ErrFollowUpGone (the survey is still returned, for the page to name the mission).
func (s *Store) FollowUpSurveyByToken(ctx context.Context, token string, now time.Time) (*FollowUpSurvey, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrNotFound
	}
	sv := &FollowUpSurvey{}
	if err := s.DB(ctx).Where("token = ?", token).First(&sv.FollowUp).Error; err != nil {
		return nil, notFound(err, "load follow-up")
	}
	if err := s.DB(ctx).First(&sv.Round, sv.FollowUp.RoundID).Error; err != nil {
		return nil, notFound(err, "load follow-up round")
	}
	if err := s.DB(ctx).First(&sv.Mission, sv.Round.MissionID).Error; err != nil {
		return nil, notFound(err, "load follow-up mission")
	}
	var names []string
	if err := s.DB(ctx).Table("firms").Joins("JOIN registrations ON registrations.firm_id = firms.id").
		Where("registrations.id = ?", sv.FollowUp.RegistrationID).Pluck("firms.company_name", &names).Error; err != nil {
		return nil, fmt.Errorf("store: follow-up firm: %w", err)
	}
	if len(names) > 0 {
		sv.Company = names[0]
	}
	if !sv.Open(now) {
		return sv, ErrFollowUpGone
	}
	leads, err := s.registrationLeads(ctx, sv.FollowUp.RegistrationID)
	if err != nil {
		return nil, err
	}
	var answers []FollowUpLead
	if err := s.DB(ctx).Where("follow_up_id = ?", sv.FollowUp.ID).Find(&answers).Error; err != nil {
		return nil, fmt.Errorf("store: follow-up answers: %w", err)
	}
	byMeeting := map[uint]*FollowUpLead{}
	for i := range answers {
		byMeeting[answers[i].MeetingID] = &answers[i]
	}
	for i := range leads {
		leads[i].Answer = byMeeting[leads[i].MeetingID]
	}
	sv.Leads = leads
	return sv, nil
}

// registrationLeads lists a firm's leads: its scheduled meetings whose outcome that counts is held
// with cooperation possible, in time order.
func (s *Store) registrationLeads(ctx context.Context, regID uint) ([]FollowUpLeadView, error) {
	var mts []struct {
		ID           uint
		StartsAt     time.Time
		Contact      string
		Organisation string
	}
	err := s.DB(ctx).Table("meetings").Select("meetings.id, meetings.starts_at, contacts.full_name AS contact, contacts.organisation").
		Joins("JOIN contacts ON contacts.id = meetings.contact_id").
		Where("meetings.registration_id = ? AND meetings.status = 'scheduled'", regID).Order("meetings.starts_at, meetings.id").Scan(&mts).Error
	if err != nil {
		return nil, fmt.Errorf("store: leads of registration %d: %w", regID, err)
	}
	var rows []MeetingOutcome
	if err := s.DB(ctx).Where("meeting_id IN (SELECT id FROM meetings WHERE registration_id = ?)", regID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: outcomes of registration %d: %w", regID, err)
	}
	outcomes := outcomesOf(rows)
	var out []FollowUpLeadView
	for _, m := range mts {
		if outcomes[m.ID].Effective().IsLead() {
			out = append(out, FollowUpLeadView{MeetingID: m.ID, StartsAt: m.StartsAt, Contact: m.Contact, Organisation: m.Organisation})
		}
	}
	return out, nil
}

// SaveFollowUpAnswer records a firm's survey answer through its link, replacing any earlier answer
// of the same link, while the link works and its round is open. Only the firm's own leads are answered.
func (s *Store) SaveFollowUpAnswer(ctx context.Context, token string, a FollowUpAnswer, now time.Time) error {
	leads, satisfaction, errs := a.Check()
	return s.WithTx(ctx, func(tx *Store) error {
		sv, err := tx.FollowUpSurveyByToken(ctx, token, now)
		if err != nil {
			return err
		}
		own := map[uint]bool{}
		for _, l := range sv.Leads {
			own[l.MeetingID] = true
		}
		for _, l := range leads {
			if !own[l.MeetingID] {
				errs.Add(fmt.Sprintf("lead-%d-status", l.MeetingID), "Answer only about the meetings listed")
			}
		}
		if len(errs) > 0 {
			return errs
		}
		fu := sv.FollowUp
		if err := tx.DB(ctx).Where("follow_up_id = ?", fu.ID).Delete(&FollowUpLead{}).Error; err != nil {
			return fmt.Errorf("store: clear follow-up answers: %w", err)
		}
		for _, l := range leads {
			l.FollowUpID = fu.ID
			if err := tx.DB(ctx).Create(&l).Error; err != nil {
				return fmt.Errorf("store: save follow-up answer: %w", err)
			}
		}
		answered := now.UTC()
		err = tx.DB(ctx).Model(&FollowUp{}).Where("id = ?", fu.ID).Updates(map[string]any{"responded_at": answered, "satisfaction": satisfaction,
			"comment": strings.TrimSpace(a.Comment), "case_study_consent": a.CaseStudyConsent}).Error
		if err != nil {
			return fmt.Errorf("store: save follow-up %d: %w", fu.ID, err)
		}
		return tx.Audit(ctx, nil, "answer follow-up", "follow_up", fu.ID, &sv.Mission.ID, nil, map[string]any{"leads": leads, "satisfaction": satisfaction})
	})
}

// FollowUpRow is a link as staff see it: the firm, where it went, and whether it was answered.
type FollowUpRow struct {
	FollowUp
	CompanyName string
}

// FollowUpRoundView is a round with its links.
type FollowUpRoundView struct {
	FollowUpRound
	Links    []FollowUpRow
	Answered int
}

// MissionFollowUps lists a mission's rounds, earliest first, with their links by firm.
func (s *Store) MissionFollowUps(ctx context.Context, missionID uint) ([]FollowUpRoundView, error) {
	var rounds []FollowUpRound
	if err := s.DB(ctx).Where("mission_id = ?", missionID).Order("months").Find(&rounds).Error; err != nil {
		return nil, fmt.Errorf("store: follow-up rounds of mission %d: %w", missionID, err)
	}
	var rows []FollowUpRow
	err := s.DB(ctx).Table("follow_ups").Select("follow_ups.*, firms.company_name").
		Joins("JOIN follow_up_rounds ON follow_up_rounds.id = follow_ups.round_id").
		Joins("JOIN registrations ON registrations.id = follow_ups.registration_id").
		Joins("JOIN firms ON firms.id = registrations.firm_id").
		Where("follow_up_rounds.mission_id = ?", missionID).Order("LOWER(firms.company_name), follow_ups.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: follow-ups of mission %d: %w", missionID, err)
	}
	out := make([]FollowUpRoundView, len(rounds))
	index := map[uint]int{}
	for i, r := range rounds {
		out[i].FollowUpRound = r
		index[r.ID] = i
	}
	for _, row := range rows {
		i := index[row.RoundID]
		out[i].Links = append(out[i].Links, row)
		if row.RespondedAt != nil {
			out[i].Answered++
		}
	}
	return out, nil
}

// ResendFollowUp gives a firm's survey a new link (the old one stops working), valid for
// FollowUpLinkLifetime from now, while its round is open. The answers so far are kept.
func (s *Store) ResendFollowUp(ctx context.Context, actor *User, missionID, id uint, now time.Time, token string) (*SentFollowUp, error) {
	var out *SentFollowUp
	err := s.WithTx(ctx, func(tx *Store) error {
		var fu FollowUp
		if err := tx.DB(ctx).First(&fu, id).Error; err != nil {
			return notFound(err, "load follow-up")
		}
		var round FollowUpRound
		if err := tx.DB(ctx).First(&round, fu.RoundID).Error; err != nil {
			return notFound(err, "load follow-up round")
		}
		if round.MissionID != missionID {
			return ErrNotFound
		}
		if round.ClosedAt != nil {
			return Conflict("round", "This round is closed: its surveys can no longer be answered")
		}
		var m Mission
		if err := tx.DB(ctx).First(&m, missionID).Error; err != nil {
			return notFound(err, "load mission")
		}
		var firm Firm
		err := tx.DB(ctx).Joins("JOIN registrations ON registrations.firm_id = firms.id").Where("registrations.id = ?", fu.RegistrationID).First(&firm).Error
		if err != nil {
			return notFound(err, "load follow-up firm")
		}
		// The link goes where the firm's contact is now, which may have changed since the round opened.
		email, err := tx.followUpEmail(ctx, &Registration{ID: fu.RegistrationID, Firm: &firm})
		if err != nil {
			return err
		}
		now = now.UTC()
		fu.Token, fu.SentAt, fu.ExpiresAt, fu.Sends, fu.Email = token, now, now.Add(FollowUpLinkLifetime), fu.Sends+1, email
		if err := tx.DB(ctx).Model(&FollowUp{}).Where("id = ?", id).Updates(map[string]any{"token": fu.Token, "sent_at": fu.SentAt, "expires_at": fu.ExpiresAt, "sends": fu.Sends, "email": email}).Error; err != nil {
			return fmt.Errorf("store: resend follow-up %d: %w", id, err)
		}
		out = &SentFollowUp{FollowUp: fu, MissionID: m.ID, MissionName: m.Name, Months: round.Months, CompanyName: firm.CompanyName, ContactName: firm.ContactName}
		if err := tx.Audit(ctx, actor, "resend follow-up", "follow_up", id, &missionID, nil, map[string]any{"sends": fu.Sends, "expires_at": fu.ExpiresAt, "email": email}); err != nil {
			return err
		}
		return tx.followUpSent(ctx, out)
	})
	return out, err
}

// CloseFollowUpRound closes a round: its links stop taking answers (410).
func (s *Store) CloseFollowUpRound(ctx context.Context, actor *User, missionID, roundID uint, now time.Time) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var round FollowUpRound
		if err := tx.DB(ctx).First(&round, roundID).Error; err != nil {
			return notFound(err, "load follow-up round")
		}
		if round.MissionID != missionID {
			return ErrNotFound
		}
		if round.ClosedAt != nil {
			return nil
		}
		if err := tx.DB(ctx).Model(&FollowUpRound{}).Where("id = ?", roundID).Update("closed_at", now.UTC()).Error; err != nil {
			return fmt.Errorf("store: close follow-up round %d: %w", roundID, err)
		}
		return tx.Audit(ctx, actor, "close follow-up round", "mission", missionID, &missionID, nil, map[string]int{"months": round.Months})
	})
}
