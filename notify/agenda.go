package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// AgendaHour is the local hour (in the mission's zone) from which the evening's agendas go out.
const AgendaHour = 18

// QueueAgendas records tomorrow's agenda for each delegate with something on it, for every mission
// where it is now AgendaHour or later in the evening before one of its days. It is safe to run as often
// as wanted: an agenda's idempotency key is the delegate and the date, so each is recorded once.
// It returns how many agendas it recorded.
func (s *Service) QueueAgendas(ctx context.Context, now time.Time) (int, error) {
	missions, err := s.store.ActiveMissions(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, m := range missions {
		local := now.In(m.Zone())
		if local.Hour() < AgendaHour {
			continue
		}
		tomorrow := models.DateIn(now, m.Zone()).AddDays(1)
		if tomorrow.Before(m.StartDate.Time) || tomorrow.After(m.EndDate.Time) {
			continue
		}
		err := s.store.WithTx(ctx, func(tx *models.Store) error {
			n, err := s.missionAgendas(ctx, tx, m.ID, tomorrow)
			total += n
			return err
		})
		if err != nil {
			return total, fmt.Errorf("notify: agendas of mission %d for %s: %w", m.ID, tomorrow, err)
		}
	}
	return total, nil
}

func (s *Service) missionAgendas(ctx context.Context, tx *models.Store, missionID uint, day models.Date) (int, error) {
	src, err := tx.MissionItinerarySource(ctx, missionID)
	if err != nil {
		return 0, err
	}
	var ids []uint
	for _, d := range src.Delegates {
		ids = append(ids, d.ID)
	}
	prefs, err := tx.PreferencesOf(ctx, ids)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range src.Registrations {
		it, err := src.Itinerary(r.ID)
		if err != nil {
			return n, err
		}
		for _, d := range src.Delegates {
			if d.RegistrationID != r.ID || !prefs[d.ID].Wants(models.NoticeAgenda) {
				continue
			}
			var entries []models.ItineraryEntry
			var label string
			for _, dd := range it.ForDelegate(d.ID).Days {
				if dd.Date.Equal(day.Time) {
					entries, label = dd.Entries, dd.Label
				}
			}
			if len(entries) == 0 {
				continue
			}
			unsub := s.unsubscribeURL(prefs[d.ID].UnsubscribeToken, models.NoticeAgenda)
			msg := agendaMessage(&src.Mission, &d, it, label, entries, s.opts.BaseURL, unsub)
			mid, did, rid := src.Mission.ID, d.ID, r.ID
			created, err := s.record(ctx, tx, &models.Notification{
				MissionID: &mid, DelegateID: &did, RegistrationID: &rid, Kind: models.NoticeAgenda,
				IdempotencyKey: key(models.NoticeAgenda, d.ID, day.String()), RecipientEmail: d.Email, RecipientName: d.FullName,
				Subject: msg.Subject, BodyText: msg.Text, BodyHTML: msg.HTML, UnsubscribeURL: unsub,
			})
			if err != nil {
				return n, err
			}
			if created {
				n++
			}
		}
	}
	return n, nil
}

// agendaMessage is one delegate's itinerary for one day.
func agendaMessage(m *models.Mission, d *models.Delegate, it *models.Itinerary, label string, entries []models.ItineraryEntry, baseURL, unsubscribe string) message {
	blocks := []block{{Lines: []string{fmt.Sprintf("This is your plan for tomorrow, %s, on %s. Times are %s time, with %s time in brackets.", label, m.Name, m.ZoneLabel(), m.HomeLabel())}}}
	for _, e := range entries {
		b := block{Heading: fmt.Sprintf("%s–%s %s (%s–%s %s %s): %s", e.LocalStart, e.LocalEnd, e.ZoneAbbr, e.HomeStart, e.HomeEnd, e.HomeAbbr, m.HomeLabel(), e.Title)}
		if e.HomeDayNote != "" {
			b.Heading = strings.Replace(b.Heading, m.HomeLabel()+")", m.HomeLabel()+", "+e.HomeDayNote+")", 1)
		}
		if e.Kind == models.EntryFlight {
			b.Lines = append(b.Lines, "Departs "+e.From+" "+e.DepartsLocal+", arrives "+e.To+" "+e.ArrivesLocal+" (local times)")
		}
		if e.Address != "" {
			b.Lines = append(b.Lines, "Where: "+e.Address)
		}
		if e.With != "" {
			b.Lines = append(b.Lines, "With: "+e.WithWhom())
		}
		if note := e.TravelNote(); note != "" {
			b.Lines = append(b.Lines, note)
		}
		if e.Notes != "" {
			b.Lines = append(b.Lines, "Notes: "+e.Notes)
		}
		blocks = append(blocks, b)
	}
	blocks = append(blocks, block{Lines: []string{"Your whole itinerary:"}, Link: baseURL + "/my/itinerary"})
	return render("Your agenda for tomorrow, "+label, "Hello "+d.FullName+",", blocks, optionalFooter(m, it.FirmName, "daily agenda emails", baseURL, unsubscribe))
}
