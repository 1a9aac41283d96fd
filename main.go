// Command wrapup compiles an archive of maintenance-window wrap-ups into a
// static intranet site. See README.md.
package main

import (
	"os"

	"github.com/wrapup/wrapup/generator/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
