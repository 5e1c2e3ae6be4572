package translate

import (
	"strings"
	"testing"
)

// TestMixedScaleUses checks that a use which would show DuckDB's one
// scale for numbers of different scales fails with 0A000 naming the use,
// and that uses which show no scale, or pass the values on as they are,
// still translate.
func TestMixedScaleUses(t *testing.T) {
	rejected := []struct{ sql, use string }{
		{"select x::text, x + 1 from (values (1), (1.5)) v(x)", "a cast to text"},
		{"select x + 1 from (values (1), (1.5)) v(x)", "a result column"},
		{"select x::text from (select 1 as x union all select 1.5) s", "a cast to text"},
		{"with t(x) as (values (1), (1.5)) select x::varchar from t", "a cast to varchar"},
		{"select x::text from (select x from (values (1), (1.5)) v(x)) s", "a cast to text"},
		{"select sum(x) from (values (1), (1.5)) v(x) where x < 1.2", "a result column"},
		{"select min(x) from (values (1), (1.5)) v(x)", "a result column"},
		{"select (select x from (values (1), (1.5)) v(x) limit 1)", "a result column"},
		{"select (select v.x::text) from (values (1), (1.5)) v(x)", "a cast to text"},
		{"select x from (values (1), (1.5)) v(x) union select 2", "UNION"},
		{"select unnest(array[1.50, 2])", "unnest()"},
		{"select (array[1.50, 2])[2]", "a subscript"},
		{"select array_to_string(array[1.50, 2], ',')", "array_to_string()"},
		{"select a::text from (select array[1.50, 2] a) s", "a cast to text"},
		{"select array_agg(x)::text from (values (1), (1.50)) v(x)", "array_agg()"},
		{"select x, count(*) from (values (1.50), (2)) v(x) group by 1", "a result column"},
		{"select x from (values (1.50), (2)) v(x) group by rollup(x)", "a result column"},
		{"select x from (values (1.50), (2)) v(x) group by x having x > 1", "a result column"},
		{"select * from (values (1.50), (2)) v(x) group by x", "a result column"},
		{"select coalesce(x, 0) from (values (1.50), (2)) v(x)", "a result column"},
		{"select distinct x from (values (1.50), (2)) v(x)", "a result column"},
		{"select x, x as y from (values (1.50), (2)) v(x)", "a result column"},
		{"select array_agg(distinct x) from (values (1.50), (2)) v(x)", "array_agg()"},
		{"create table t as select x from (values (1), (1.5)) v(x)", "a result column"},
	}
	d := DuckDB(DuckDBCapabilities{})
	for _, c := range rejected {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%s: %v %v", c.sql, err, stmts)
		}
		e := AsError(stmts[0].Err)
		if e == nil || e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", c.sql, stmts[0].Err)
			continue
		}
		if !strings.HasPrefix(e.Message, c.use+" of numeric values of different scales") {
			t.Errorf("%s: message %q does not start with %q", c.sql, e.Message, c.use)
		}
	}

	kept := []string{
		"select x from (values (1), (1.5)) v(x)",
		"values (1), (1.5)",
		"select 1 as x union all select 1.5",
		"select x from (values (1), (1.5)) v(x) order by x desc",
		"select x from (select x from (values (1), (1.5)) v(x)) s",
		"with t(x) as (values (1), (1.5)) select x from t",
		"select array_agg(x) from (values (1), (1.50)) v(x)",
		"select x, count(*) from (values (1.50), (2)) v(x) group by x",
		"select array[1.50, 2]",
		"select array[1.50, 2]::text",
		"select max(x), sqrt(min(x)) from (values (1), (1.5)) v(x)",
		"select x / 3 from (values (1), (1.5)) v(x) order by 1",
		"select sum(x), avg(x), count(x) from (values (1), (1.5)) v(x)",
		"select count(*) from (values (1), (1.5)) v(x) where x > 1",
		"select count(*) from (select x from (values (1), (1.5)) v(x)) s",
		"select exists (select * from (select * from (values (1), (1.5)) v(x)) s)",
		"select count(*) from (values (1), (1.5)) v(x) where exists (select 1 where x > 1)",
		"select x::numeric(5,2), round(x), round(x, 1), x::int, x::float8 from (values (1), (1.5)) v(x)",
		"select count(*) from (values (1), (1.5)) v(x) where x + 1 > 2 and x in (1, 2)",
		"select cardinality(array[1.50, 2]), 2 = any(array[1.50, 2]), array[1.50, 2] = array[1.5, 2]",
		"select x from (values (1.5), (2.5)) v(x) where x > 2",
		"insert into t select x from (values (1), (1.5)) v(x)",
		"select id from (values (1, 1.5), (2, 2)) p(id, price) group by id having sum(price) > 1",
		"select id from (values (1, 1.5), (2, 2)) p(id, price) group by id order by sum(price)",
		"select id, sum(price)::int from (values (1, 1.5), (2, 2)) p(id, price) group by id",
		"select x + 0.001, x - 0.00, 0.01 + x from (values (1.25), (2.5)) v(x)",
	}
	for _, sql := range kept {
		stmts, err := New(8).Translate(d, sql, &Session{})
		if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
			t.Errorf("%s: %v %v", sql, err, stmts)
		}
	}
}

// TestMixedScaleArrayText checks that a cast to text of ARRAY[...] of
// number constants of different scales becomes the text PostgreSQL
// writes.
func TestMixedScaleArrayText(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"select array[1.50, 2]::text", "SELECT '{1.50,2}'::text AS \"array\""},
		{"select array[-1.50, 2, null, 00.5, -0.00]::text", "SELECT '{-1.50,2,NULL,0.5,0.00}'::text AS \"array\""},
		{"select array[1.5, 2.5]::text", "SELECT pgway_text(ARRAY[1.5, 2.5], typeof(ARRAY[1.5, 2.5]), COALESCE(NULL::int4, 1))::text AS \"array\""},
	}
	checkExactRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}
