package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// victimQuery is recognizable in pg_stat_activity by its comment.
const victimQuery = "select pg_sleep(60) /* pgway drill victim */"

// runTerminate terminates the upstream backend of one session while its
// query runs. The client of that session must get 57P01 or 08006, and the
// other sessions and a new one must keep working.
func runTerminate(args []string) error {
	fs := flag.NewFlagSet("terminate", flag.ExitOnError)
	dsn := fs.String("dsn", "", "connection string of a pgway connection")
	admin := fs.String("admin", "", "connection string of a superuser on the upstream")
	others := fs.Int("others", 4, "sessions that must survive")
	fs.Parse(args)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	survivors := make([]*pgx.Conn, 0, *others)
	defer func() {
		for _, c := range survivors {
			c.Close(context.Background())
		}
	}()
	for i := range *others {
		conn, err := pgx.Connect(ctx, *dsn)
		if err != nil {
			return fmt.Errorf("open session %d through pgway: %w", i, err)
		}
		survivors = append(survivors, conn)
	}
	victim, err := pgx.Connect(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("open the victim session through pgway: %w", err)
	}
	defer victim.Close(context.Background())

	queryErr := make(chan error, 1)
	go func() {
		_, err := victim.Exec(ctx, victimQuery)
		queryErr <- err
	}()

	if err := terminateVictim(ctx, *admin); err != nil {
		return err
	}
	select {
	case err = <-queryErr:
	case <-ctx.Done():
		return fmt.Errorf("the victim's query did not end after its backend was terminated")
	}
	code := sqlState(err)
	fmt.Printf("victim query error: %v (SQLSTATE %q)\n", err, code)
	if code != "57P01" && code != "08006" {
		return fmt.Errorf("victim got SQLSTATE %q, want 57P01 or 08006 (error: %v)", code, err)
	}

	for i, conn := range survivors {
		var n int
		if err := conn.QueryRow(ctx, "select 1").Scan(&n); err != nil {
			return fmt.Errorf("session %d failed after another session's backend was terminated: %w", i, err)
		}
	}
	fresh, err := pgx.Connect(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("new session after the termination: %w", err)
	}
	defer fresh.Close(context.Background())
	if _, err := fresh.Exec(ctx, "select 1"); err != nil {
		return fmt.Errorf("query in a new session after the termination: %w", err)
	}
	fmt.Printf("ok: %d other sessions and a new session work\n", len(survivors))
	return nil
}

// terminateVictim waits until the victim's query runs upstream, then
// terminates its backend with pg_terminate_backend.
func terminateVictim(ctx context.Context, adminDSN string) error {
	admin, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		return fmt.Errorf("connect to the upstream as superuser: %w", err)
	}
	defer admin.Close(context.Background())

	for range 100 {
		// The pid is looked up first, so pg_terminate_backend never runs
		// for a row that the planner has not yet filtered out.
		var pid int32
		err := admin.QueryRow(ctx, "select pid from pg_stat_activity where query = $1", victimQuery).Scan(&pid)
		if errors.Is(err, pgx.ErrNoRows) {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if err != nil {
			return fmt.Errorf("find the victim's backend: %w", err)
		}
		var terminated bool
		if err := admin.QueryRow(ctx, "select pg_terminate_backend($1)", pid).Scan(&terminated); err != nil {
			return fmt.Errorf("terminate the victim's backend: %w", err)
		}
		if !terminated {
			return fmt.Errorf("pg_terminate_backend(%d) returned false", pid)
		}
		fmt.Printf("terminated upstream backend %d\n", pid)
		return nil
	}
	return fmt.Errorf("the victim's query never appeared in pg_stat_activity")
}
