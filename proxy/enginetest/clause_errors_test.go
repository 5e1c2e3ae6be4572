package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"pgway/internal/corpustest"
)

// These cases compare with PostgreSQL clauses whose errors DuckDB's
// parser or binder would raise with its own SQLSTATE, and the ones that
// pgway rewrites so that DuckDB runs them with PostgreSQL's result.

// clauseDatabase is the oracle's database for these cases, with the
// cities of Andorra of the whole-row cases.
const clauseDatabase = "clause_errors"

var clauseMatches = []string{
	"select generate_series(1, 3) over ()",
	"select 1 intersect select 1, 2",
	"select 1 union select 1, 2",
	"select 1, 2 except (select 1 union select 2)",
	"select 'B' < 'a' collate \"default\", 'B' < 'a' collate \"C\", 'B' < 'a' collate \"POSIX\", 'B' < 'a' collate ucs_basic",
	"select 'B' < 'a' collate pg_catalog.\"C\"",
	"select x from (values ('b'), ('B'), ('a'), ('A')) v(x) order by x collate \"C\"",
	"select 'B' < 'a' collate \"en_US\"",
	"select x from (values ('b'), ('a')) v(x) order by x collate \"en_US\"",
	"select * from rows from (generate_series(1, 3)) g",
	"copy (select 1, 'a') to stdout with (format csv)",
}

// clauseRejected fail with 0A000 on DuckDB.
var clauseRejected = []string{
	"select * from rows from (generate_series(1, 2), generate_series(1, 3))",
	"with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) search depth first by n set o select * from r",
	"with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) cycle n set c using p select n from r",
	"copy (select 1, 'a') to stdout with (format csv, force_quote *)",
}

// clauseSampleCases sample a table with TABLESAMPLE, on the demo
// warehouse's table of Andorra's cities and a copy of its rows.
var clauseSampleCases = []string{
	"select count(*) from cities tablesample bernoulli (100) where country = 'AD'",
	"select count(*) from cities c tablesample system (100.0) where c.country = 'AD'",
	"select count(*) from cities tablesample bernoulli (101) where country = 'AD'",
	"select count(*) from cities tablesample nosuch (10) where country = 'AD'",
}

var clauseSampleRejected = []string{
	"select count(*) from cities tablesample bernoulli (50) where country = 'AD'",
	"select count(*) from cities tablesample system (100) repeatable (7) where country = 'AD'",
}

func TestClausesMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gwConn := connectDemo(t, startDemo(t))
	if err := oracle.Exec("postgres", "drop database if exists "+clauseDatabase); err != nil {
		t.Fatal(err)
	}
	pgConn := corpustest.LoadPostgres(t, oracle, clauseDatabase, wholeRowFixture, "")
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	for _, sql := range append(append([]string(nil), clauseMatches...), clauseSampleCases...) {
		got, want := dbtDDLResult(ctx, gw, sql), dbtDDLResult(ctx, pg, sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
	for _, sql := range append(append([]string(nil), clauseRejected...), clauseSampleRejected...) {
		if want := dbtDDLResult(ctx, pg, sql); !strings.HasPrefix(want, "SELECT") && !strings.HasPrefix(want, "COPY") {
			t.Errorf("%s: PostgreSQL fails with %s, so the case is not a gap", sql, want)
		}
		if got := dbtDDLResult(ctx, gw, sql); !strings.HasPrefix(got, "0A000 ") {
			t.Errorf("%s\n pgway: %s, want 0A000", sql, got)
		}
	}
}
