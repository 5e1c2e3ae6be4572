package snowflakeemu

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// queryValues runs Snowflake SQL in a new session of e, rewritten as the
// emulator runs it, and returns each row's values printed with %v and
// joined by |.
func queryValues(t *testing.T, e *Emulator, sql string) ([]string, error) {
	t.Helper()
	ctx := context.Background()
	s, err := e.newSession(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	tokens, err := lex(sql)
	if err != nil {
		return nil, err
	}
	rw, err := rewrite(tokens)
	if err != nil {
		return nil, err
	}
	rows, err := s.conn.QueryContext(ctx, rw.sql)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rw.sql, err)
	}
	defer rows.Close()
	columns, _ := rows.Columns()
	var out []string
	for rows.Next() {
		values := make([]any, len(columns))
		pointers := make([]any, len(columns))
		for i := range values {
			pointers[i] = &values[i]
		}
		if err := rows.Scan(pointers...); err != nil {
			return nil, err
		}
		var parts []string
		for _, v := range values {
			parts = append(parts, fmt.Sprintf("%v", v))
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out, rows.Err()
}

func startTestEmulator(t *testing.T) *Emulator {
	t.Helper()
	e, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// TestSnowflakeFunctions checks the emulated functions against results
// that Snowflake's documentation gives or implies.
func TestSnowflakeFunctions(t *testing.T) {
	e := startTestEmulator(t)
	cases := []struct{ sql, want string }{
		// DATEADD keeps a DATE for date parts and clamps the day.
		{`select dateadd('month', 1, '2024-01-31'::date)::varchar, typeof(dateadd(month, 1, '2024-01-31'::date))`, "2024-02-29|DATE"},
		{`select dateadd(year, 1, '2024-02-29'::date)::varchar, dateadd('mon', -2, '2024-01-31'::date)::varchar`, "2025-02-28|2023-11-30"},
		{`select dateadd('hour', 1, '2024-01-31'::date)::varchar`, "2024-01-31 01:00:00"},
		{`select dateadd('day', 1, '2024-02-28 10:00:00'::timestamp_ntz)::varchar`, "2024-02-29 10:00:00"},
		{`select dateadd('second', 0, '2024-02-28'::date)::varchar`, "2024-02-28 00:00:00"},
		{`select dayofweekiso('2024-01-07'::date), weekiso('2024-12-30'::date), yearofweekiso('2024-12-30'::date), dayofyear('2024-03-01'::date)`, "7|1|2025|61"},
		{`select date_part('epoch_microsecond', '2024-01-01 00:00:01.5'::timestamp_ntz), date_part(nanosecond, '2024-01-01 00:00:01.5'::timestamp_ntz), date_part('epoch', '2024-01-01 00:00:01.5'::timestamp_ntz)`, "1704067201500000|500000000|1704067201"},
		{`select to_date('05-03-2024', 'DD-MM-YYYY')::varchar, to_timestamp_ltz('2024-03-05 10:11:12', 'YYYY-MM-DD HH24:MI:SS')::timestamp_ntz::varchar`, "2024-03-05|2024-03-05 10:11:12"},
		{`select to_timestamp_ltz(1709323200)::timestamp_ntz::varchar, to_timestamp_ntz(1709323200000)::varchar`, "2024-03-01 20:00:00|2024-03-01 20:00:00"},
		{`select to_timestamp_ntz(n)::varchar, to_timestamp_ntz(s)::varchar, to_timestamp_ntz(ts)::varchar from (select 1709323200 as n, '2024-03-01 20:00:00' as s, '2024-03-01 20:00:00'::timestamp_ntz as ts)`,
			"2024-03-01 20:00:00|2024-03-01 20:00:00|2024-03-01 20:00:00"},
		// REGEXP_INSTR searches; REGEXP_LIKE matches the whole subject.
		{`select regexp_instr('Porto', 'or'), regexp_instr('Porto', 'x'), regexp_instr('Porto', 'O', 1, 1, 0, 'i'), regexp_instr('Porto', 'or', 1, 1, 1), regexp_instr(null, 'a')`, "2|0|2|4|<nil>"},
		{`select regexp_instr('aXa', 'a$'), regexp_instr('a' || chr(10) || 'b', 'b')`, "3|3"},
		{`select regexp_like('Porto', 'or'), regexp_like('Porto', 'P.*'), regexp_like('porto', 'P.*', 'i'), 'Porto' rlike 'P.*'`, "false|true|true|true"},
		{`select regexp_replace('banana', 'a', '_'), regexp_replace('banana', 'a', '_', 1, 1), regexp_replace('banana', 'A', '', 1, 0, 'i'), regexp_replace('banana', 'a')`, "b_n_n_|b_nana|bnn|bnn"},
		// LISTAGG returns an empty string without values.
		{`select listagg(x, ',') within group (order by x desc), listagg(y, ',') from (select 'a' as x, null as y union all select 'b', null)`, "b,a|"},
		{`select strip_null_value(parse_json('null')), strip_null_value(parse_json('1')), get(parse_json('{"a": null}'), 'a')::varchar`, "<nil>|1|null"},
		{`select is_array(parse_json('[1]')), is_array(parse_json('{}')), array_size(array_construct(1, 'two', null)), array_size(parse_json('{}'))`, "true|false|3|<nil>"},
		{`select array_contains('b'::variant, array_construct('a', 'b')), array_contains(3, array_construct(1, 2)), array_contains(null, array_construct(1))`, "true|false|<nil>"},
		{`select array_except(array_construct('a', 'a', 'b'), array_construct('a'))::varchar, array_distinct(array_construct(1, 1, 2))::varchar`, `["a","b"]|[1,2]`},
		{`select arrays_overlap(array_construct(1, 2), array_construct(2, 3)), arrays_overlap(array_construct(1), array_construct('1'))`, "true|false"},
		// GREATEST and LEAST return NULL when an argument is NULL.
		{`select greatest(1, null), least(2, null), greatest_ignore_nulls(1, null, 3), least_ignore_nulls(null, 2, 3)`, "<nil>|<nil>|3|2"},
		{`select charindex('l', 'hello'), charindex('l', 'hello', 4), charindex('z', 'hello'), charindex('l', 'hello', 5)`, "3|4|0|0"},
		{`select typeof(to_variant(1.5::number(10,2))), typeof(to_variant(1.5::float)), typeof(to_variant(7)), typeof(parse_json('"a"')), typeof(parse_json('null'))`, "DECIMAL|DOUBLE|INTEGER|VARCHAR|NULL_VALUE"},
		{`select hex(to_binary('0102', 'HEX')), hex(to_binary('AQI=', 'BASE64')), hex(to_binary('a', 'UTF-8')), hex(to_binary('0a'))`, "0102|0102|61|0A"},
		{`select bitxor(5, 3), 'a%b' like 'a\\%b' escape '\\', 'a_b' like 'a\\%b' escape '\\'`, "6|true|false"},
		{`select x from (select 1 as x union all select 2) qualify row_number() over (order by x desc) = 1`, "2"},
		{`select listagg(coalesce(x, 'null'), ',') within group (order by x), listagg(coalesce(x, 'null'), ',') within group (order by x desc) from (select 'a' as x union all select null)`, "a,null|null,a"},
		{`select date_trunc('month', '2024-03-05'::date)::varchar, typeof(date_trunc('month', '2024-03-05'::date)), date_trunc('week', '2024-03-07 10:00:00'::timestamp_ntz)::varchar`, "2024-03-01|DATE|2024-03-04 00:00:00"},
		{`select date_trunc(quarter, '2024-05-05 10:11:12.5'::timestamp_ntz)::varchar, date_trunc('second', '2024-05-05 10:11:12.5'::timestamp_ntz)::varchar, date_trunc('hour', '2024-05-05 10:11:12.5'::timestamp_ntz)::varchar, date_trunc('week', '2024-03-10'::date)::varchar`,
			"2024-04-01 00:00:00|2024-05-05 10:11:12|2024-05-05 10:00:00|2024-03-04"},
		{`select booland_agg(b), boolor_agg(b) from (select true as b union all select false)`, "false|true"},
		{`select startswith('Porto', 'Po'), date_from_parts(2024, 13, 1)::varchar, date_from_parts(2024, 3, 0)::varchar`, "true|2025-01-01|2024-02-29"},
		{`select object_construct_keep_null('a', 1, 'b', null)::varchar`, `{"a":1,"b":null}`},
		{`select st_x(st_makepoint(1.5, 2)), st_npoints(to_geography('POLYGON((0 0, 2 0, 2 2, 0 0))')), st_xmin(to_geography('LINESTRING(3 1, -1 5)'))`, "1.5|4|-1"},
		{`select st_intersects(to_geography('POINT(1 1)'), to_geography('POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))')), st_disjoint(to_geography('POINT(5 5)'), to_geography('POINT(1 1)'))`, "true|true"},
		{`select st_asgeojson(to_geography('POINT(-122.35 37.55)'))::varchar, to_varchar(get(st_asgeojson(to_geography('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))')), 'type'))`,
			`{"coordinates":[-122.35,37.55],"type":"Point"}|MultiPolygon`},
		{`select st_asgeojson(to_geography('GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))'))::varchar, st_asgeojson(null) is null`,
			`{"geometries":[{"coordinates":[1,2],"type":"Point"},{"coordinates":[[0,0],[1,1]],"type":"LineString"}],"type":"GeometryCollection"}|true`},
		{`select st_srid(to_geography('POINT(1 1)')), st_aswkt(to_geography('LINESTRING(1 1, 3 4)')), hex(st_aswkb(to_geography('POINT(1 2)')))`, "4326|LINESTRING(1 1,3 4)|0101000000000000000000F03F0000000000000040"},
	}
	for _, c := range cases {
		got, err := queryValues(t, e, c.sql)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if strings.Join(got, "\n") != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.sql, got, c.want)
		}
	}
}

