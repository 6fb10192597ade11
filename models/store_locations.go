package models

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm/clause"
)

// Locations lists a mission's locations by city and name.
func (s *Store) Locations(ctx context.Context, missionID uint) ([]Location, error) {
	var out []Location
	err := s.DB(ctx).Where("mission_id = ?", missionID).Order("city, name, id").Find(&out).Error
	return out, notFound(err, "list locations")
}

// LocationsPage is one page of a mission's locations, by city and name, and how many there are.
func (s *Store) LocationsPage(ctx context.Context, missionID uint, p Page) ([]Location, int64, error) {
	p = p.Normalise()
	var total int64
	if err := s.DB(ctx).Model(&Location{}).Where("mission_id = ?", missionID).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count locations: %w", err)
	}
	var out []Location
	err := s.DB(ctx).Where("mission_id = ?", missionID).Order("city, name, id").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, notFound(err, "list locations")
}

// Location loads one location of a mission.
func (s *Store) Location(ctx context.Context, missionID, id uint) (*Location, error) {
	var l Location
	err := s.DB(ctx).Where("mission_id = ?", missionID).First(&l, id).Error
	return &l, notFound(err, "load location")
}

func (s *Store) checkLocationContact(ctx context.Context, l *Location, errs FieldErrors) error {
	if l.ContactID == nil {
		return nil
	}
	if _, err := s.Contact(ctx, *l.ContactID); errors.Is(err, ErrNotFound) {
		errs.Add("contact_id", "Select a contact from the list")
	} else if err != nil {
		return err
	}
	return nil
}

// SaveLocation validates and creates (ID 0) or updates a location of the mission.
func (s *Store) SaveLocation(ctx context.Context, actor *User, l *Location) error {
	l.trim()
	errs := l.Validate()
	if err := s.checkLocationContact(ctx, l, errs); err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		// A location's city decides travel time, and a contact's linked location is where their
		// meetings are held: a change can break meetings.
		_, unschedule, err := tx.guardTimetable(ctx, l.MissionID, func(b *MissionBook) { b.putLocation(*l) })
		if err != nil {
			return err
		}
		if l.ID == 0 {
			if err := tx.DB(ctx).Create(l).Error; err != nil {
				return fmt.Errorf("store: create location: %w", err)
			}
			if err := tx.Audit(ctx, actor, "create", "location", l.ID, &l.MissionID, nil, l); err != nil {
				return err
			}
			return tx.UnscheduleMeetings(ctx, actor, l.MissionID, unschedule, false, "the location "+l.Name+" was added")
		}
		before, err := tx.Location(ctx, l.MissionID, l.ID)
		if err != nil {
			return err
		}
		l.CreatedAt = before.CreatedAt
		if err := tx.DB(ctx).Select("*").Omit("created_at").Save(l).Error; err != nil {
			return fmt.Errorf("store: update location %d: %w", l.ID, err)
		}
		if err := tx.Audit(ctx, actor, "update", "location", l.ID, &l.MissionID, before, l); err != nil {
			return err
		}
		return tx.UnscheduleMeetings(ctx, actor, l.MissionID, unschedule, false, "the location "+l.Name+" changed")
	})
}

// TravelTimes lists a mission's city-pair travel times.
func (s *Store) TravelTimes(ctx context.Context, missionID uint) ([]MissionTravelTime, error) {
	var out []MissionTravelTime
	err := s.DB(ctx).Where("mission_id = ?", missionID).Order("city_a, city_b").Find(&out).Error
	return out, notFound(err, "list travel times")
}

// SetTravelTime records the travel time between two cities for a mission, replacing any earlier
// one for the same pair (in either order).
func (s *Store) SetTravelTime(ctx context.Context, actor *User, missionID uint, cityA, cityB string, minutes int) error {
	cityA, cityB = strings.TrimSpace(cityA), strings.TrimSpace(cityB)
	errs := FieldErrors{}
	if cityA == "" {
		errs.Add("city_a", "Enter the first city")
	}
	if cityB == "" {
		errs.Add("city_b", "Enter the second city")
	}
	if cityA != "" && strings.EqualFold(cityA, cityB) {
		errs.Add("city_b", "Enter two different cities: within a city the buffer between meetings applies")
	}
	if minutes < 0 || minutes > 1440 {
		errs.Add("minutes", "Travel minutes must be between 0 and 1440")
	}
	if len(errs) > 0 {
		return errs
	}
	if strings.ToLower(cityB) < strings.ToLower(cityA) {
		cityA, cityB = cityB, cityA
	}
	return s.WithTx(ctx, func(tx *Store) error {
		_, unschedule, err := tx.guardTimetable(ctx, missionID, func(b *MissionBook) {
			kept := b.TravelTimes[:0:0]
			for _, t := range b.TravelTimes {
				if CityPairKey(t.CityA, t.CityB) != CityPairKey(cityA, cityB) {
					kept = append(kept, t)
				}
			}
			b.TravelTimes = append(kept, MissionTravelTime{MissionID: missionID, CityA: cityA, CityB: cityB, Minutes: minutes})
		})
		if err != nil {
			return err
		}
		del := tx.DB(ctx).Where("mission_id = ? AND ((LOWER(city_a) = ? AND LOWER(city_b) = ?) OR (LOWER(city_a) = ? AND LOWER(city_b) = ?))",
			missionID, strings.ToLower(cityA), strings.ToLower(cityB), strings.ToLower(cityB), strings.ToLower(cityA)).Delete(&MissionTravelTime{})
		if del.Error != nil {
			return fmt.Errorf("store: replace travel time: %w", del.Error)
		}
		tt := MissionTravelTime{MissionID: missionID, CityA: cityA, CityB: cityB, Minutes: minutes}
		if err := tx.DB(ctx).Create(&tt).Error; err != nil {
			return fmt.Errorf("store: save travel time: %w", err)
		}
		if err := tx.Audit(ctx, actor, "set", "travel_time", tt.ID, &missionID, nil, tt); err != nil {
			return err
		}
		return tx.UnscheduleMeetings(ctx, actor, missionID, unschedule, false, fmt.Sprintf("the travel time between %s and %s became %d minutes", cityA, cityB, minutes))
	})
}

