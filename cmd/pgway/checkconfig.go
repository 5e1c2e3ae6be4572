package main

import (
	"fmt"

	"pgway/config"
)

func runCheckConfig(args []string, s streams) int {
	fs := newFlagSet("check-config", "--config FILE", s)
	configPath := fs.String("config", "", "check the configuration in `FILE` (required)")
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	if *configPath == "" {
		fmt.Fprintln(s.err, "pgway check-config: missing --config FILE")
		fs.Usage()
		return 2
	}

	_, problems := config.LoadAndValidate(*configPath)
	for _, p := range problems {
		fmt.Fprintln(s.out, p)
	}
	if len(problems) > 0 {
		return 1
	}
	fmt.Fprintf(s.out, "%s: ok\n", *configPath)
	return 0
}
