package notify

import (
	"context"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// RemindMissing emails every delegate of the mission's going firms who has something missing a
// personal list of what is still needed, through the outbox. The same list is sent at most once a day
// (in the mission's zone) to a delegate: pressing the button twice sends nothing more. It returns how
// many messages it recorded.
func (s *Service) RemindMissing(ctx context.Context, actor *models.User, missionID uint, now time.Time) (int, error) {
	sent := 0
	err := s.store.WithTx(ctx, func(tx *models.Store) error {
		b, err := tx.MissionReadiness(ctx, missionID)
		if err != nil {
			return err
		}
		m := b.Mission
		today := models.DateIn(now, m.Zone()).String()
		for _, f := range b.Firms {
			for _, l := range f.Delegates {
				if l.Readiness.Ready || strings.TrimSpace(l.Delegate.Email) == "" {
					continue
				}
				d := l.Delegate
				msg := readinessMessage(m, &d, l.Readiness, s.opts.BaseURL+"/my/documents")
				did, rid, mid := d.ID, d.RegistrationID, m.ID
				created, err := s.record(ctx, tx, &models.Notification{
					MissionID: &mid, DelegateID: &did, RegistrationID: &rid, Kind: models.NoticeReadiness,
					IdempotencyKey: key(models.NoticeReadiness, d.ID, strings.Join(l.Readiness.Missing, ","), today),
					RecipientEmail: d.Email, RecipientName: d.FullName, Subject: msg.Subject, BodyText: msg.Text, BodyHTML: msg.HTML,
				})
				if err != nil {
					return err
				}
				if created {
					sent++
				}
			}
		}
		return tx.Audit(ctx, actor, "remind_missing", "mission", missionID, &missionID, nil, map[string]any{"messages": sent})
	})
	return sent, err
}

// readinessMessage lists what one delegate still has to give or do before the mission. It names what
// is missing, never the documents' details.
func readinessMessage(m *models.Mission, d *models.Delegate, r models.DelegateReadiness, link string) message {
	var lines []string
	for _, c := range r.Checks {
		if c.Level == models.LevelRed {
			lines = append(lines, "• "+readinessAsk[c.Code])
		}
	}
	return render("Before "+m.Name+": what we still need from you", "Hello "+d.FullName+",", []block{
		{Lines: []string{"To make sure you can travel and that we can look after you on " + m.Name + ", we still need:"}},
		{Lines: lines},
		{Lines: []string{"You can enter your travel documents and emergency contact here (sign in first):"}, Link: link},
	}, []block{{Lines: []string{"Your flights, hotel and invitation are arranged with the mission team: reply to this email if anything is wrong."}}})
}

// readinessAsk says what each missing check asks of the delegate.
var readinessAsk = map[string]string{
	models.CheckInvitation:       "accept your invitation: open the sign-in link we sent you and choose a password",
	models.CheckFlights:          "your outbound and return flights",
	models.CheckPassport:         "your passport details: nationality and an expiry date after your return flight",
	models.CheckEsta:             "an approved ESTA (or visa), valid on the day of your return flight",
	models.CheckHotel:            "a hotel booking for every night of your stay (the mission team arranges it: tell them your dates)",
	models.CheckEmergencyContact: "an emergency contact: their name, relationship and phone number",
	models.CheckNeeds:            `your dietary requirements and access needs (write "none" if you have none)`,
}
