// Package config loads and validates pgway's YAML configuration.
package config

import (
	"fmt"
	"time"
)

// Config is the whole configuration file.
type Config struct {
	Listen       string       `yaml:"listen"`
	TLS          TLS          `yaml:"tls"`
	Limits       Limits       `yaml:"limits"`
	Auth         Auth         `yaml:"auth"`
	Log          Log          `yaml:"log"`
	HTTP         HTTP         `yaml:"http"`
	Audit        Audit        `yaml:"audit"`
	Catalog      Catalog      `yaml:"catalog"`
	Organization string       `yaml:"organization"`
	Groups       []string     `yaml:"groups"`
	Users        []User       `yaml:"users"`
	Tokens       []Token      `yaml:"tokens"`
	Connections  []Connection `yaml:"connections"`
}

// TLS modes for client connections.
const (
	TLSDisable = "disable" // reply 'N' to SSLRequest
	TLSAllow   = "allow"   // offer TLS, accept plain connections too
	TLSRequire = "require" // reject startups that did not negotiate TLS
)

// TLS configures TLS between clients and pgway.
type TLS struct {
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	Mode     string `yaml:"mode"`
}

// Limits bounds what one client or the whole server may use.
type Limits struct {
	MaxConnections     int      `yaml:"max_connections"`
	MaxMessageBytes    int      `yaml:"max_message_bytes"`
	StartupTimeout     Duration `yaml:"startup_timeout"`
	IdleSessionTimeout Duration `yaml:"idle_session_timeout"`
	ConnectTimeout     Duration `yaml:"connect_timeout"`
	// StatementTimeout is the longest any statement may run, whatever the
	// session sets with SET statement_timeout.
	StatementTimeout Duration `yaml:"statement_timeout"`
	// DrainTimeout is how long a shutdown waits for running statements
	// before it ends their sessions.
	DrainTimeout Duration `yaml:"drain_timeout"`
}

// Auth holds server-wide authentication settings.
type Auth struct {
	// TrustLoopback lets clients connecting from a loopback address log in
	// as any configured user without a password.
	TrustLoopback bool `yaml:"trust_loopback"`
}

// HTTP configures the listener for metrics and health checks.
type HTTP struct {
	// Listen is the host:port of the listener. Empty turns it off.
	Listen string `yaml:"listen"`
}

// Audit configures the audit log.
type Audit struct {
	// Path is the file that audit records are appended to, or "stdout".
	// Empty turns the audit log off.
	Path string `yaml:"path"`
}

// Catalog configures the catalog database: a PostgreSQL cluster with
// PostGIS in which pgway mirrors the schemas of each connection, so that
// queries of pg_catalog and information_schema get PostgreSQL's results.
type Catalog struct {
	// DSN is the connection string of a role that may create databases and
	// roles in the cluster. It is a secret: pgway never logs it. Empty
	// turns the catalog off.
	DSN string `yaml:"dsn"`
	// RefreshInterval is how often the mirror of a connection in use is
	// brought up to date with its warehouse. Zero means
	// DefaultCatalogRefresh.
	RefreshInterval Duration `yaml:"refresh_interval"`
}

// Log configures the server log.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// User is a person who logs in with a password.
type User struct {
	Name   string   `yaml:"name"`
	Groups []string `yaml:"groups"`
	// Password is the cleartext password. Exactly one of Password and
	// SCRAMSHA256 is set.
	Password string `yaml:"password"`
	// SCRAMSHA256 is the verifier in PostgreSQL's stored form,
	// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>.
	SCRAMSHA256 string `yaml:"scram_sha_256"`
}

// Token is an API access token. It logs in as the user name "token" with
// the token itself as password and acts as Owner, limited to Grants.
type Token struct {
	Name    string     `yaml:"name"`
	Owner   string     `yaml:"owner"`
	SHA256  string     `yaml:"sha256"` // hex of the token's SHA-256
	Expires *time.Time `yaml:"expires"`
	Grants  []string   `yaml:"grants"` // connection names
}

// Connection privacy values.
const (
	PrivacyPrivate      = "private"
	PrivacyGroups       = "groups"
	PrivacyOrganization = "organization"
)

// Connection is a named set of warehouse credentials. Clients select it by
// giving its name as the database name.
type Connection struct {
	Name       string           `yaml:"name"`
	ProviderID string           `yaml:"provider_id"`
	Owner      string           `yaml:"owner"`
	Privacy    string           `yaml:"privacy"`
	Groups     []string         `yaml:"groups"`
	Config     ConnectionConfig `yaml:"config"`
}

// ConnectionConfig is the authentication method and its credentials.
type ConnectionConfig struct {
	Type        string            `yaml:"type"`
	Credentials map[string]string `yaml:"credentials"`
}

// Duration is a time.Duration written in Go's syntax ("10s", "5m").
type Duration time.Duration

// UnmarshalText parses a duration such as "10s".
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil {
		return fmt.Errorf("invalid duration %q: use Go's syntax such as 10s or 5m", text)
	}
	*d = Duration(v)
	return nil
}

// String formats the duration in Go's syntax.
func (d Duration) String() string {
	return time.Duration(d).String()
}

// MarshalText writes the duration in Go's syntax.
func (d Duration) MarshalText() ([]byte, error) {
	return []byte(time.Duration(d).String()), nil
}
