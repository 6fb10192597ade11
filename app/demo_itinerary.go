package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/models"
)

// DemoDelegatePassword is the password of the demo delegate's account, printed in the log.
const DemoDelegatePassword = "chicago-demo-2027"

func init() { registerDemoStep(300, "delegate access", demoDelegateAccess) }

// demoDelegateAccess gives the first delegate of the first going firm a sign-in with a known password
// and creates calendar links for the firm and for that delegate, so the delegate's side can be tried
// straight away.
func demoDelegateAccess(ctx context.Context, tx *models.Store, m *models.Mission) error {
	log := demoLog(ctx)
	var d models.Delegate
	err := tx.DB(ctx).Joins("JOIN registrations ON registrations.id = delegates.registration_id").
		Where("delegates.mission_id = ? AND registrations.status IN ?", m.ID, models.ScheduledStatuses).
		Order("registrations.id, delegates.id").First(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		log.Info("demo: no delegates yet, so no delegate sign-in or calendar links")
		return nil
	}
	if err != nil {
		return fmt.Errorf("find a demo delegate: %w", err)
	}
	u := models.User{Email: d.Email, Name: d.FullName, Role: "delegate", RegistrationID: &d.RegistrationID, DelegateID: &d.ID}
	if err := tx.CreateUser(ctx, nil, &u, DemoDelegatePassword); err != nil {
		return fmt.Errorf("demo delegate account: %w", err)
	}
	now := time.Now()
	firmFeed, err := tx.CreateCalendarFeed(ctx, nil, d.RegistrationID, nil, now)
	if err != nil {
		return err
	}
	ownFeed, err := tx.CreateCalendarFeed(ctx, nil, d.RegistrationID, &d.ID, now)
	if err != nil {
		return err
	}
	log.Info("demo: a delegate can sign in and see their firm's itinerary at /my/itinerary",
		"email", u.Email, "password", DemoDelegatePassword,
		"firm_calendar", "/feeds/"+firmFeed.Token+".ics", "delegate_calendar", "/feeds/"+ownFeed.Token+".ics")
	return nil
}
