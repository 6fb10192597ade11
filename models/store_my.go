package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// OwnTravelInput is a delegate's flight or train as typed: each date and time in the local time of
// its own airport.
type OwnTravelInput struct {
	Direction, Carrier, Number, From, To string
	DepartsDate, ArrivesDate             Date
	DepartsTime, ArrivesTime             string // "HH:MM"
}

// Apply checks the input and copies it onto seg, turning each airport's local time into UTC.
// dateErrs holds problems the caller already found reading the three-field dates.
func (in OwnTravelInput) Apply(seg *TravelSegment, dateErrs FieldErrors) FieldErrors {
	errs := FieldErrors{}
	for k, v := range dateErrs {
		errs.Add(k, v)
	}
	seg.Direction = strings.TrimSpace(in.Direction)
	seg.Carrier = strings.TrimSpace(in.Carrier)
	seg.Number = strings.ToUpper(strings.TrimSpace(in.Number))
	seg.From = strings.ToUpper(strings.TrimSpace(in.From))
	seg.To = strings.ToUpper(strings.TrimSpace(in.To))
	for k, v := range Validate(seg) {
		errs.Add(k, v)
	}
	if seg.Direction == "" {
		errs["direction"] = "Select outbound or return"
	}
	at := func(code, field string, d Date, hhmm string) time.Time {
		timeField, dateField := field+"_time", field+"_date"
		noun := map[string]string{"departs": "departure", "arrives": "arrival"}[field]
		if _, bad := errs[dateField]; bad {
			return time.Time{}
		}
		if d.IsZero() {
			errs.Add(dateField, "Enter the "+noun+" date")
			return time.Time{}
		}
		if strings.TrimSpace(hhmm) == "" {
			errs.Add(timeField, "Enter the "+noun+" time, like 14:05")
			return time.Time{}
		}
		loc := AirportTimeZone(code)
		if loc == nil {
			return time.Time{}
		}
		t, err := LocalInstant(loc, d.String(), hhmm)
		if err != nil {
			var lte *LocalTimeError
			if errors.As(err, &lte) {
				errs.Add(timeField, lte.Error())
			} else {
				errs.Add(timeField, "Enter a time of day in the form HH:MM, like 14:05")
			}
			return time.Time{}
		}
		return t
	}
	for _, a := range []struct{ field, code string }{{"from", seg.From}, {"to", seg.To}} {
		if _, bad := errs[a.field]; !bad && AirportTimeZone(a.code) == nil {
			errs.Add(a.field, "Enter a known airport code, like BHX, DUB or ORD")
		}
	}
	seg.DepartsAt = at(seg.From, "departs", in.DepartsDate, in.DepartsTime)
	seg.ArrivesAt = at(seg.To, "arrives", in.ArrivesDate, in.ArrivesTime)
	if !seg.DepartsAt.IsZero() && !seg.ArrivesAt.IsZero() && !seg.ArrivesAt.After(seg.DepartsAt) {
		errs.Add("arrives_time", "Arrival must be after departure (each in its airport's local time)")
	}
	if !seg.DepartsAt.IsZero() && !seg.ArrivesAt.IsZero() && seg.ArrivesAt.Sub(seg.DepartsAt) > 36*time.Hour {
		errs.Add("arrives_date", "A single flight or train cannot last more than 36 hours: check the dates")
	}
	return errs
}

// UpdateOwnNeeds saves a delegate's own dietary requirements and access needs.
func (s *Store) UpdateOwnNeeds(ctx context.Context, actor *User, delegateID uint, dietary, access string) error {
	d := Delegate{DietaryRequirements: strings.TrimSpace(dietary), AccessNeeds: strings.TrimSpace(access)}
	errs := FieldErrors{}
	if len(d.DietaryRequirements) > 1000 {
		errs.Add("dietary_requirements", "Dietary requirements must be 1000 characters or fewer")
	}
	if len(d.AccessNeeds) > 1000 {
		errs.Add("access_needs", "Access needs must be 1000 characters or fewer")
	}
	if len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.AccessDelegate(ctx, 0, 0, delegateID)
		if err != nil {
			return err
		}
		err = tx.DB(ctx).Model(&Delegate{}).Where("id = ?", delegateID).UpdateColumns(map[string]any{
			"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds, "updated_at": time.Now().UTC(),
		}).Error
		if err != nil {
			return fmt.Errorf("store: update own needs: %w", err)
		}
		return tx.Audit(ctx, actor, "update_needs", "delegate", delegateID, &before.MissionID,
			map[string]string{"dietary_requirements": before.DietaryRequirements, "access_needs": before.AccessNeeds},
			map[string]string{"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds})
	})
}

// OwnTravelSegments lists a delegate's flights and trains in time order.
func (s *Store) OwnTravelSegments(ctx context.Context, delegateID uint) ([]TravelSegment, error) {
	var out []TravelSegment
	err := s.DB(ctx).Where("delegate_id = ?", delegateID).Order("departs_at, id").Find(&out).Error
	return out, notFound(err, "list own travel")
}

// OwnTravelSegment loads one of the delegate's segments; another delegate's is not found.
func (s *Store) OwnTravelSegment(ctx context.Context, delegateID, segmentID uint) (*TravelSegment, error) {
	var seg TravelSegment
	err := s.DB(ctx).Where("id = ? AND delegate_id = ?", segmentID, delegateID).First(&seg).Error
	return &seg, notFound(err, "load own travel segment")
}

// SaveOwnTravelSegment adds (ID 0) or replaces one of the delegate's segments.
func (s *Store) SaveOwnTravelSegment(ctx context.Context, actor *User, delegateID uint, seg *TravelSegment) error {
	seg.DelegateID = delegateID
	seg.DepartsAt, seg.ArrivesAt = seg.DepartsAt.UTC(), seg.ArrivesAt.UTC()
	return s.WithTx(ctx, func(tx *Store) error {
		d, err := tx.AccessDelegate(ctx, 0, 0, delegateID)
		if err != nil {
			return err
		}
		var before any
		if seg.ID != 0 {
			old, err := tx.OwnTravelSegment(ctx, delegateID, seg.ID)
			if err != nil {
				return err
			}
			before, seg.CreatedAt = old, old.CreatedAt
			if err := tx.DB(ctx).Select("*").Omit("created_at").Save(seg).Error; err != nil {
				return fmt.Errorf("store: update own travel segment: %w", err)
			}
		} else if err := tx.DB(ctx).Create(seg).Error; err != nil {
			return fmt.Errorf("store: add own travel segment: %w", err)
		}
		action := "create"
		if before != nil {
			action = "update"
		}
		return tx.Audit(ctx, actor, action, "travel_segment", seg.ID, &d.MissionID, before, seg)
	})
}

// DeleteOwnTravelSegment removes one of the delegate's segments.
func (s *Store) DeleteOwnTravelSegment(ctx context.Context, actor *User, delegateID, segmentID uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		seg, err := tx.OwnTravelSegment(ctx, delegateID, segmentID)
		if err != nil {
			return err
		}
		if err := tx.DB(ctx).Delete(seg).Error; err != nil {
			return fmt.Errorf("store: delete own travel segment: %w", err)
		}
		return tx.Audit(ctx, actor, "delete", "travel_segment", seg.ID, nil, seg, nil)
	})
}
