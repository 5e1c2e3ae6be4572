// Command connrate opens and closes connections with pgx from several
// workers for a fixed time and prints how many connections per second
// completed the startup (TLS, authentication, ReadyForQuery).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

func main() {
	dsn := flag.String("dsn", "", "libpq connection string (required)")
	workers := flag.Int("workers", 4, "connections opened at once")
	duration := flag.Duration("duration", 10*time.Second, "how long to keep connecting")
	flag.Parse()
	if *dsn == "" || *workers < 1 {
		fmt.Fprintln(os.Stderr, "connrate: -dsn is required and -workers must be at least 1")
		os.Exit(2)
	}
	if err := run(*dsn, *workers, *duration); err != nil {
		fmt.Fprintf(os.Stderr, "connrate: %v\n", err)
		os.Exit(1)
	}
}

func run(dsn string, workers int, duration time.Duration) error {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("parse -dsn: %w", err)
	}
	var opened, failed atomic.Int64
	var connectNanos atomic.Int64
	var firstErr atomic.Pointer[error]
	deadline := time.Now().Add(duration)

	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				t0 := time.Now()
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				conn, err := pgx.ConnectConfig(ctx, cfg)
				if err != nil {
					cancel()
					failed.Add(1)
					firstErr.CompareAndSwap(nil, &err)
					continue
				}
				connectNanos.Add(int64(time.Since(t0)))
				conn.Close(ctx)
				cancel()
				opened.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	n := opened.Load()
	meanMs := 0.0
	if n > 0 {
		meanMs = float64(connectNanos.Load()) / float64(n) / 1e6
	}
	fmt.Printf("workers=%d seconds=%.1f connections=%d failed=%d per_second=%.0f mean_connect_ms=%.2f\n",
		workers, elapsed.Seconds(), n, failed.Load(), float64(n)/elapsed.Seconds(), meanMs)
	if p := firstErr.Load(); p != nil {
		return fmt.Errorf("%d connections failed, the first with: %w", failed.Load(), *p)
	}
	return nil
}
