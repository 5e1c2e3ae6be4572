package config

import (
	"strings"
	"testing"
	"time"
)

const catalogYAML = "catalog:\n  dsn: postgres://admin:s3cret@127.0.0.1:5999/postgres\n"

func TestCatalogLoaded(t *testing.T) {
	c, problems := LoadAndValidate(writeConfig(t, validYAML+catalogYAML+"  refresh_interval: 90s\n"))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if c.Catalog.DSN != "postgres://admin:s3cret@127.0.0.1:5999/postgres" {
		t.Errorf("dsn = %q", c.Catalog.DSN)
	}
	if time.Duration(c.Catalog.RefreshInterval) != 90*time.Second {
		t.Errorf("refresh_interval = %s, want 1m30s", c.Catalog.RefreshInterval)
	}
}

func TestCatalogRefreshDefault(t *testing.T) {
	c, problems := LoadAndValidate(writeConfig(t, validYAML))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if c.Catalog.RefreshInterval != DefaultCatalogRefresh {
		t.Errorf("refresh_interval = %s, want %s", c.Catalog.RefreshInterval, DefaultCatalogRefresh)
	}
	if c.Catalog.DSN != "" {
		t.Errorf("dsn = %q, want empty", c.Catalog.DSN)
	}
}

func TestCatalogProblems(t *testing.T) {
	cases := []struct {
		name, yaml, path, message string
	}{
		{"postgres connection", strings.Replace(validYAML+catalogYAML, "name: warehouse", "name: postgres", 1),
			"connections[0].name", `name "postgres" is reserved while catalog.dsn is set`},
		{"dsn database connection",
			strings.Replace(validYAML, "name: warehouse", "name: admin_db", 1) +
				"catalog:\n  dsn: postgres://admin:s3cret@127.0.0.1:5999/admin_db\n",
			"connections[0].name", "the database that catalog.dsn names"},
		{"template1 without catalog", strings.Replace(validYAML, "name: warehouse", "name: template1", 1),
			"connections[0].name", `reserved database name "template1"`},
		{"pg_ user", strings.Replace(validYAML+catalogYAML, "name: bob", "name: pg_bob", 1),
			"users[1].name", "PostgreSQL reserves names that start with pg_"},
		{"public user", strings.Replace(validYAML+catalogYAML, "name: bob", "name: public", 1),
			"users[1].name", "PostgreSQL reserves it"},
		{"dsn role user", strings.Replace(validYAML+catalogYAML, "name: bob", "name: admin", 1),
			"users[1].name", "the role that catalog.dsn logs in as"},
		{"bad dsn", validYAML + "catalog:\n  dsn: 'host=127.0.0.1 port=notaport password=hunter2'\n",
			"catalog.dsn", "invalid connection string"},
		{"negative refresh", validYAML + catalogYAML + "  refresh_interval: -1m\n",
			"catalog.refresh_interval", "must not be negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := LoadAndValidate(writeConfig(t, tc.yaml))
			p, ok := problemAt(problems, tc.path)
			if !ok {
				t.Fatalf("no problem at %s; got %v", tc.path, problems)
			}
			if !strings.Contains(p.Message, tc.message) {
				t.Errorf("problem %q does not contain %q", p, tc.message)
			}
			for _, p := range problems {
				if strings.Contains(p.Message, "hunter2") || strings.Contains(p.Message, "s3cret") {
					t.Errorf("problem %q shows the DSN's password", p)
				}
			}
		})
	}
}

func TestPostgresConnectionWithoutCatalog(t *testing.T) {
	yaml := strings.NewReplacer("name: warehouse", "name: postgres", "grants: [warehouse]", "grants: [postgres]").Replace(validYAML)
	_, problems := LoadAndValidate(writeConfig(t, yaml))
	if len(problems) > 0 {
		t.Errorf("a connection named postgres without a catalog got problems: %v", problems)
	}
}
