// Package pgtest starts real PostgreSQL servers for tests.
//
// Each server is a fresh cluster made by initdb in a temporary directory and
// started with pg_ctl. It listens on 127.0.0.1 on a free port and on a Unix
// socket in that directory. The superuser postgres connects without a password
// only over the socket. Every TCP login needs a password (scram-sha-256).
//
// Start took 1.2 s on a 2-core Debian 12 machine with PostgreSQL 15, most of it
// in initdb, so a package usually shares one server through Shared. Each package
// that calls Shared must stop the server from its TestMain, because nothing else
// stops it when the test binary ends:
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		if err := pgtest.StopShared(); err != nil {
//			fmt.Fprintln(os.Stderr, err)
//		}
//		os.Exit(code)
//	}
//
// When the process runs as root, the postgres OS user owns the directory and
// runs the server, because initdb does not run as root.
//
// NOTE: pg_ctl detaches the server from the test process, so a test binary that
// is killed (or panics on a -timeout) leaves its servers running and their
// directories behind.
package pgtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Server is a running PostgreSQL cluster.
type Server struct {
	Host string // always 127.0.0.1
	Port int
	// Dir contains the data directory (Dir/data), the server log (Dir/log) and
	// the Unix socket. Running as root, the postgres OS user owns it.
	Dir string
	// CertFile is the server's self-signed certificate (PEM) when Options.TLS is
	// set, for clients that verify it (sslrootcert). It is empty otherwise.
	CertFile string

	binDir  string
	account *account
	tls     bool

	stopOnce sync.Once
	stopErr  error
}

// Options configures a server started by Start.
type Options struct {
	// TLS turns on ssl with a self-signed certificate for 127.0.0.1 and localhost.
	TLS bool
	// MaxConnections sets max_connections. Zero means 100.
	MaxConnections int
}

// maxStartAttempts bounds the retries when another process takes the chosen
// port between choosing it and the server binding it.
const maxStartAttempts = 3

// Start creates a new cluster with initdb and starts it. The caller must call
// Stop, which also removes the cluster.
func Start(opts Options) (*Server, error) {
	if opts.MaxConnections == 0 {
		opts.MaxConnections = 100
	}
	binDir, err := serverBinDir()
	if err != nil {
		return nil, err
	}
	acct, err := serverAccount()
	if err != nil {
		return nil, err
	}
	dir, err := acct.makeDir()
	if err != nil {
		return nil, err
	}

	s := &Server{Host: "127.0.0.1", Dir: dir, binDir: binDir, account: acct, tls: opts.TLS}
	if err := s.setUp(opts); err != nil {
		if stopErr := s.Stop(); stopErr != nil {
			err = errors.Join(err, stopErr)
		}
		return nil, err
	}
	return s, nil
}

func (s *Server) setUp(opts Options) error {
	if err := s.initdb(); err != nil {
		return err
	}
	if err := s.writeHBA(opts.TLS); err != nil {
		return err
	}
	if err := s.writeConfig(opts.TLS); err != nil {
		return err
	}

	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		s.Port = port
		clash, err := s.start(opts.MaxConnections)
		if err == nil || !clash || attempt == maxStartAttempts {
			return err
		}
	}
}

func (s *Server) initdb() error {
	// --no-sync skips flushing the new cluster to disk, which tests never need.
	cmd := s.account.command(s.Dir, s.program("initdb"),
		"-D", s.dataDir(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, tail(out, 20))
	}
	return nil
}

// start runs pg_ctl start on s.Port. clash reports that the port was taken.
func (s *Server) start(maxConnections int) (clash bool, err error) {
	logStart := fileSize(s.logFile())
	options := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s -c max_connections=%d "+
		"-c fsync=off -c shared_buffers=32MB", s.Port, shellQuote(s.Dir), maxConnections)
	cmd := s.account.command(s.Dir, s.program("pg_ctl"),
		"-D", s.dataDir(), "-l", s.logFile(), "-o", options, "-w", "start")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return false, nil
	}

	log := s.readLog(logStart)
	clash = strings.Contains(log, "Address already in use")
	return clash, fmt.Errorf("pg_ctl start on port %d: %w\n%s\nserver log:\n%s",
		s.Port, err, strings.TrimSpace(string(out)), tail([]byte(log), 20))
}

