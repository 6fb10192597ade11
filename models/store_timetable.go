package models

import "context"

// CheckMission loads mission id's book and checks its whole timetable (see CheckTimetable).
func (s *Store) CheckMission(ctx context.Context, id uint) (*MissionBook, []Breach, error) {
	m, err := s.Mission(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	book, err := s.LoadMissionBook(ctx, m)
	if err != nil {
		return nil, nil, err
	}
	return book, book.CheckTimetable(), nil
}
