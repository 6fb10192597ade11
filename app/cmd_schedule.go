package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/scheduler"
)

func init() { commands["schedule"] = scheduleCommand }

// scheduleCommand runs the scheduler over a mission's meeting requests and prints the proposal
// and the reasons for what it could not place; with --publish it saves the proposal.
//
//	missionplanner schedule --mission ID [--publish]
func scheduleCommand(ctx context.Context, env CommandEnv, args []string) error {
	fs := flag.NewFlagSet("schedule", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	missionID := fs.Uint("mission", 0, "the mission's id")
	publish := fs.Bool("publish", false, "save the proposal: the placed meetings become scheduled")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *missionID == 0 {
		return errors.New("schedule: give the mission with --mission ID")
	}
	m, err := env.Store.Mission(ctx, *missionID)
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("schedule: no mission %d", *missionID)
	}
	if err != nil {
		return err
	}
	var p *scheduler.Proposal
	if *publish {
		p, err = scheduler.Publish(ctx, env.Store, nil, m.ID, "")
	} else {
		p, err = scheduler.Propose(ctx, env.Store, m)
	}
	if err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	zone, home := m.Zone(), m.HomeZone()
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "%s: %d request(s), %d placed, %d unplaced\n", m.Name, len(p.Requests), len(p.Result.Placed), len(p.Result.Unplaced))
	res := p.Result
	fmt.Fprintf(w, "At most %d could be placed by any timetable. Meetings per firm: fewest %d, median %d, most %d.\n", res.Bound, res.Fewest, res.Median, res.Most)
	for _, id := range res.BelowMinimum {
		fmt.Fprintf(w, "Below the minimum of %d meetings: %s\n", m.MinMeetingsPerFirm, p.Book.FirmName(id))
	}
	fmt.Fprintln(w)
	if len(p.Result.Placed) > 0 {
		fmt.Fprintf(w, "PLACED\tWHEN (%s)\tUK\tMEETING\n", m.DestinationCity)
		for _, pl := range p.Result.Placed {
			mt := p.Requests[pl.RequestID]
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", pl.RequestID, models.FormatDay(pl.Span.Start, zone)+" "+models.FormatClock(pl.Span.Start, zone)+"–"+models.FormatClock(pl.Span.End, zone),
				models.FormatClock(pl.Span.Start, home), p.Book.Label(mt.RegistrationID, mt.ContactID))
		}
		fmt.Fprintln(w)
	}
	if len(p.Result.Unplaced) > 0 {
		fmt.Fprintln(w, "UNPLACED\tCODE\tREASON")
		for _, u := range p.Result.Unplaced {
			fmt.Fprintf(w, "%d\t%s\t%s\n", u.RequestID, u.Code, u.Reason)
		}
		fmt.Fprintln(w)
	}
	if *publish {
		fmt.Fprintf(w, "Published: %d meeting(s) are now scheduled.\n", len(p.Result.Placed))
	} else {
		fmt.Fprintln(w, "Nothing was saved. Run again with --publish to schedule the placed meetings.")
	}
	return w.Flush()
}
