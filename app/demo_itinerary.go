package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// DemoDelegatePassword is the password of the demo delegate's account, printed in the log.
const DemoDelegatePassword = "chicago-demo-2027"

// demoDelegateAccess gives the first delegate of the first going firm a sign-in with a known password
// and creates calendar links for the firm and for that delegate, so the delegate's side can be tried
// straight away.
func demoDelegateAccess(ctx context.Context, tx *models.Store, m *models.Mission, log *slog.Logger) error {
	d, err := firstGoingDelegate(ctx, tx, m)
	if err != nil {
		return fmt.Errorf("find a demo delegate: %w", err)
	}
	if d == nil {
		log.Info("demo: no delegates yet, so no delegate sign-in or calendar links")
		return nil
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

// firstGoingDelegate is the first delegate of the first firm that is going, or nil.
func firstGoingDelegate(ctx context.Context, tx *models.Store, m *models.Mission) (*models.Delegate, error) {
	regs, err := tx.GoingRegistrations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range regs {
		ds, err := tx.Delegates(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		if len(ds) > 0 {
			return &ds[0], nil
		}
	}
	return nil, nil
}
