package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"pgway/config"
	"pgway/proxy"
	// Linked for the bigquery provider.
	_ "pgway/providers/bigquery"
	// Linked for the duckdb and carto_dw providers.
	_ "pgway/providers/duckdb"
	// Linked for the snowflake provider.
	_ "pgway/providers/snowflake"
)

func runServe(args []string, s streams) int {
	fs := newFlagSet("serve", "[--config FILE] [--listen HOST:PORT]", s)
	configPath := fs.String("config", "", "read the configuration from `FILE` "+
		"(default: built-in defaults with the demo user and the carto_dw demo warehouse)")
	listen := fs.String("listen", "", "accept clients on `HOST:PORT` in place of the configuration's listen "+
		"(default 127.0.0.1:5433 without --config)")
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}

	cfg, problems := loadConfig(*configPath, *listen)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(s.err, p)
		}
		fmt.Fprintf(s.err, "pgway: not serving: %d problems in the configuration\n", len(problems))
		return 1
	}
	logger, err := newLogger(cfg.Log, s.err)
	if err != nil {
		fmt.Fprintf(s.err, "pgway: %v\n", err)
		return 1
	}
	if *configPath == "" {
		logger.Warn("no --config given: serving the demo warehouse carto_dw to the user demo",
			"psql", fmt.Sprintf("psql \"host=127.0.0.1 port=%s user=%s password=%s dbname=%s\"",
				listenPort(cfg.Listen), config.DemoUser, config.DemoPassword, config.DemoConnection))
	}

	stopProfiles, err := startProfiles()
	if err != nil {
		fmt.Fprintf(s.err, "pgway: %v\n", err)
		return 1
	}
	defer func() {
		if err := stopProfiles(); err != nil {
			logger.Error("profile not written", "error", err)
		}
	}()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A second SIGINT or SIGTERM during the drain ends the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	hangups := make(chan os.Signal, 1)
	signal.Notify(hangups, syscall.SIGHUP)
	defer signal.Stop(hangups)
	reloads := make(chan *config.Config)
	go watchReloads(ctx, hangups, *configPath, logger, reloads)

	if err := proxy.Run(ctx, cfg, logger, reloads); err != nil {
		logger.Error("server stopped", "error", err)
		return 1
	}
	return 0
}

// watchReloads loads the configuration file again on each SIGHUP and
// sends it to reloads. A file with problems is logged, problem by problem,
// and not sent, so the server keeps its configuration.
func watchReloads(ctx context.Context, hangups <-chan os.Signal, path string, logger *slog.Logger,
	reloads chan<- *config.Config) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hangups:
		}
		if path == "" {
			logger.Warn("SIGHUP ignored: pgway serves the built-in defaults, so there is no file to reload; " +
				"start it with --config to reload")
			continue
		}
		logger.Info("SIGHUP: reloading the configuration", "file", path)
		cfg, problems := config.LoadAndValidate(path)
		if len(problems) > 0 {
			for _, p := range problems {
				logger.Error("configuration reload: invalid configuration", "problem", p.String())
			}
			logger.Error("configuration reload failed; keeping the current configuration",
				"file", path, "problems", len(problems))
			continue
		}
		select {
		case reloads <- cfg:
		case <-ctx.Done():
			return
		}
	}
}

// loadConfig loads and validates the file at path, or validates the
// defaults when path is empty.
// loadConfig reads the configuration at path, or the built-in defaults
// when path is empty, with listen, when set, as its listen address.
func loadConfig(path, listen string) (*config.Config, []config.Problem) {
	cfg := config.Default()
	if path != "" {
		var problems []config.Problem
		if cfg, problems = config.LoadAndValidate(path); len(problems) > 0 {
			return nil, problems
		}
	}
	if listen != "" {
		cfg.Listen = listen
	}
	if problems := cfg.Validate(); len(problems) > 0 {
		return nil, problems
	}
	return cfg, nil
}

func listenPort(address string) string {
	_, port, err := net.SplitHostPort(address)
	if err != nil {
		return address
	}
	return port
}