// Stop shuts the server down (pg_ctl stop -m immediate) and removes Dir. Later
// calls return the result of the first.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		err := s.stop()
		if rmErr := os.RemoveAll(s.Dir); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("remove server directory: %w", rmErr))
		}
		s.stopErr = err
	})
	return s.stopErr
}

func (s *Server) stop() error {
	pidFile := filepath.Join(s.dataDir(), "postmaster.pid")
	if _, err := os.Stat(pidFile); err != nil {
		return nil // not running
	}

	cmd := s.account.command(s.Dir, s.program("pg_ctl"), "-D", s.dataDir(), "-m", "immediate", "-w", "stop")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}

	// Removing Dir under a running postmaster would leave the process behind, so
	// send it SIGQUIT, the signal for the immediate shutdown that pg_ctl requests.
	stopErr := fmt.Errorf("pg_ctl stop: %w\n%s", err, strings.TrimSpace(string(out)))
	if killErr := quitPostmaster(pidFile); killErr != nil {
		return errors.Join(stopErr, killErr)
	}
	return nil
}

// quitPostmaster sends SIGQUIT to the pid on the first line of postmaster.pid and
// waits up to 10 seconds for the process to exit.
func quitPostmaster(pidFile string) error {
	content, err := os.ReadFile(pidFile)
	if err != nil {
		return fmt.Errorf("read postmaster.pid: %w", err)
	}
	firstLine, _, _ := strings.Cut(string(content), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(firstLine))
	if err != nil || pid <= 0 {
		return fmt.Errorf("invalid pid %q in %s", firstLine, pidFile)
	}

	if err := syscall.Kill(pid, syscall.SIGQUIT); err != nil {
		return fmt.Errorf("send SIGQUIT to postmaster %d: %w", pid, err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if syscall.Kill(pid, 0) != nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("postmaster %d still running 10 s after SIGQUIT", pid)
}

// AdminDSN returns a keyword/value connection string for the superuser postgres
// over the Unix socket in Dir, which needs no password.
func (s *Server) AdminDSN(db string) string {
	return connString("host", s.Dir, "port", strconv.Itoa(s.Port), "dbname", db,
		"user", "postgres", "sslmode", "disable")
}

// DSN returns a keyword/value connection string for TCP on 127.0.0.1. The
// sslmode is require when the server was started with Options.TLS and disable
// otherwise. A keyword appended to the string overrides the one before it.
func (s *Server) DSN(db, user, password string) string {
	sslmode := "disable"
	if s.tls {
		sslmode = "require"
	}
	return connString("host", s.Host, "port", strconv.Itoa(s.Port), "dbname", db,
		"user", user, "password", password, "sslmode", sslmode)
}

// connString joins keyword, value pairs, quoting values as libpq expects.
func connString(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pairs[i] + "=" + quoteConnValue(pairs[i+1]))
	}
	return b.String()
}

func quoteConnValue(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\n\r\v\f'\\") {
		return v
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

func (s *Server) dataDir() string            { return filepath.Join(s.Dir, "data") }
func (s *Server) logFile() string            { return filepath.Join(s.Dir, "log") }
func (s *Server) program(name string) string { return filepath.Join(s.binDir, name) }

// readLog returns the server log from byte offset on.
func (s *Server) readLog(offset int64) string {
	content, err := os.ReadFile(s.logFile())
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", s.logFile(), err)
	}
	if offset > int64(len(content)) {
		offset = 0
	}
	return string(content[offset:])
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago. Another
// process may take it before the server binds it, which Start retries.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
