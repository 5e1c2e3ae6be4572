package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
	"pgway/internal/pgtest"
)

// openTestManager starts a cluster and opens a Manager on it whose access
// function lets alice use "shared" and "alices", and bob only "shared".
func openTestManager(t *testing.T) *Manager {
	t.Helper()
	cluster, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cluster.Stop() })
	if err := cluster.CreateRole("catalog_admin", "admin-pw"); err != nil {
		t.Fatal(err)
	}
	if err := cluster.Exec("postgres", "ALTER ROLE catalog_admin SUPERUSER"); err != nil {
		t.Fatal(err)
	}
	access := func(user, connection string) bool {
		return connection == "shared" || user == "alice" && connection == "alices"
	}
	cfg := config.Catalog{DSN: cluster.DSN("postgres", "catalog_admin", "admin-pw")}
	m, err := Open(context.Background(), cfg, access, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

// connectAs opens a connection to database as the catalog role of user,
// as Connect does after the mirror's refresh.
func connectAs(t *testing.T, m *Manager, user, database string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := m.ensureRole(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.grantConnect(ctx, r, user, database); err != nil {
		t.Fatal(err)
	}
	if err := m.syncConnectGrants(ctx, user); err != nil {
		t.Fatal(err)
	}
	if err := m.installGuard(ctx, database); err != nil {
		t.Fatal(err)
	}
	cfg := m.adminCfg.Copy()
	cfg.User, cfg.Password, cfg.Database = user, r.password, database
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// outcome runs sql and returns its one value as text, or its SQLSTATE and
// message.
func outcome(conn *pgx.Conn, sql string, args ...any) string {
	var value *string
	err := conn.QueryRow(context.Background(), sql, args...).Scan(&value)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr):
		return pgErr.Code + " " + pgErr.Message
	case err != nil:
		return err.Error()
	case value == nil:
		return "NULL"
	}
	return *value
}

func TestVisibleDatabaseHidesOtherMirrors(t *testing.T) {
	m := openTestManager(t)
	ctx := context.Background()
	if err := m.EnsureDatabases(ctx, []string{"shared", "alices"}); err != nil {
		t.Fatal(err)
	}
	bob := connectAs(t, m, "bob", "shared")
	var alicesOID uint32
	if err := m.admin.QueryRow(ctx, "SELECT oid FROM pg_database WHERE datname = 'alices'").Scan(&alicesOID); err != nil {
		t.Fatal(err)
	}
	const missingOID = 4000000000

	// Each template is run with alice's mirror and with a database that
	// does not exist; the results must be the same but for the name.
	byName := []string{
		"SELECT pg_database_size(pg_catalog.pgway_visible_database($1::text, '3D000'))::text",
		"SELECT has_database_privilege(pg_catalog.pgway_visible_database($1::text, NULL), 'CONNECT')::text",
		"SELECT has_database_privilege('bob', pg_catalog.pgway_visible_database($1::text, NULL), 'CREATE')::text",
	}
	for _, sql := range byName {
		hidden, missing := outcome(bob, sql, "alices"), outcome(bob, sql, "no_such_db")
		if want := `3D000 database "alices" does not exist`; hidden != want {
			t.Errorf("%s with a hidden database = %q, want %q", sql, hidden, want)
		}
		if want := `3D000 database "no_such_db" does not exist`; missing != want {
			t.Errorf("%s with a missing database = %q, want %q", sql, missing, want)
		}
	}
	byOID := map[string]string{
		"SELECT pg_database_size(pg_catalog.pgway_visible_database($1::oid, '3D000'))::text":                     "3D000 database with OID %d does not exist",
		"SELECT pg_database_collation_actual_version(pg_catalog.pgway_visible_database($1::oid, '42704'))::text": "42704 database with OID %d does not exist",
		"SELECT has_database_privilege(pg_catalog.pgway_visible_database($1::oid, NULL), 'CONNECT')::text":       "NULL",
		"SELECT pg_stat_get_db_numbackends(pg_catalog.pgway_visible_database($1::oid, NULL))::text":              "0",
		"SELECT pg_catalog.pgway_shobj_description($1::oid, 'pg_database')":                                      "NULL",
		// A direct call does not distinguish them either.
		"SELECT pg_catalog.pgway_visible_database($1::oid, NULL)::text": "2",
	}
	for sql, want := range byOID {
		for _, oid := range []uint32{alicesOID, missingOID} {
			got := outcome(bob, sql, oid)
			if expected := sprintfOID(want, oid); got != expected {
				t.Errorf("%s with OID %d = %q, want %q", sql, oid, got, expected)
			}
		}
	}

	// bob's own mirror, and the databases every role may connect to.
	for sql, want := range map[string]string{
		"SELECT has_database_privilege(pg_catalog.pgway_visible_database('shared', NULL), 'CONNECT')::text":                                  "true",
		"SELECT (pg_database_size(pg_catalog.pgway_visible_database('shared', '3D000')) > 0)::text":                                          "true",
		"SELECT (pg_database_size(pg_catalog.pgway_visible_database(d.oid, '3D000')) > 0)::text FROM pg_database d WHERE datname = 'shared'": "true",
		"SELECT has_database_privilege(pg_catalog.pgway_visible_database('postgres', NULL), 'CONNECT')::text":                                "true",
		"SELECT has_database_privilege(pg_catalog.pgway_visible_database('template1', NULL), 'CREATE')::text":                                "false",
		"SELECT pg_catalog.pgway_visible_database(NULL::text, '3D000')":                                                                      "NULL",
		"SELECT pg_catalog.pgway_shobj_description(d.oid, 'pg_database') FROM pg_database d WHERE datname = 'shared'":                        ownershipMarker,
		"SELECT pg_catalog.pgway_shobj_description(r.oid, 'pg_authid') FROM pg_roles r WHERE rolname = 'bob'":                                ownershipMarker,
	} {
		if got := outcome(bob, sql); got != want {
			t.Errorf("%s = %q, want %q", sql, got, want)
		}
	}

	// Functions that would get around the rewrite are not PUBLIC's.
	for _, sql := range []string{
		"SELECT count(*)::text FROM ts_stat('SELECT to_tsvector(datname) FROM pg_database')",
		"SELECT objid::text FROM pg_get_object_address('database', '{alices}', '{}')",
	} {
		if got := outcome(bob, sql); got[:5] != "42501" {
			t.Errorf("%s = %q, want 42501", sql, got)
		}
	}

	// alice may use both mirrors, so hers is visible to her.
	alice := connectAs(t, m, "alice", "shared")
	if got := outcome(alice, "SELECT has_database_privilege(pg_catalog.pgway_visible_database('alices', NULL), 'CONNECT')::text"); got != "true" {
		t.Errorf("alice's has_database_privilege on her own mirror = %q, want true", got)
	}
}

func TestSyncConnectGrantsRevokesLostAccess(t *testing.T) {
	m := openTestManager(t)
	ctx := context.Background()
	if err := m.EnsureDatabases(ctx, []string{"shared", "alices"}); err != nil {
		t.Fatal(err)
	}
	r, err := m.ensureRole(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	// A grant left from a time when bob could use alices.
	if err := m.grantConnect(ctx, r, "bob", "alices"); err != nil {
		t.Fatal(err)
	}
	if err := m.syncConnectGrants(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	for database, want := range map[string]bool{"shared": true, "alices": false} {
		var got bool
		err := m.admin.QueryRow(ctx, "SELECT has_database_privilege('bob', $1, 'CONNECT')", database).Scan(&got)
		if err != nil || got != want {
			t.Errorf("bob's CONNECT on %s = %v, %v; want %v", database, got, err, want)
		}
	}
}

// sprintfOID puts oid into want when it has a verb.
func sprintfOID(want string, oid uint32) string {
	if !strings.Contains(want, "%d") {
		return want
	}
	return fmt.Sprintf(want, oid)
}
