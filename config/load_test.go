package config

import (
	"testing"
	"time"
)

func TestEmptyFileGivesDefaults(t *testing.T) {
	c, err := Load(writeConfig(t, "# nothing here\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != DefaultListen {
		t.Errorf("listen = %q, want %q", c.Listen, DefaultListen)
	}
	if problems := c.Validate(); len(problems) > 0 {
		t.Errorf("problems: %v", problems)
	}
}

func TestDefault(t *testing.T) {
	c := Default()
	checks := []struct {
		name      string
		got, want any
	}{
		{"listen", c.Listen, "127.0.0.1:5433"},
		{"tls.mode", c.TLS.Mode, TLSDisable},
		{"max_connections", c.Limits.MaxConnections, 1000},
		{"max_message_bytes", c.Limits.MaxMessageBytes, 67108864},
		{"startup_timeout", time.Duration(c.Limits.StartupTimeout), 10 * time.Second},
		{"idle_session_timeout", time.Duration(c.Limits.IdleSessionTimeout), time.Duration(0)},
		{"connect_timeout", time.Duration(c.Limits.ConnectTimeout), 10 * time.Second},
		{"statement_timeout", time.Duration(c.Limits.StatementTimeout), time.Duration(0)},
		{"drain_timeout", time.Duration(c.Limits.DrainTimeout), 30 * time.Second},
		{"log.level", c.Log.Level, "info"},
		{"log.format", c.Log.Format, "text"},
		{"organization", c.Organization, DemoOrganization},
		{"trust_loopback", c.Auth.TrustLoopback, false},
	}
	for _, check := range checks {
		if check.got != check.want {
			t.Errorf("%s = %v, want %v", check.name, check.got, check.want)
		}
	}
	if problems := c.Validate(); len(problems) > 0 {
		t.Errorf("Default has problems: %v", problems)
	}
}

func TestExplicitZeroKept(t *testing.T) {
	c, err := Load(writeConfig(t, "limits:\n  connect_timeout: 0s\n  startup_timeout:\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits.ConnectTimeout != 0 {
		t.Errorf("connect_timeout = %s, want 0s", c.Limits.ConnectTimeout)
	}
	if c.Limits.StartupTimeout != DefaultStartupTimeout {
		t.Errorf("empty startup_timeout = %s, want the default", c.Limits.StartupTimeout)
	}
}

func TestTLSModeDefaultsToAllowWithFiles(t *testing.T) {
	c, err := Load(writeConfig(t, "tls:\n  cert_file: c.pem\n  key_file: k.pem\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TLS.Mode != TLSAllow {
		t.Errorf("tls.mode = %q, want %q", c.TLS.Mode, TLSAllow)
	}
}

func TestConnectionPrivacyDefaultsToPrivate(t *testing.T) {
	c, err := Load(writeConfig(t, edit(t, "    privacy: groups\n    groups: [analysts]\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Connections[0].Privacy; got != PrivacyPrivate {
		t.Errorf("privacy = %q, want %q", got, PrivacyPrivate)
	}
}

func TestScalarsKeepTheirText(t *testing.T) {
	text := `
connections:
  - name: c
    config:
      credentials:
        port: 05432
        read_only: True
        password: 0123
        tagged: !!str 1e3
        empty:
        key: |
          {"a": 1}
`
	c, err := Load(writeConfig(t, text))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"port":      "05432",
		"read_only": "true",
		"password":  "0123",
		"tagged":    "1e3",
		"empty":     "",
		"key":       "{\"a\": 1}\n",
	}
	got := c.Connections[0].Config.Credentials
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestAnchorsAndMergeKeys(t *testing.T) {
	text := `
connections:
  - name: a
    config:
      credentials: &pg
        host: 127.0.0.1
        port: 5432
  - name: b
    config:
      credentials:
        <<: *pg
        port: 6543
`
	c, err := Load(writeConfig(t, text))
	if err != nil {
		t.Fatal(err)
	}
	b := c.Connections[1].Config.Credentials
	if b["host"] != "127.0.0.1" {
		t.Errorf("merged host = %q, want 127.0.0.1", b["host"])
	}
	if b["port"] != "6543" {
		t.Errorf("port = %q, want the explicit 6543", b["port"])
	}
	if c.Connections[0].Config.Credentials["port"] != "5432" {
		t.Errorf("anchored port changed to %q", c.Connections[0].Config.Credentials["port"])
	}
}

func TestEnvironmentExpandedEverywhere(t *testing.T) {
	t.Setenv("PGWAY_TEST_LISTEN", "127.0.0.1:7000")
	t.Setenv("PGWAY_TEST_MAX", "7")
	t.Setenv("PGWAY_TEST_HOST", "db.internal")
	text := `
listen: ${PGWAY_TEST_LISTEN}
limits:
  max_connections: ${PGWAY_TEST_MAX}
connections:
  - name: c
    config:
      credentials:
        host: ${PGWAY_TEST_HOST}
        password: pa$$word-$${PGWAY_TEST_HOST}
`
	c, err := Load(writeConfig(t, text))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:7000" {
		t.Errorf("listen = %q", c.Listen)
	}
	if c.Limits.MaxConnections != 7 {
		t.Errorf("max_connections = %d, want 7", c.Limits.MaxConnections)
	}
	creds := c.Connections[0].Config.Credentials
	if creds["host"] != "db.internal" {
		t.Errorf("host = %q", creds["host"])
	}
	if want := "pa$$word-${PGWAY_TEST_HOST}"; creds["password"] != want {
		t.Errorf("password = %q, want %q", creds["password"], want)
	}
}

func TestTokenExpires(t *testing.T) {
	text := "tokens:\n  - name: a\n    expires: 2030-01-02\n  - name: b\n    expires: 2030-01-02T03:04:05Z\n"
	c, err := Load(writeConfig(t, text))
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{
		time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC),
		time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	for i, w := range want {
		if got := c.Tokens[i].Expires; got == nil || !got.Equal(w) {
			t.Errorf("tokens[%d].expires = %v, want %v", i, got, w)
		}
	}
}
