package main

import (
	"context"
	"flag"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// runChurn has many clients connect, run select 1 and disconnect in a loop
// for a fixed time. Any failed connection or query fails the drill.
func runChurn(args []string) error {
	fs := flag.NewFlagSet("churn", flag.ExitOnError)
	dsn := fs.String("dsn", "", "connection string of a pgway connection")
	clients := fs.Int("clients", 1000, "clients looping at once")
	duration := fs.Duration("duration", 20*time.Second, "how long the clients loop")
	fs.Parse(args)

	cfg, err := pgx.ParseConfig(*dsn)
	if err != nil {
		return fmt.Errorf("parse -dsn: %w", err)
	}
	var sessions, failures atomic.Int64
	var firstErr atomic.Pointer[error]
	start := time.Now()
	deadline := start.Add(*duration)

	var wg sync.WaitGroup
	for i := range *clients {
		// Starts are spread over the first second, so the drill measures
		// a steady churn rather than one burst of SYNs.
		delay := time.Duration(i) * time.Second / time.Duration(*clients)
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(delay)
			for time.Now().Before(deadline) {
				if err := openQueryClose(cfg); err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, &err)
					return
				}
				sessions.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	fmt.Printf("clients=%d seconds=%.1f sessions=%d per_second=%.0f failures=%d\n",
		*clients, elapsed.Seconds(), sessions.Load(),
		float64(sessions.Load())/elapsed.Seconds(), failures.Load())
	if p := firstErr.Load(); p != nil {
		return fmt.Errorf("%d clients failed, the first with: %w", failures.Load(), *p)
	}
	return nil
}

func openQueryClose(cfg *pgx.ConnConfig) error {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "select 1"); err != nil {
		return fmt.Errorf("select 1: %w", err)
	}
	return nil
}
