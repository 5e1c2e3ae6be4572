package pgtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

// account is the OS user that owns Dir and runs initdb, pg_ctl and the server.
// initdb and postgres exit with an error when run as root, so a root process uses
// the postgres user. A nil *account means the current user.
type account struct {
	name     string
	uid, gid int
}

// serverAccount returns the postgres account when running as root, creating it with
// useradd if it is missing, and nil otherwise.
func serverAccount() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}

	u, err := user.Lookup("postgres")
	var unknown user.UnknownUserError
	if errors.As(err, &unknown) {
		out, addErr := exec.Command("useradd", "--system", "postgres").CombinedOutput()
		if addErr != nil {
			return nil, fmt.Errorf("postgres OS user not found, and useradd --system postgres failed: "+
				"%w: %s. Create that user, because initdb does not run as root", addErr, out)
		}
		u, err = user.Lookup("postgres")
	}
	if err != nil {
		return nil, fmt.Errorf("look up the postgres OS user: %w", err)
	}

	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return nil, fmt.Errorf("invalid uid %q of the postgres OS user: not a number", u.Uid)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return nil, fmt.Errorf("invalid gid %q of the postgres OS user: not a number", u.Gid)
	}
	return &account{name: u.Username, uid: uid, gid: gid}, nil
}

// command runs program as the account, through runuser or, where runuser is
// missing, su. The working directory is dir, which the account can always enter.
func (a *account) command(dir, program string, args ...string) *exec.Cmd {
	var cmd *exec.Cmd
	switch {
	case a == nil:
		cmd = exec.Command(program, args...)
	case hasProgram("runuser"):
		cmd = exec.Command("runuser", append([]string{"-u", a.name, "--", program}, args...)...)
	default:
		script := shellQuote(program)
		for _, arg := range args {
			script += " " + shellQuote(arg)
		}
		cmd = exec.Command("su", a.name, "-s", "/bin/sh", "-c", script)
	}
	cmd.Dir = dir
	return cmd
}

// chown makes the account the owner of path. It does nothing for the current user.
func (a *account) chown(path string) error {
	if a == nil {
		return nil
	}
	if err := os.Chown(path, a.uid, a.gid); err != nil {
		return fmt.Errorf("chown %s to the %s OS user: %w", path, a.name, err)
	}
	return nil
}

// maxSocketDirLen keeps Dir/.s.PGSQL.<port> within the 107 bytes that a Unix
// socket path may have on Linux.
const maxSocketDirLen = 107 - len("/.s.PGSQL.65535")

// makeDir creates an empty directory owned by the account, under the temporary
// directory or, when that path is too long for a socket, under /tmp.
func (a *account) makeDir() (string, error) {
	base := os.TempDir()
	if len(filepath.Join(base, "pgtest-0123456789")) > maxSocketDirLen {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "pgtest-")
	if err != nil {
		return "", fmt.Errorf("create server directory: %w", err)
	}
	if err := a.chown(dir); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

func hasProgram(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
