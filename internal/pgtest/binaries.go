package pgtest

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// RequireBinary returns the path of a PostgreSQL program such as initdb, pg_ctl or
// psql. It searches the directory that pg_config --bindir prints, then
// /usr/lib/postgresql/<version>/bin from the newest version down, then PATH.
// When the program is missing and the process runs as root on a machine with
// apt-get, it installs PostgreSQL once per process and searches again.
func RequireBinary(name string) (string, error) {
	if path, ok := findProgram(name); ok {
		return path, nil
	}
	if err := installPostgres(); err != nil {
		return "", fmt.Errorf("%s not found in pg_config --bindir, /usr/lib/postgresql/*/bin or PATH, "+
			"and PostgreSQL could not be installed: %w", name, err)
	}
	if path, ok := findProgram(name); ok {
		return path, nil
	}
	return "", fmt.Errorf("%s not found in pg_config --bindir, /usr/lib/postgresql/*/bin or PATH, "+
		"even after installing PostgreSQL", name)
}

// serverBinDir returns the directory that contains initdb and pg_ctl of one installation.
func serverBinDir() (string, error) {
	initdb, err := RequireBinary("initdb")
	if err != nil {
		return "", err
	}

	// A directory on PATH may contain only links to the programs, so use the
	// directory of the real file, where pg_ctl of the same version sits.
	resolved, err := filepath.EvalSymlinks(initdb)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", initdb, err)
	}
	dir := filepath.Dir(resolved)
	if !isExecutable(filepath.Join(dir, "pg_ctl")) {
		return "", fmt.Errorf("pg_ctl not found next to %s", resolved)
	}
	return dir, nil
}

func findProgram(name string) (string, bool) {
	for _, dir := range searchDirs() {
		path := filepath.Join(dir, name)
		if isExecutable(path) {
			return path, true
		}
	}
	return "", false
}

func searchDirs() []string {
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	dirs = append(dirs, debianBinDirs()...)
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir != "" {
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// debianBinDirs returns /usr/lib/postgresql/<version>/bin, newest version first.
func debianBinDirs() []string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		return compareVersions(filepath.Base(filepath.Dir(b)), filepath.Base(filepath.Dir(a)))
	})
	return dirs
}

// compareVersions compares dotted versions such as "9.6" and "15" by number.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		if c := versionPart(as, i) - versionPart(bs, i); c != 0 {
			return c
		}
	}
	return 0
}

func versionPart(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	n, _ := strconv.Atoi(parts[i])
	return n
}

func isExecutable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0
}

var install struct {
	once sync.Once
	err  error
}

func installPostgres() error {
	install.once.Do(func() { install.err = aptInstallPostgres() })
	return install.err
}

const installHint = "Install the PostgreSQL server and client " +
	"(apt-get install postgresql on Debian or Ubuntu, brew install postgresql on macOS) " +
	"or put the directory that contains initdb on PATH"

func aptInstallPostgres() error {
	if os.Geteuid() != 0 {
		return errors.New("installing needs root. " + installHint)
	}
	if _, err := exec.LookPath("apt-get"); err != nil {
		return errors.New("apt-get not found. " + installHint)
	}

	if err := runApt("update"); err != nil {
		return err
	}
	pkg := "postgresql"
	if exec.Command("apt-cache", "show", "postgresql-15").Run() == nil {
		pkg = "postgresql-15"
	}
	slog.Info("pgtest: installing PostgreSQL with apt-get", "package", pkg)
	return runApt("install", "-y", "--no-install-recommends", pkg)
}

func runApt(args ...string) error {
	// Test binaries of several packages may install at the same time, so wait
	// for the dpkg lock instead of failing at once.
	args = append([]string{"-o", "DPkg::Lock::Timeout=300"}, args...)
	cmd := exec.Command("apt-get", args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("apt-get %s: %w\n%s", strings.Join(args, " "), err, tail(out, 20))
	}
	return nil
}

// tail returns the last n lines of text.
func tail(text []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(text), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
