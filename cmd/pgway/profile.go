package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// Environment variables that turn on profiling of pgway serve. Each names
// the file the profile is written to, in pprof's format.
const (
	// cpuProfileEnv records a CPU profile from start until shutdown.
	cpuProfileEnv = "PGWAY_CPUPROFILE"
	// allocProfileEnv writes, at shutdown, the allocations made since start.
	allocProfileEnv = "PGWAY_ALLOCPROFILE"
)

// startProfiles starts the profiles that the environment asks for and
// returns the function that writes them, to be called at shutdown.
func startProfiles() (stop func() error, err error) {
	var cpuFile *os.File
	if path := os.Getenv(cpuProfileEnv); path != "" {
		cpuFile, err = os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("create %s file: %w", cpuProfileEnv, err)
		}
		if err := pprof.StartCPUProfile(cpuFile); err != nil {
			cpuFile.Close()
			return nil, fmt.Errorf("start CPU profile: %w", err)
		}
	}
	stop = func() error {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			if err := cpuFile.Close(); err != nil {
				return fmt.Errorf("write %s file: %w", cpuProfileEnv, err)
			}
		}
		return writeAllocProfile(os.Getenv(allocProfileEnv))
	}
	return stop, nil
}

func writeAllocProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s file: %w", allocProfileEnv, err)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("write %s file: %w", allocProfileEnv, err)
	}
	return f.Close()
}
