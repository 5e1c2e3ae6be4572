package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	testVerifier = "SCRAM-SHA-256$4096:HDcBWv2XGvHC+D/chUOFqA==$" +
		"viPWWs7s0SmRlEHLTni2uAVfSdBAg/64R4lbiemO2KM=:4twXonGh2r2mrpbt7w0HH2li84OWAG+doO43KvmTUTs="
	testHash = "895776a6721a57c3c06e3e7e45ea9633b7265e19df6e48ee7c3fc1e59c7be4b3"
)

// validYAML is a small configuration without problems. Tests break it with
// edits.
const validYAML = `
groups: [analysts]
users:
  - name: alice
    groups: [analysts]
    scram_sha_256: '` + testVerifier + `'
  - name: bob
    password: bob-secret
tokens:
  - name: reports
    owner: alice
    sha256: ` + testHash + `
    grants: [warehouse]
connections:
  - name: warehouse
    provider_id: postgres
    owner: alice
    privacy: groups
    groups: [analysts]
    config:
      type: password
      credentials:
        host: 127.0.0.1
        port: 5432
        database: db
        username: u
        password: p
`

// writeConfig writes text to a file in a new temporary directory and
// returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pgway.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// edit returns validYAML with the first old replaced by new.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(validYAML, old) {
		t.Fatalf("validYAML does not contain %q", old)
	}
	return strings.Replace(validYAML, old, new, 1)
}

func problemAt(problems []Problem, path string) (Problem, bool) {
	for _, p := range problems {
		if p.Path == path {
			return p, true
		}
	}
	return Problem{}, false
}

func TestValidConfigHasNoProblems(t *testing.T) {
	c, problems := LoadAndValidate(writeConfig(t, validYAML))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if got := c.Connections[0].Config.Credentials["port"]; got != "5432" {
		t.Errorf("port = %q, want %q", got, "5432")
	}
}

func TestExampleConfigHasNoProblems(t *testing.T) {
	t.Setenv("PGWAY_EXAMPLE_PG_PASSWORD", "example")
	c, problems := LoadAndValidate(filepath.Join("..", "config.example.yaml"))
	for _, p := range problems {
		t.Errorf("problem: %s", p)
	}
	if c == nil {
		t.FailNow()
	}
	if len(c.Connections) != 3 {
		t.Errorf("got %d connections, want 3", len(c.Connections))
	}
	if got := c.Connections[0].Config.Credentials["password"]; got != "example" {
		t.Errorf("password = %q, want the value of PGWAY_EXAMPLE_PG_PASSWORD", got)
	}
}