// DeleteTravelTime removes one city pair of a mission.
func (s *Store) DeleteTravelTime(ctx context.Context, actor *User, missionID, id uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		// Without its own travel time a pair of cities takes the default, which may be longer.
		var before MissionTravelTime
		_, unschedule, err := tx.guardTimetable(ctx, missionID, withoutTravelTime(id, &before))
		if err != nil {
			return err
		}
		res := tx.DB(ctx).Where("mission_id = ?", missionID).Delete(&MissionTravelTime{}, id)
		if res.Error != nil {
			return fmt.Errorf("store: delete travel time %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := tx.Audit(ctx, actor, "delete", "travel_time", id, &missionID, before, nil); err != nil {
			return err
		}
		return tx.UnscheduleMeetings(ctx, actor, missionID, unschedule, false, "the travel time between "+before.CityA+" and "+before.CityB+" was removed")
	})
}

// SetTravelRules changes the mission's buffer within a city and its default travel time between cities.
func (s *Store) SetTravelRules(ctx context.Context, actor *User, missionID uint, bufferMinutes, defaultMinutes int) error {
	errs := FieldErrors{}
	if bufferMinutes < 0 || bufferMinutes > 240 {
		errs.Add("same_city_buffer_minutes", "The buffer must be between 0 and 240 minutes")
	}
	if defaultMinutes < 0 || defaultMinutes > 1440 {
		errs.Add("default_travel_minutes", "The travel time must be between 0 and 1440 minutes")
	}
	if len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		_, unschedule, err := tx.guardTimetable(ctx, missionID, func(b *MissionBook) {
			cp := *b.Mission
			cp.SameCityBufferMinutes, cp.DefaultTravelMinutes = bufferMinutes, defaultMinutes
			b.Mission = &cp
		})
		if err != nil {
			return err
		}
		res := tx.DB(ctx).Model(&Mission{}).Where("id = ?", missionID).Updates(map[string]any{
			"same_city_buffer_minutes": bufferMinutes, "default_travel_minutes": defaultMinutes})
		if res.Error != nil {
			return fmt.Errorf("store: set travel rules of mission %d: %w", missionID, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := tx.Audit(ctx, actor, "set_travel_rules", "mission", missionID, &missionID, nil,
			map[string]int{"same_city_buffer_minutes": bufferMinutes, "default_travel_minutes": defaultMinutes}); err != nil {
			return err
		}
		return tx.UnscheduleMeetings(ctx, actor, missionID, unschedule, false, "the mission's travel rules changed")
	})
}

// DeleteLocation removes a location of the mission. It is refused with a *ConflictError while a
// scheduled meeting or a programme item uses it; requests and cancelled meetings that named it fall
// back to the contact's office (the foreign key sets their location to null). The location's row is
// locked first, so a meeting or programme item saved at the same moment is either seen here or
// refused by the foreign key.
func (s *Store) DeleteLocation(ctx context.Context, actor *User, missionID, id uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var l Location
		err := tx.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Where("mission_id = ?", missionID).First(&l, id).Error
		if err != nil {
			return notFound(err, "load location")
		}
		var meetings, items int64
		if err := tx.DB(ctx).Model(&Meeting{}).Where("location_id = ? AND status = 'scheduled'", id).Count(&meetings).Error; err != nil {
			return fmt.Errorf("store: count meetings at location %d: %w", id, err)
		}
		if err := tx.DB(ctx).Model(&ProgrammeItem{}).Where("location_id = ?", id).Count(&items).Error; err != nil {
			return fmt.Errorf("store: count programme items at location %d: %w", id, err)
		}
		if meetings > 0 || items > 0 {
			var uses []string
			if meetings > 0 {
				uses = append(uses, plural(meetings, "scheduled meeting", "scheduled meetings"))
			}
			if items > 0 {
				uses = append(uses, plural(items, "programme item", "programme items"))
			}
			return Conflict("location", fmt.Sprintf("%s cannot be removed: %s %s it. Move or cancel them first",
				l.Name, strings.Join(uses, " and "), map[bool]string{true: "uses", false: "use"}[meetings+items == 1]))
		}
		if err := tx.DB(ctx).Delete(&Location{}, id).Error; err != nil {
			return fmt.Errorf("store: delete location %d: %w", id, err)
		}
		return tx.Audit(ctx, actor, "delete", "location", id, &missionID, l, nil)
	})
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
