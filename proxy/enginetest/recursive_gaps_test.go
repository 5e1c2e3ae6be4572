package enginetest

import (
	"context"
	"strings"
	"testing"
)

// recursiveSame are recursive WITH queries and padding calls whose rows,
// or whose SQLSTATE and message, are PostgreSQL's.
var recursiveSame = []string{
	"with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select * from r",
	"with recursive r(n, s) as (select 1, 'a' union all select n + 1, s || 'b' from r where n < 3) select * from r",
	"with recursive r(n) as (select 1.0 union all select n + 1.0 from r where n < 3) select * from r",
	"with recursive r(i, d) as (select 1, 1.5::numeric(3,1) union all select i + 1, (d * 2)::numeric(3,1) from r where i < 3) select * from r",
	"with recursive r(d) as (select date '2024-01-30' union all select d + 1 from r where d < date '2024-02-02') select * from r",
	"with recursive r(n) as (select 1 union all select n + 1 from (select * from r) s where n < 3) select * from r",
	"with recursive r(n) as (select 1 union all select n + 1 from r where n < 3 group by n) select * from r",
	"with recursive r(n) as (select 1 union all select n + (select count(*) from (values (1)) v)::int from r where n < 3) select * from r",
	"with recursive r(n) as (select 1 union all select count(*) from r) select * from r",
	"with recursive r(n) as (select 1 union all select sum(n)::int from r) select * from r",
	"with recursive r(n) as (select 1 union all select n + 1 from r where n < 3 union all select 100) select * from r",
	"with recursive r(n) as (select n from r union all select 1) select * from r",
	"with recursive r(n) as (select 1 union all select r.n + 1 from (select 1) s(x) left join r on true where n < 3) select * from r",
	"with recursive r(n) as (select 1 union all select n + 1 from r where n < (select max(n) from r)) select * from r",
	"with recursive r(n) as (select 1 union all select n + 1 from r where exists (select from r r2)) select * from r",
	"with recursive r(n) as (select 1 union all select r.n + 1 from r, r r2 where r.n < 3) select * from r",
	"with recursive r(n) as (select 1 union all select n + 1 from r where n < 3 order by 1) select * from r",
	"with recursive r(i, s) as (select 1, 'x'::varchar(2) union all select i + 1, s || 'y' from r where i < 3) select * from r",
	"with recursive r(i, d) as (select 1, 1.5::numeric(3,1) union all select i + 1, d * 2 from r where i < 3) select * from r",
	"select lpad('abc', 2147483647, 'x') is null",
	"select rpad('abc', 2147483647, 'x') is null",
	"select rpad('abc', 2147483647) is null",
	"select lpad('abc', 268435455, 'x') is null",
	"select lpad('abc', 2147483647, '')",
	"select lpad(null, 2147483647, 'x')",
	"select repeat('x', 2147483647) is null",
	"select repeat('x', 1073741820) is null",
	"select repeat('', 2147483647)",
}

func TestRecursiveGaps(t *testing.T) {
	gw, pg := typedFilePair(t)
	// Without PostgreSQL's check, an aggregate in the recursive term
	// would recurse until the memory runs out.
	if _, err := gw.Exec(context.Background(), "set statement_timeout = '60s'"); err != nil {
		t.Fatal(err)
	}
	compareExact(t, gw, pg, recursiveSame)
}

// recursiveTypeMismatches are recursive WITH queries that PostgreSQL
// rejects with 42804. pgway's message names DuckDB's types, so only the
// SQLSTATE is compared.
var recursiveTypeMismatches = []string{
	"with recursive r(n) as (select 1 union all select n + 1.5 from r where n < 3) select * from r",
	"with recursive r(n) as (select 1 union all select n * 2.0::float8 from r where n < 3) select * from r",
	"with recursive r(n) as (select 1 union all select n + 1::bigint from r where n < 3) select * from r",
	"with recursive r(d) as (select date '2024-01-01' union all select d + interval '1 day' from r where d < date '2024-01-03') select * from r",
}

func TestRecursiveTypeMismatches(t *testing.T) {
	gw, pg := typedFilePair(t)
	ctx := context.Background()
	for _, sql := range recursiveTypeMismatches {
		for _, mode := range protocolModes {
			want := exactResult(ctx, pg, sql, []any{mode})
			if !strings.HasPrefix(want, "error 42804 ") {
				t.Fatalf("%s: PostgreSQL returned %s, want SQLSTATE 42804", sql, want)
			}
			if got := exactResult(ctx, gw, sql, []any{mode}); !strings.HasPrefix(got, "error 42804 ") {
				t.Errorf("%s (%v): pgway returned %s, want SQLSTATE 42804", sql, mode, got)
			}
		}
	}
}

// recursiveScales are recursive WITH queries whose numeric values
// PostgreSQL keeps at scales of their own, which one DuckDB column
// cannot hold, so pgway raises 0A000.
var recursiveScales = []string{
	"with recursive r(n) as (select 1.0 union all select n * 1.5 from r where n < 3) select n from r",
	"with recursive r(n) as (select 1::numeric union all select n + 1.5 from r where n < 3) select * from r",
	"with recursive r(n) as (select 1.5 union all select n + 0.25 from r where n < 2) select * from r",
	"with recursive r(i, x) as (select 1, 1.0::numeric union all select i + 1, x * 1.1 from r where i < 4) select * from r",
}

func TestRecursiveScalesUnsupported(t *testing.T) {
	gw, pg := typedFilePair(t)
	ctx := context.Background()
	for _, sql := range recursiveScales {
		if want := exactResult(ctx, pg, sql, nil); strings.HasPrefix(want, "error") {
			t.Fatalf("%s: PostgreSQL returned %s", sql, want)
		}
		for _, mode := range protocolModes {
			if got := exactResult(ctx, gw, sql, []any{mode}); !strings.HasPrefix(got, "error 0A000 ") {
				t.Errorf("%s (%v): pgway returned %s, want SQLSTATE 0A000", sql, mode, got)
			}
		}
	}
}
