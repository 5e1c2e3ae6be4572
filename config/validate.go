package config

import (
	"crypto/tls"
	"errors"
	"io/fs"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
)

// maxIdentifierBytes is the longest name PostgreSQL keeps without
// truncating it (NAMEDATALEN - 1). User and connection names become role
// and database names in the catalog database, so they must fit.
const maxIdentifierBytes = 63

// MinMaxMessageBytes is the smallest limits.max_message_bytes Validate
// accepts, so that startup messages and short queries always fit.
const MinMaxMessageBytes = 1024

var (
	tlsModes   = []string{TLSDisable, TLSAllow, TLSRequire}
	logLevels  = []string{"debug", "info", "warn", "error"}
	logFormats = []string{"text", "json"}
)

// Validate checks the configuration and returns every problem found. It
// reads the TLS certificate and key files when TLS is enabled, and checks
// nothing else outside the configuration.
func (c *Config) Validate() []Problem {
	var l problemList
	c.validateListen(&l)
	c.validateHTTP(&l)
	c.validateTLS(&l)
	c.validateLimits(&l)
	c.validateLog(&l)
	c.validateCatalog(&l)
	groups := c.validateGroups(&l)
	users := c.validateUsers(&l, groups)
	c.validateTokens(&l, users)
	c.validateConnections(&l, users, groups)
	return l
}

func (c *Config) validateListen(l *problemList) {
	_, port, err := net.SplitHostPort(c.Listen)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		l.add("listen", "invalid address %q: use host:port such as 127.0.0.1:5432", c.Listen)
	}
}

func (c *Config) validateHTTP(l *problemList) {
	if c.HTTP.Listen == "" {
		return
	}
	if !validAddress(c.HTTP.Listen) {
		l.add("http.listen", "invalid address %q: use host:port such as 127.0.0.1:9187", c.HTTP.Listen)
	}
	if c.HTTP.Listen == c.Listen {
		l.add("http.listen", "same address as listen, %q: give each listener its own port", c.Listen)
	}
}

// validAddress reports whether address is host:port with a numeric port.
func validAddress(address string) bool {
	_, port, err := net.SplitHostPort(address)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	return err == nil
}

func (c *Config) validateTLS(l *problemList) {
	t := c.TLS
	if !slices.Contains(tlsModes, t.Mode) {
		l.add("tls.mode", "must be one of %s, got %q", strings.Join(tlsModes, ", "), t.Mode)
		return
	}
	if t.CertFile != "" && t.KeyFile == "" {
		l.add("tls.key_file", "missing: tls.cert_file is set")
	}
	if t.KeyFile != "" && t.CertFile == "" {
		l.add("tls.cert_file", "missing: tls.key_file is set")
	}
	if t.Mode == TLSDisable {
		return
	}
	if t.CertFile == "" && t.KeyFile == "" {
		l.add("tls.cert_file", "missing: tls.mode %s needs cert_file and key_file", t.Mode)
		l.add("tls.key_file", "missing: tls.mode %s needs cert_file and key_file", t.Mode)
		return
	}
	if t.CertFile == "" || t.KeyFile == "" {
		return
	}

	cert, certOK := readFile(l, "tls.cert_file", t.CertFile)
	key, keyOK := readFile(l, "tls.key_file", t.KeyFile)
	if !certOK || !keyOK {
		return
	}
	if _, err := tls.X509KeyPair(cert, key); err != nil {
		l.add("tls.cert_file", "cannot use the certificate with tls.key_file: %v", err)
	}
}

func readFile(l *problemList, path, name string) ([]byte, bool) {
	data, err := os.ReadFile(name)
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err
		}
		l.add(path, "cannot read %q: %v", name, err)
		return nil, false
	}
	return data, true
}

func (c *Config) validateLimits(l *problemList) {
	m := c.Limits
	if m.MaxConnections < 1 {
		l.add("limits.max_connections", "must be at least 1, got %d", m.MaxConnections)
	}
	if m.MaxMessageBytes < MinMaxMessageBytes {
		l.add("limits.max_message_bytes", "must be at least %d, got %d",
			MinMaxMessageBytes, m.MaxMessageBytes)
	}
	durations := []struct {
		path  string
		value Duration
	}{
		{"limits.startup_timeout", m.StartupTimeout},
		{"limits.idle_session_timeout", m.IdleSessionTimeout},
		{"limits.connect_timeout", m.ConnectTimeout},
		{"limits.statement_timeout", m.StatementTimeout},
		{"limits.drain_timeout", m.DrainTimeout},
	}
	for _, d := range durations {
		if d.value < 0 {
			l.add(d.path, "must not be negative, got %s", d.value.String())
		}
	}
}

func (c *Config) validateLog(l *problemList) {
	if !slices.Contains(logLevels, c.Log.Level) {
		l.add("log.level", "must be one of %s, got %q", strings.Join(logLevels, ", "), c.Log.Level)
	}
	if !slices.Contains(logFormats, c.Log.Format) {
		l.add("log.format", "must be one of %s, got %q", strings.Join(logFormats, ", "), c.Log.Format)
	}
}

// checkNames reports empty and duplicate names in the list at path and
// returns the index of the first use of each name.
func checkNames(l *problemList, path string, names []string) map[string]int {
	first := make(map[string]int, len(names))
	for i, name := range names {
		namePath := indexPath(path, i) + ".name"
		j, duplicate := first[name]
		switch {
		case name == "":
			l.add(namePath, "missing")
		case duplicate:
			l.add(namePath, "duplicate name %q (also %s)", name, indexPath(path, j))
		default:
			first[name] = i
		}
	}
	return first
}

// checkIdentifier reports a name that PostgreSQL would truncate.
func checkIdentifier(l *problemList, path, name string) {
	if len(name) > maxIdentifierBytes {
		l.add(path, "longer than %d bytes, the maximum length of a PostgreSQL identifier",
			maxIdentifierBytes)
	}
}

// checkGroups reports each entry of list at path that is not a declared group.
func checkGroups(l *problemList, path string, list []string, declared map[string]bool) {
	for i, g := range list {
		if !declared[g] {
			l.add(indexPath(path, i), "group %q is not declared in groups", g)
		}
	}
}
