package main

import (
	"fmt"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version string

func runVersion(args []string, s streams) int {
	fs := newFlagSet("version", "", s)
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	fmt.Fprintf(s.out, "pgway %s\n", versionString())
	return 0
}

// versionString returns the version set at build time, else the module
// version that "go install" records, else "dev".
func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	return "dev"
}
