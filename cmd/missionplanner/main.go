// Command missionplanner runs the trade mission planner: the web application and its tools.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the binary carries its own time zone data (America/Chicago, Europe/London…)

	"github.com/missionplanner/missionplanner/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := app.Run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "missionplanner:", err)
		os.Exit(1)
	}
}