func TestBrokenConfigs(t *testing.T) {
	t.Setenv("PGWAY_TEST_UNSET", "")
	os.Unsetenv("PGWAY_TEST_UNSET")

	cases := []struct {
		name    string
		yaml    string
		path    string
		message string
	}{
		{"missing credential", edit(t, "        database: db\n", ""),
			"connections[0].config.credentials.database", "missing"},
		{"unknown credential", edit(t, "host: 127.0.0.1", "hots: 127.0.0.1"),
			"connections[0].config.credentials.hots", "unknown field for type password"},
		{"unknown provider", edit(t, "provider_id: postgres", "provider_id: oracle"),
			"connections[0].provider_id", `unknown provider_id "oracle" (known: snowflake, bigquery,`},
		{"type not allowed", edit(t, "provider_id: postgres", "provider_id: bigquery"),
			"connections[0].config.type", `type "password" is not allowed for provider bigquery`},
		{"databricks not built", edit(t, "provider_id: postgres", "provider_id: databricks"),
			"connections[0].provider_id", `provider "databricks" is not built yet`},
		{"duplicate user", edit(t, "name: bob", "name: alice"),
			"users[1].name", `duplicate name "alice" (also users[0])`},
		{"duplicate group", edit(t, "groups: [analysts]\nusers", "groups: [analysts, analysts]\nusers"),
			"groups[1]", `duplicate group "analysts"`},
		{"duplicate connection", validYAML + validYAML[strings.Index(validYAML, "  - name: warehouse"):],
			"connections[1].name", `duplicate name "warehouse" (also connections[0])`},
		{"bad sha256", edit(t, testHash, "abc"), "tokens[0].sha256", "must be 64 hexadecimal digits"},
		{"token owner unknown", edit(t, "owner: alice\n    sha256", "owner: zoe\n    sha256"),
			"tokens[0].owner", `user "zoe" is not declared in users`},
		{"grant unknown connection", edit(t, "grants: [warehouse]", "grants: [nowhere]"),
			"tokens[0].grants[0]", `connection "nowhere" is not declared in connections`},
		{"grant owner may not use", edit(t, "owner: alice\n    sha256", "owner: bob\n    sha256"),
			"tokens[0].grants[0]", `owner "bob" may not use connection "warehouse"`},
		{"token without grants", edit(t, "    grants: [warehouse]\n", ""),
			"tokens[0].grants", "missing"},
		{"template0", edit(t, "name: warehouse", "name: template0"),
			"connections[0].name", `reserved database name "template0"`},
		{"bad duration", validYAML + "limits:\n  startup_timeout: 10 seconds\n",
			"limits.startup_timeout", `invalid duration "10 seconds"`},
		{"unknown key", validYAML + "limits:\n  max_conections: 5\n",
			"limits.max_conections", "unknown key"},
		{"unknown top-level key", validYAML + "listen_address: x\n",
			"listen_address", "unknown key"},
		{"privacy groups without groups", edit(t, "    groups: [analysts]\n    config", "    config"),
			"connections[0].groups", "missing: privacy groups needs at least one group"},
		{"groups without privacy groups", edit(t, "privacy: groups", "privacy: private"),
			"connections[0].groups", "groups apply only with privacy groups"},
		{"undeclared group", edit(t, "groups: [analysts]\n    config", "groups: [sales]\n    config"),
			"connections[0].groups[0]", `group "sales" is not declared in groups`},
		{"bad privacy", edit(t, "privacy: groups", "privacy: public"),
			"connections[0].privacy", "must be one of private, groups, organization"},
		{"owner unknown", edit(t, "owner: alice\n    privacy", "owner: zoe\n    privacy"),
			"connections[0].owner", `user "zoe" is not declared in users`},
		{"password and verifier", edit(t, "password: bob-secret",
			"password: bob-secret\n    scram_sha_256: '"+testVerifier+"'"),
			"users[1].password", "set together with scram_sha_256"},
		{"no password", edit(t, "    password: bob-secret\n", ""),
			"users[1].password", "missing: set password or scram_sha_256"},
		{"bad verifier", edit(t, testVerifier, "SCRAM-SHA-256$4096:c2FsdA==$abc:def"),
			"users[0].scram_sha_256", "invalid verifier: StoredKey is not a base64 SHA-256 digest"},
		{"reserved user name", edit(t, "name: bob", "name: token"),
			"users[1].name", `"token" is reserved`},
		{"port out of range", edit(t, "port: 5432", "port: 70000"),
			"connections[0].config.credentials.port", `must be a port number from 1 to 65535, got "70000"`},
		{"bad sslmode", edit(t, "password: p\n", "password: p\n        sslmode: always\n"),
			"connections[0].config.credentials.sslmode", "must be one of disable, allow, prefer"},
		{"bad listen", validYAML + "listen: localhost\n",
			"listen", `invalid address "localhost"`},
		{"bad http listen", validYAML + "http:\n  listen: 9187\n",
			"http.listen", `invalid address "9187"`},
		{"http listen clash", validYAML + "listen: 127.0.0.1:6000\nhttp:\n  listen: 127.0.0.1:6000\n",
			"http.listen", `same address as listen, "127.0.0.1:6000"`},
		{"bad tls mode", validYAML + "tls:\n  mode: verify\n",
			"tls.mode", "must be one of disable, allow, require"},
		{"tls require without files", validYAML + "tls:\n  mode: require\n",
			"tls.cert_file", "missing: tls.mode require needs cert_file and key_file"},
		{"tls files unreadable", validYAML + "tls:\n  cert_file: /nonexistent/c.pem\n  key_file: /nonexistent/k.pem\n",
			"tls.cert_file", `cannot read "/nonexistent/c.pem"`},
		{"small message limit", validYAML + "limits:\n  max_message_bytes: 100\n",
			"limits.max_message_bytes", "must be at least 1024, got 100"},
		{"negative timeout", validYAML + "limits:\n  connect_timeout: -1s\n",
			"limits.connect_timeout", "must not be negative, got -1s"},
		{"negative statement timeout", validYAML + "limits:\n  statement_timeout: -5s\n",
			"limits.statement_timeout", "must not be negative, got -5s"},
		{"negative drain timeout", validYAML + "limits:\n  drain_timeout: -1m\n",
			"limits.drain_timeout", "must not be negative, got -1m0s"},
		{"non-integer limit", validYAML + "limits:\n  max_connections: many\n",
			"limits.max_connections", `must be an integer, got "many"`},
		{"bad log level", validYAML + "log:\n  level: verbose\n",
			"log.level", "must be one of debug, info, warn, error"},
		{"list where mapping", validYAML + "limits: [1, 2]\n",
			"limits", "must be a mapping of keys to values, not a list"},
		{"mapping where string", edit(t, "name: bob", "name: {first: bob}"),
			"users[1].name", "must be a single value"},
		{"bad expires", edit(t, "    grants: [warehouse]\n", "    grants: [warehouse]\n    expires: soon\n"),
			"tokens[0].expires", `invalid time "soon"`},
		{"undefined alias", edit(t, "port: 5432", "port: *nope"),
			"connections[0].config.credentials.port", "alias *nope refers to no anchor &nope"},
		{"unset variable", edit(t, "password: p", "password: ${PGWAY_TEST_UNSET}"),
			"connections[0].config.credentials.password", "environment variable PGWAY_TEST_UNSET is not set"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, problems := LoadAndValidate(writeConfig(t, tc.yaml))
			if c != nil {
				t.Errorf("got a configuration despite problems")
			}
			p, ok := problemAt(problems, tc.path)
			if !ok {
				t.Fatalf("no problem at %s; got %v", tc.path, problems)
			}
			if !strings.Contains(p.Message, tc.message) {
				t.Errorf("problem %q does not contain %q", p, tc.message)
			}
		})
	}
}

