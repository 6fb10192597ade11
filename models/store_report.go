package models

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// ReportSource is everything the mission report, the interactions export and the export wins are
// computed from, loaded in a fixed number of queries. The figures themselves are the report
// package's: this file only reads.
type ReportSource struct {
	Mission   Mission
	Firms     []ReportFirm // every registration, going or not
	Meetings  []ReportMeeting
	FollowUps []ReportFollowUp // every link sent, answered or not
}

// ReportFirm is a registration with what the report needs of its firm.
type ReportFirm struct {
	RegistrationID       uint
	Status               string
	Going                bool // approved or confirmed
	CompanyName          string
	CompaniesHouseNumber string
	Sector               string
	ContactName          string
	ContactEmail         string
	Delegates            int
}

// ReportMeeting is a meeting with its contact and the outcome that counts (nil when none).
type ReportMeeting struct {
	ID                  uint
	RegistrationID      uint
	Status              string
	StartsAt            *time.Time
	ContactName         string
	ContactJobTitle     string
	ContactEmail        string
	ContactOrganisation string
	OrganisationType    string
	Outcome             *MeetingOutcome `gorm:"-"`
}

// ReportFollowUp is one firm's survey of one round.
type ReportFollowUp struct {
	FollowUp
	Months int
}

// LoadReportSource reads a mission's registrations, meetings with their outcomes, and follow-ups.
func (s *Store) LoadReportSource(ctx context.Context, missionID uint) (*ReportSource, error) {
	src := &ReportSource{}
	if err := s.DB(ctx).First(&src.Mission, missionID).Error; err != nil {
		return nil, notFound(err, "load mission for report")
	}
	err := s.DB(ctx).Table("registrations").
		Select("registrations.id AS registration_id, registrations.status, firms.company_name, firms.companies_house_number, firms.sector, firms.contact_name, firms.contact_email, "+
			"(SELECT COUNT(*) FROM delegates WHERE delegates.registration_id = registrations.id) AS delegates").
		Joins("JOIN firms ON firms.id = registrations.firm_id").
		Where("registrations.mission_id = ?", missionID).Order("registrations.id").Scan(&src.Firms).Error
	if err != nil {
		return nil, fmt.Errorf("store: report firms of mission %d: %w", missionID, err)
	}
	for i := range src.Firms {
		src.Firms[i].Going = slices.Contains(ScheduledStatuses, src.Firms[i].Status)
	}
	err = s.DB(ctx).Table("meetings").
		Select("meetings.id, meetings.registration_id, meetings.status, meetings.starts_at, contacts.full_name AS contact_name, contacts.job_title AS contact_job_title, "+
			"contacts.email AS contact_email, contacts.organisation AS contact_organisation, contacts.organisation_type").
		Joins("JOIN contacts ON contacts.id = meetings.contact_id").
		Where("meetings.mission_id = ?", missionID).Order("meetings.starts_at, meetings.id").Scan(&src.Meetings).Error
	if err != nil {
		return nil, fmt.Errorf("store: report meetings of mission %d: %w", missionID, err)
	}
	outcomes, err := s.MissionOutcomes(ctx, missionID)
	if err != nil {
		return nil, err
	}
	for i := range src.Meetings {
		src.Meetings[i].Outcome = outcomes[src.Meetings[i].ID].Effective()
	}
	if src.FollowUps, err = s.missionFollowUps(ctx, missionID); err != nil {
		return nil, err
	}
	return src, nil
}

// missionFollowUps loads every follow-up of a mission's rounds with its lead answers.
func (s *Store) missionFollowUps(ctx context.Context, missionID uint) ([]ReportFollowUp, error) {
	var fus []ReportFollowUp
	err := s.DB(ctx).Table("follow_ups").Select("follow_ups.*, follow_up_rounds.months").
		Joins("JOIN follow_up_rounds ON follow_up_rounds.id = follow_ups.round_id").
		Where("follow_up_rounds.mission_id = ?", missionID).Order("follow_up_rounds.months, follow_ups.registration_id").Scan(&fus).Error
	if err != nil {
		return nil, fmt.Errorf("store: follow-ups of mission %d: %w", missionID, err)
	}
	var leads []FollowUpLead
	err = s.DB(ctx).Where("follow_up_id IN (SELECT follow_ups.id FROM follow_ups JOIN follow_up_rounds ON follow_up_rounds.id = follow_ups.round_id WHERE follow_up_rounds.mission_id = ?)", missionID).
		Order("follow_up_id, meeting_id").Find(&leads).Error
	if err != nil {
		return nil, fmt.Errorf("store: follow-up answers of mission %d: %w", missionID, err)
	}
	byID := map[uint]int{}
	for i := range fus {
		byID[fus[i].ID] = i
	}
	for _, l := range leads {
		if i, ok := byID[l.FollowUpID]; ok {
			fus[i].Leads = append(fus[i].Leads, l)
		}
	}
	return fus, nil
}
