package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/missionplanner/missionplanner/models"
)

func init() { commands["check"] = checkCommand }

// ErrTimetableBroken is what check returns when it finds problems, so the program exits 1.
var ErrTimetableBroken = errors.New("the timetable breaks a rule")

// checkCommand prints every scheduled meeting and programme item of a mission that breaks a rule
// (the whole-timetable check) and fails when there is any.
//
//	missionplanner check --mission ID
func checkCommand(ctx context.Context, env CommandEnv, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	missionID := fs.Uint("mission", 0, "the mission's id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *missionID == 0 {
		return errors.New("check: give the mission with --mission ID")
	}
	book, breaches, err := env.Store.CheckMission(ctx, *missionID)
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("check: no mission %d", *missionID)
	}
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	m := book.Mission
	zone, home := m.Zone(), m.HomeZone()
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "%s: %d scheduled meeting(s) or programme item(s) break a rule\n", m.Name, len(breaches))
	if len(breaches) > 0 {
		fmt.Fprintf(w, "\nITEM\tWHEN (%s)\tUK\tWHAT\tRULES BROKEN\n", m.DestinationCity)
		for _, b := range breaches {
			item := fmt.Sprintf("meeting %d", b.MeetingID)
			if b.MeetingID == 0 {
				item = fmt.Sprintf("programme %d", b.ProgrammeItemID)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", item, models.FormatDay(b.Span.Start, zone)+" "+models.FormatClock(b.Span.Start, zone)+"–"+models.FormatClock(b.Span.End, zone),
				models.FormatDay(b.Span.Start, home)+" "+models.FormatClock(b.Span.Start, home), b.Label, strings.Join(b.Messages(), "; "))
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if len(breaches) > 0 {
		return ErrTimetableBroken
	}
	return nil
}
