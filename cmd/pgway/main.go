// Command pgway is a gateway that speaks the PostgreSQL wire protocol to
// clients and runs their SQL on a data warehouse.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

const usage = `Usage: pgway <command> [flags]

Commands:
  serve [--config FILE]       serve clients; without --config, serve the demo
                              warehouse carto_dw to the user demo
  check-config --config FILE  print every problem in a configuration file
  hash-password               read a password line from standard input and print
                              its SCRAM-SHA-256 verifier for scram_sha_256
  token create --name NAME    create an API access token and print the lines
                              to add to tokens in the configuration
  version                     print the version
  help                        print this help
`

// streams are the standard input and outputs of one run of the command.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func main() {
	os.Exit(run(os.Args[1:], streams{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
}

// run executes the command line args and returns the exit status: 0 on
// success, 1 when the command fails, 2 for a usage error.
func run(args []string, s streams) int {
	if len(args) == 0 {
		fmt.Fprint(s.err, usage)
		return 2
	}
	command, rest := args[0], args[1:]
	switch command {
	case "serve":
		return runServe(rest, s)
	case "check-config":
		return runCheckConfig(rest, s)
	case "hash-password":
		return runHashPassword(rest, s)
	case "token":
		return runToken(rest, s)
	case "version":
		return runVersion(rest, s)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(s.out, usage)
		return 0
	}
	fmt.Fprintf(s.err, "pgway: unknown command %q\n\n%s", command, usage)
	return 2
}

// newFlagSet returns a flag set for the subcommand name whose usage line
// shows synopsis.
func newFlagSet(name, synopsis string, s streams) *flag.FlagSet {
	fs := flag.NewFlagSet("pgway "+name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: pgway %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and rejects positional arguments. When the
// command should not go on, it returns false and the exit status: 0 after
// printing the help that -h asked for, 2 after a usage error.
func parseFlags(fs *flag.FlagSet, args []string, s streams) (int, bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(s.err)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(s.out)
		fs.Usage()
		return 0, false
	case err != nil:
		fmt.Fprintf(s.err, "%s: %v\n", fs.Name(), err)
		fs.Usage()
		return 2, false
	case fs.NArg() > 0:
		fmt.Fprintf(s.err, "%s: unexpected arguments: %s\n", fs.Name(),
			strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2, false
	}
	return 0, true
}
