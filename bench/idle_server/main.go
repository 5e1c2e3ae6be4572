// Command idle_server serves a pgway configuration in-process, as
// `pgway serve --config FILE` does, and on each SIGUSR1 writes a heap
// profile and one line of Go memory statistics. bench/duckdb_idle.sh uses it
// to show which allocations make up the memory of idle sessions. Memory that
// C code allocates, such as DuckDB's, is in the process's RSS but not in the
// Go heap or its profile.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"

	"pgway/config"
	"pgway/proxy"
	// Linked for the duckdb and carto_dw providers, as in cmd/pgway.
	_ "pgway/providers/duckdb"
)

func main() {
	configPath := flag.String("config", "", "serve the configuration in `FILE` (required)")
	profilePrefix := flag.String("profile", "heap", "write the Nth heap profile to `PREFIX`-N.pprof")
	flag.Parse()
	// Sample one allocation per 4 KiB allocated instead of per 512 KiB, so
	// that the profile resolves allocations of a few KiB per session.
	runtime.MemProfileRate = 4096
	if *configPath == "" {
		fmt.Fprintln(os.Stderr, "idle_server: -config is required")
		os.Exit(2)
	}
	cfg, problems := config.LoadAndValidate(*configPath)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, p)
		}
		os.Exit(1)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	requests := make(chan os.Signal, 1)
	signal.Notify(requests, syscall.SIGUSR1)
	go writeProfiles(ctx, requests, *profilePrefix)

	if err := proxy.Run(ctx, cfg, logger, nil); err != nil {
		fmt.Fprintf(os.Stderr, "idle_server: %v\n", err)
		os.Exit(1)
	}
}

// writeProfiles writes a heap profile and the Go memory statistics after a
// garbage collection for each signal on requests.
func writeProfiles(ctx context.Context, requests <-chan os.Signal, prefix string) {
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-requests:
		}
		runtime.GC()
		path := fmt.Sprintf("%s-%d.pprof", prefix, n)
		if err := writeHeapProfile(path); err != nil {
			fmt.Fprintf(os.Stderr, "idle_server: %v\n", err)
			continue
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fmt.Printf("profile=%s heap_inuse_kib=%d stack_inuse_kib=%d go_sys_kib=%d goroutines=%d\n",
			path, m.HeapInuse/1024, m.StackInuse/1024, m.Sys/1024, runtime.NumGoroutine())
	}
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create heap profile: %w", err)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("write heap profile %s: %w", path, err)
	}
	return f.Close()
}
