// Command drill runs the fault and load drills of bench/drills.sh against a
// running pgway. Each subcommand prints what it saw and exits 1 with a
// message when the drill fails.
//
//	drill terminate   -dsn PGWAY_DSN -admin UPSTREAM_DSN [-others 4]
//	drill unreachable -dsn PGWAY_DSN -refused DB -silent DB -silent-listen ADDR -connect-timeout D
//	drill churn       -dsn PGWAY_DSN [-clients 1000] [-duration 20s]
package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: drill terminate|unreachable|churn [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "terminate":
		err = runTerminate(os.Args[2:])
	case "unreachable":
		err = runUnreachable(os.Args[2:])
	case "churn":
		err = runChurn(os.Args[2:])
	default:
		fmt.Fprintf(os.Stderr, "drill: unknown subcommand %q\n", os.Args[1])
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: drill %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// sqlState returns the SQLSTATE of err, or "" when the server sent none.
func sqlState(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

func hint(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Hint
	}
	return ""
}

func ms(d time.Duration) string {
	return d.Round(time.Millisecond).String()
}
