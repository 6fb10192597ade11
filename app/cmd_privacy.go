package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/privacy"
)

func init() { commands["privacy"] = privacyCommand }

const privacyUsage = `usage:
  missionplanner privacy export --email E -o FILE   everything held about E (.xlsx by the name, else JSON; - for stdout)
  missionplanner privacy erase --email E --yes      erase E everywhere (cannot be undone)
  missionplanner privacy purge                      run the retention job now`

// privacyCommand answers subject access and erasure requests and runs the retention job.
func privacyCommand(ctx context.Context, env CommandEnv, args []string) error {
	if len(args) == 0 {
		return errors.New(privacyUsage)
	}
	svc := privacy.New(env.Store)
	fs := flag.NewFlagSet("privacy "+args[0], flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	email := fs.String("email", "", "the person's email address")
	out := fs.String("o", "", "the file to write, or - for standard output (export)")
	yes := fs.Bool("yes", false, "confirm the erasure (erase)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	now := time.Now()
	switch args[0] {
	case "export":
		if *email == "" || *out == "" {
			return errors.New(privacyUsage)
		}
		e, err := svc.Export(ctx, *email, now)
		if err != nil {
			return err
		}
		write := e.WriteJSON
		format := "json"
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			write, format = e.WriteXLSX, "xlsx"
		}
		if *out == "-" {
			err = write(env.Stdout)
		} else {
			err = writeFileAtomically(*out, write) // owner-only: it holds personal data
		}
		if err != nil {
			return fmt.Errorf("privacy export: %w", err)
		}
		if err := svc.RecordExport(ctx, nil, e, format); err != nil {
			return err
		}
		env.Log.Info("privacy export written", "rows", e.Count(), "tables", len(e.Tables), "path", *out)
		return nil
	case "erase":
		if *email == "" {
			return errors.New(privacyUsage)
		}
		if !*yes {
			return errors.New("privacy erase cannot be undone: add --yes to confirm")
		}
		res, err := svc.Erase(ctx, nil, *email, now)
		if err != nil {
			return err
		}
		if !res.Found {
			return errors.New("privacy erase: no record holds that address; nothing was changed")
		}
		return printChanges(env.Stdout, res.Changes)
	case "purge":
		done, err := svc.Purge(ctx, now)
		for _, r := range done {
			fmt.Fprintf(env.Stdout, "mission %d: removed %s (%d delegates, %d travel segments, %d audit events)\n", r.MissionID, r.Kind, r.Delegates, r.Segments, r.Audit)
		}
		if err == nil && len(done) == 0 {
			fmt.Fprintln(env.Stdout, "nothing is due for removal")
		}
		return err
	}
	return errors.New(privacyUsage)
}

func printChanges(w io.Writer, changes map[string]int) error {
	tables := make([]string, 0, len(changes))
	for t := range changes {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		if _, err := fmt.Fprintf(w, "%s: %d\n", t, changes[t]); err != nil {
			return err
		}
	}
	return nil
}
