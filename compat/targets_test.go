package compat

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgway/config"
)

// target is a pgway connection that the suite runs every client against.
// A warehouse joins the suite as one more entry in targets, whose setUp
// loads the demo tables into it (or its emulator) and returns its
// connection.
type target struct {
	// Name names the subtests: the connection's provider_id.
	Name string
	// Relay marks a provider whose upstream PostgreSQL runs catalog
	// queries itself, so pg_database lists the upstream's databases
	// instead of the user's pgway connections.
	Relay bool
	// setUp runs once before the tests, after the oracle database is
	// loaded. It returns the connection, which alice must be allowed to use.
	setUp func() (config.Connection, error)
	// Connection is the name of the connection that setUp returned, the
	// database name that clients give.
	Connection string
	// Gaps names the tests that this target does not pass yet, each with
	// the reason, which the test reports when it skips the target.
	Gaps map[string]string
}

// skipGap skips the current target's subtest when its target lists test
// as a gap.
func (tg *target) skipGap(t *testing.T, test string) {
	t.Helper()
	if reason, ok := tg.Gaps[test]; ok {
		t.Skipf("known gap on %s: %s", tg.Name, reason)
	}
}

var targets = []*target{
	{Name: "carto_dw", setUp: cartoDWConnection},
	{Name: "postgres", Relay: true, setUp: postgresConnection},
}

// cartoDWConnection is the embedded DuckDB demo warehouse, which loads
// the demo tables itself.
func cartoDWConnection() (config.Connection, error) {
	return config.Connection{Name: "carto_dw", ProviderID: "carto_dw", Owner: alice,
		Privacy: config.PrivacyOrganization, Config: config.ConnectionConfig{Type: "embedded"}}, nil
}

// postgresConnection relays to the oracle database, so its demo tables
// are the oracle's.
func postgresConnection() (config.Connection, error) {
	credentials := map[string]string{
		"host": upstream.Host, "port": strconv.Itoa(upstream.Port), "database": warehouseDB,
		"username": warehouseRole, "password": warehousePassword, "sslmode": "disable",
	}
	return config.Connection{Name: "warehouse_pg", ProviderID: "postgres", Owner: alice,
		Privacy: config.PrivacyOrganization,
		Config:  config.ConnectionConfig{Type: "password", Credentials: credentials}}, nil
}

// aliceConnections returns the names of the connections alice may use,
// sorted: those of the targets. A catalog database lists them, and only
// them, in pg_database.
func aliceConnections() []string {
	var names []string
	for _, conn := range connections {
		names = append(names, conn.Name)
	}
	slices.Sort(names)
	return names
}

// forEachTarget runs test as a subtest for every target.
func forEachTarget(t *testing.T, test func(t *testing.T, tg *target)) {
	for _, tg := range targets {
		t.Run(tg.Name, func(t *testing.T) { test(t, tg) })
	}
}

// endpoint is where a client connects and as whom.
type endpoint struct {
	Host     string
	Port     int
	User     string
	Password string
	Database string
}

// gateway returns the endpoint of tg through pgway as alice.
func (tg *target) gateway() endpoint {
	return endpoint{Host: "127.0.0.1", Port: gatewayPort, User: alice, Password: alicePassword, Database: tg.Connection}
}

// oracle returns the upstream's demo database, reached directly, which
// holds the same tables as every target.
func oracle() endpoint {
	return endpoint{Host: upstream.Host, Port: upstream.Port, User: warehouseRole,
		Password: warehousePassword, Database: warehouseDB}
}

// env returns the libpq environment variables for e. node-postgres reads
// the same variables, and the other client programs under testdata read
// them to build their connection strings.
func (e endpoint) env() []string {
	return []string{
		"PGHOST=" + e.Host,
		"PGPORT=" + strconv.Itoa(e.Port),
		"PGUSER=" + e.User,
		"PGPASSWORD=" + e.Password,
		"PGDATABASE=" + e.Database,
		"PGSSLMODE=disable",
		"PGCONNECT_TIMEOUT=10",
	}
}

// clientEnv returns the test's environment without its PG variables, so
// that a developer's PGSERVICE or PGOPTIONS does not reach the clients,
// followed by the variables of e and extra.
func clientEnv(e endpoint, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "PGWAY_") {
			env = append(env, kv)
		}
	}
	env = append(env, e.env()...)
	return append(env, extra...)
}

// String names e in failure messages, without its password.
func (e endpoint) String() string {
	return fmt.Sprintf("%s@%s:%d/%s", e.User, e.Host, e.Port, e.Database)
}
