// Command idle opens many sessions, prints "open" when all of them are
// authenticated and idle, keeps them open for a fixed time and closes them.
// bench/idle.sh reads the server's memory while the sessions are held.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func main() {
	dsn := flag.String("dsn", "", "libpq connection string (required)")
	sessions := flag.Int("sessions", 1000, "sessions to open")
	hold := flag.Duration("hold", 5*time.Second, "how long to keep the sessions open")
	flag.Parse()
	if *dsn == "" {
		fmt.Fprintln(os.Stderr, "idle: -dsn is required")
		os.Exit(2)
	}
	if err := run(*dsn, *sessions, *hold); err != nil {
		fmt.Fprintf(os.Stderr, "idle: %v\n", err)
		os.Exit(1)
	}
}

func run(dsn string, sessions int, hold time.Duration) error {
	ctx := context.Background()
	conns := make([]*pgconn.PgConn, 0, sessions)
	defer func() {
		for _, c := range conns {
			c.Close(ctx)
		}
	}()
	for i := range sessions {
		connectCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
		conn, err := pgconn.Connect(connectCtx, dsn)
		cancel()
		if err != nil {
			return fmt.Errorf("open session %d: %w", i, err)
		}
		conns = append(conns, conn)
	}
	fmt.Printf("open %d\n", len(conns))
	time.Sleep(hold)
	return nil
}
