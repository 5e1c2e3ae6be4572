package proxy_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"pgway/config"
	// NOTE: linked only for the engine tests of robustness_messages_test.go,
	// which use the demo warehouse. The other engine tests are in
	// proxy/enginetest; once these move there too, proxy's test binary no
	// longer links DuckDB.
	_ "pgway/providers/duckdb"
)

func connectDemo(t *testing.T, g *gateway) *pgx.Conn {
	t.Helper()
	return g.connect(t, config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
}