func TestUniformStaysInRange(t *testing.T) {
	e := startTestEmulator(t)
	got, err := queryValues(t, e, `select min(u), max(u), min(f) >= 0 and max(f) <= 1, typeof(any_value(u)) from (select uniform(1, 3, random()) as u, uniform(0::float, 1::float, random()) as f from range(2000))`)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "1|3|true|INTEGER" {
		t.Errorf("got %q, want integers from 1 to 3 and floats from 0 to 1", got)
	}
}

func TestCallErrors(t *testing.T) {
	e := startTestEmulator(t)
	for _, sql := range []string{
		`select dateadd('fortnight', 1, current_date())`,
		`select regexp_instr('a', 'a', 2)`,
		`select regexp_like('a', 'a', 'z')`,
		`select to_binary('00', 'BASE32')`,
		`select dateadd('day', 1)`,
		`select date_trunc('fortnight', current_date())`,
		`select listagg('a', ',' `,
		`select 'a' similar to 'a'`,
	} {
		if _, err := queryValues(t, e, sql); err == nil {
			t.Errorf("%s: no error", sql)
		}
	}
}

func TestDateAddAfterNull(t *testing.T) {
	e := startTestEmulator(t)
	if err := e.Exec(`create table t (o int, d date); insert into t values (1, '1147-10-25'), (2, null), (3, '0016-01-01'), (4, '0865-01-01')`); err != nil {
		t.Fatal(err)
	}
	got, err := queryValues(t, e, `select dateadd('month', 1, d), dateadd('second', 0, dateadd('month', 1, d)) from t order by o`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%q", got)
}
