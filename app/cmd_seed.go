package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"
)

func init() { commands["seed"] = seedCommand }

// seedCommand builds a large, realistic mission for trying the application at scale (issue 8).
//
//	missionplanner seed --firms 300 --contacts 1500 --meetings 6000 [--mission ID]
func seedCommand(ctx context.Context, env CommandEnv, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var o SeedOptions
	fs.IntVar(&o.Firms, "firms", 300, "how many firms to register (each going, with delegates and flights)")
	fs.IntVar(&o.Contacts, "contacts", 1500, "how many contacts to add to the directory")
	fs.IntVar(&o.Meetings, "meetings", 6000, "how many scheduled meetings to book between them")
	fs.UintVar(&o.MissionID, "mission", 0, "add to this mission instead of creating a new one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Firms < 1 || o.Contacts < 1 || o.Meetings < 0 {
		return errors.New("seed: --firms and --contacts must be at least 1, --meetings at least 0")
	}
	start := time.Now()
	o.Progress = func(step string, done, total int) {
		fmt.Fprintf(env.Stderr, "seed: %-22s %6d/%-6d %6.1fs\n", step, done, total, time.Since(start).Seconds())
	}
	res, err := Seed(ctx, env.Store, o)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(env.Stdout, "Mission %d %q: %d firms, %d delegates, %d contacts, %d meetings scheduled, in %.1fs\n",
		res.Mission.ID, res.Mission.Name, res.Firms, res.Delegates, res.Contacts, res.Meetings, time.Since(start).Seconds())
	fmt.Fprintf(env.Stdout, "A delegate can sign in at /login as %s with the password %s\n", res.DelegateEmail, res.DelegatePassword)
	return nil
}
