// Command wrapup compiles an archive of maintenance-window wrap-ups into a
// static intranet site. See README.md.
package main

import (
	"os"

	"github.com/wrapup/wrapup/generator/cli"
	"github.com/wrapup/wrapup/internal/memlimit"
)

func main() {
	// Memory freed by the collector goes back to the system promptly, and
	// the heap is collected a little before GOGC would (see memlimit).
	stop := memlimit.Follow()
	code := cli.Run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