func TestSnowflakeCredentialsChecked(t *testing.T) {
	text := edit(t, "provider_id: postgres", "provider_id: snowflake")
	text = strings.Replace(text, "type: password", "type: snowflake_account", 1)
	_, problems := LoadAndValidate(writeConfig(t, text))

	want := map[string]string{
		"connections[0].provider_id":                    "",
		"connections[0].config.credentials.account":     "missing",
		"connections[0].config.credentials.warehouse":   "missing",
		"connections[0].config.credentials.port":        "", // allowed as an optional field
		"connections[0].config.credentials.host":        "",
		"connections[0].config.credentials.database":    "",
		"connections[0].config.credentials.username":    "",
		"connections[0].config.credentials.password":    "",
		"connections[0].config.credentials.private_key": "",
	}
	for path, message := range want {
		p, found := problemAt(problems, path)
		switch {
		case message == "" && found:
			t.Errorf("unexpected problem %s", p)
		case message != "" && !found:
			t.Errorf("no problem at %s; got %v", path, problems)
		case message != "" && !strings.Contains(p.Message, message):
			t.Errorf("problem %q does not contain %q", p, message)
		}
	}
}

func TestUnsetVariableReportedOnce(t *testing.T) {
	t.Setenv("PGWAY_TEST_UNSET", "")
	os.Unsetenv("PGWAY_TEST_UNSET")
	text := edit(t, "password: p", "password: s3cret-${PGWAY_TEST_UNSET}")

	_, problems := LoadAndValidate(writeConfig(t, text))
	if len(problems) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(problems), problems)
	}
	if strings.Contains(problems[0].String(), "s3cret") {
		t.Errorf("problem %q shows part of the value", problems[0])
	}
	if !strings.Contains(problems[0].Message, "PGWAY_TEST_UNSET") {
		t.Errorf("problem %q does not name the variable", problems[0])
	}
}

func TestSecretValueNotShown(t *testing.T) {
	text := edit(t, "password: p\n", "password: p\n        sslmode: hunter2\n")
	text = strings.Replace(text, "provider_id: postgres", "provider_id: snowflake", 1)
	text = strings.Replace(text, "type: password", "type: snowflake_key_pair", 1)
	text = strings.Replace(text, "password: p", "private_key: hunter3", 1)
	_, problems := LoadAndValidate(writeConfig(t, text))

	p, ok := problemAt(problems, "connections[0].config.credentials.private_key")
	if !ok {
		t.Fatalf("no problem for private_key; got %v", problems)
	}
	if strings.Contains(p.Message, "hunter3") {
		t.Errorf("problem %q shows the secret", p)
	}
	if !strings.Contains(p.Message, "is not PEM") {
		t.Errorf("problem %q does not say the key is not PEM", p)
	}
}

func TestSyntaxErrorNamesLine(t *testing.T) {
	path := writeConfig(t, "listen: 127.0.0.1:1\nlimits:\n  a: [1\n")
	_, problems := LoadAndValidate(path)
	if len(problems) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(problems), problems)
	}
	if !strings.HasPrefix(problems[0].Path, path+":3:") {
		t.Errorf("path %q does not give line 3 of %s", problems[0].Path, path)
	}
	if !strings.Contains(problems[0].Message, "invalid YAML") {
		t.Errorf("message %q does not say the YAML is invalid", problems[0].Message)
	}
}

func TestFileProblems(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		message string
	}{
		{"two documents", "listen: :1\n---\nlisten: :2\n", "contains 2 YAML documents"},
		{"top-level list", "- a\n- b\n", "must be a mapping"},
		{"duplicate key", "listen: :1\nlisten: :2\n", "already defined"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := LoadAndValidate(writeConfig(t, tc.text))
			if len(problems) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(problems), problems)
			}
			if !strings.Contains(problems[0].Message, tc.message) {
				t.Errorf("problem %q does not contain %q", problems[0], tc.message)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.yaml")
	_, err := Load(path)
	if err == nil {
		t.Fatal("Load of a missing file returned no error")
	}
	problems, ok := err.(Problems)
	if !ok || len(problems) != 1 {
		t.Fatalf("error %v is not one Problem", err)
	}
	if problems[0].Path != path || !strings.Contains(problems[0].Message, "no such file") {
		t.Errorf("problem = %s", problems[0])
	}
}
