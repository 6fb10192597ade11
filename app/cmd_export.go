package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/workbooks"
)

func init() { commands["export"] = exportCommand }

const exportUsage = "usage: missionplanner export schedule|itinerary|itineraries --mission ID [--registration RID] -o PATH"

// exportCommand writes the master schedule, one firm's itinerary or the zip of every itinerary to a
// file ("-o -" for standard output), the same workbooks the web pages offer.
func exportCommand(ctx context.Context, env CommandEnv, args []string) error {
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		return errors.New(exportUsage)
	}
	what := args[0]
	fs := flag.NewFlagSet("export "+what, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	missionID := fs.Uint("mission", 0, "the mission's id")
	registrationID := fs.Uint("registration", 0, "the registration's id (itinerary only)")
	out := fs.String("o", "", "the file to write, or - for standard output")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *missionID == 0 || *out == "" {
		return errors.New(exportUsage)
	}
	var write func(io.Writer) error
	switch what {
	case "schedule":
		src, err := env.Store.MissionItinerarySource(ctx, *missionID)
		if err != nil {
			return fmt.Errorf("export schedule: mission %d: %w", *missionID, err)
		}
		write = func(w io.Writer) error { return exports.WriteSchedule(w, workbooks.Schedule(src)) }
	case "itinerary":
		if *registrationID == 0 {
			return errors.New("export itinerary: --registration is required")
		}
		it, err := env.Store.RegistrationItinerary(ctx, *missionID, *registrationID)
		if err != nil {
			return fmt.Errorf("export itinerary: registration %d of mission %d: %w", *registrationID, *missionID, err)
		}
		write = func(w io.Writer) error { return exports.WriteItinerary(w, workbooks.Itinerary(it)) }
	case "itineraries":
		src, err := env.Store.MissionItinerarySource(ctx, *missionID)
		if err != nil {
			return fmt.Errorf("export itineraries: mission %d: %w", *missionID, err)
		}
		write = func(w io.Writer) error { return workbooks.WriteItineraries(w, src, time.Now()) }
	default:
		return fmt.Errorf("export: unknown export %q; %s", what, exportUsage)
	}
	if *out == "-" {
		return write(env.Stdout)
	}
	if err := writeFileAtomically(*out, write); err != nil {
		return fmt.Errorf("export %s: %w", what, err)
	}
	env.Log.Info("export written", "what", what, "path", *out)
	return nil
}

// writeFileAtomically writes to a temporary file beside path and renames it into place, so a failed
// export never leaves half a workbook behind.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
