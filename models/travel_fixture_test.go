package models

import (
	"syscall"
	"time"
)

// The test missions' places and travel (the scheduler's tests, in package scheduler, use the same).
var (
	genPlaces = []Place{
		{1, "Consulate", "Chicago"}, {2, "Willis Tower", "Chicago"}, {3, "Merchandise Mart", "Chicago"},
		{4, "1871 Hub", "Chicago"}, {5, "Fulton Market", "Chicago"}, {6, "West Loop", "Chicago"},
		{7, "Woodfield", "Schaumburg"}, {8, "Zurich Campus", "Schaumburg"}, {9, "EIGERlab", "Rockford"},
	}
	genTravel = TravelRules{Between: map[string]time.Duration{
		CityPairKey("Chicago", "Rockford"):   90 * time.Minute,
		CityPairKey("Chicago", "Schaumburg"): 45 * time.Minute,
	}}
)

func chicago() *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic(err)
	}
	return loc
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
