package enginetest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// roundOfFloatSetup creates a table of floats for roundOfFloatQueries.
var roundOfFloatSetup = []string{
	"create table rs_floats (f float8, n numeric(12,4))",
	"insert into rs_floats values (2.5, 3.14159), (-1e10, -99999999.9999), (0, 0), (null, null)",
}

// roundOfFloatQueries round float arithmetic under another function, a
// CASE or a cast. The rewrite of round() writes its argument three times,
// and the overflow check of the arithmetic inside had wrapped the shared
// node again at each visit until the stack ran out, which ended pgway.
var roundOfFloatQueries = []string{
	"select round(abs(1.5::float8 - 1))",
	"select round((1.5::float8 + 1)::numeric)",
	"select round(cast(1.5::float8 - 1 as numeric))",
	"select round(abs(f * 2)) from rs_floats order by 1",
	"select round(coalesce(f - 1, 0)) from rs_floats order by 1",
	"select round(nullif(f - 1, 0)) from rs_floats order by 1",
	"select round(greatest(f - 1, 0)) from rs_floats order by 1",
	"select round(case when true then f - 1 end) from rs_floats order by 1",
	"select round((f + 1)::numeric) from rs_floats order by 1",
	"select round((f * n)::numeric) from rs_floats where false",
}

func TestRoundOfFloatArithmetic(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists rs_floats") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, roundOfFloatSetup)
	compareExact(t, gw, pg, roundOfFloatQueries)
}

// TestCatalogSelectWithoutColumns checks that a SELECT without columns
// from the catalog gets a RowDescription before its rows, as psql
// requires: it exits with an error on a DataRow that comes first.
func TestCatalogSelectWithoutColumns(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not installed")
	}
	cluster := catalogCluster(t)
	g := serve(t, catalogConfig(t, cluster))
	dsns := map[string]string{
		"pgway":      g.dsn("alice", alicePassword, "carto_dw", "disable"),
		"PostgreSQL": fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/postgres?sslmode=disable", adminRole, adminPassword, cluster.Port),
	}
	for _, sql := range []string{
		"select from pg_class limit 1",
		"select from pg_class where false",
		"select from information_schema.tables limit 2",
	} {
		outputs := map[string]string{}
		for server, dsn := range dsns {
			cmd := exec.Command(psql, "-X", "-v", "ON_ERROR_STOP=1", "-c", sql, dsn)
			cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=5")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s on %s: psql: %v\n%s", sql, server, err, out)
			}
			outputs[server] = string(out)
		}
		if outputs["pgway"] != outputs["PostgreSQL"] {
			t.Errorf("%s: psql output\n pgway:      %q\n PostgreSQL: %q", sql, outputs["pgway"], outputs["PostgreSQL"])
		}
	}
}
