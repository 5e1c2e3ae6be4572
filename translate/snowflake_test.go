package translate

import (
	"strings"
	"testing"
)

func TestSnowflakeCorpus(t *testing.T) {
	checkDialectGolden(t, Snowflake(), "snowflake")
}

// snowflakeRewrite translates one statement for Snowflake and returns
// its rewrite, or fails the test.
func snowflakeRewrite(t *testing.T, sql string) string {
	t.Helper()
	st := snowflakeStatement(t, sql, corpusSession)
	if st.Err != nil {
		t.Fatalf("translate %q: %v", sql, st.Err)
	}
	return st.Rewritten
}

func snowflakeStatement(t *testing.T, sql string, s *Session) Statement {
	t.Helper()
	stmts, err := New(10).Translate(Snowflake(), sql, s)
	if err != nil {
		t.Fatalf("translate %q: %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("translate %q: %d statements, expected 1", sql, len(stmts))
	}
	return stmts[0]
}

// snowflakeError translates one statement for Snowflake and returns its
// error, or fails the test when it translates.
func snowflakeError(t *testing.T, sql string) *Error {
	t.Helper()
	st := snowflakeStatement(t, sql, corpusSession)
	e := AsError(st.Err)
	if e == nil {
		t.Fatalf("%q translated to %q, expected an error", sql, st.Rewritten)
	}
	return e
}

func TestSnowflakeIdentifierCase(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select name from cities`, `SELECT NAME FROM CITIES`},
		{`select "name" from "cities"`, `SELECT NAME FROM CITIES`},
		{`select "Name" from "Cities"`, `SELECT "Name" FROM "Cities"`},
		{`select "NAME" from "CITIES"`, `SELECT NAME FROM CITIES`},
		{`select "my col" from t`, `SELECT "MY COL" FROM T`},
		{`select "order" from t`, `SELECT "ORDER" FROM T`},
		{`select c."Mixed", c.plain from public.cities c`, `SELECT C."Mixed", C.PLAIN FROM CITIES C`},
		{`select public.cities.id from public.cities`, `SELECT CITIES.ID FROM CITIES`},
		{`select id from db.public.cities`, `SELECT ID FROM DB.PUBLIC.CITIES`},
		{`select id from analytics.cities`, `SELECT ID FROM ANALYTICS.CITIES`},
		{`select "café" from t`, `SELECT "CAFÉ" FROM T`},
		{`select udfs.score(x), public.postgis_full_version() from t`, `SELECT UDFS.SCORE(X) AS SCORE, POSTGIS_FULL_VERSION() AS POSTGIS_FULL_VERSION FROM T`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
}

func TestSnowflakeResultNames(t *testing.T) {
	actual := snowflakeRewrite(t, `select count(*), 1 + 1, x as "Total", y as total from t`)
	expected := `SELECT count(*) AS COUNT, 1 + 1 AS "?COLUMN?", X AS "Total", Y AS TOTAL FROM T`
	if actual != expected {
		t.Errorf("expected: %s\nactual:   %s", expected, actual)
	}
}

func TestSnowflakeQuotedFunctionName(t *testing.T) {
	e := snowflakeError(t, `select "COUNT"(*) from t`)
	if e.Code != "42883" {
		t.Errorf("code %s, expected 42883: %s", e.Code, e.Message)
	}
}

func TestSnowflakeIntegerDivision(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select 7 / 2`, `SELECT ((7 - mod(7, 2)) / 2)::number(18, 0) AS "?COLUMN?"`},
		{`select x::int / 3 from t`, `SELECT ((X::number(10, 0) - mod(X::number(10, 0), 3)) / 3)::number(18, 0) AS "?COLUMN?" FROM T`},
		{`select div(x::int8, y::int8) from t`, `SELECT ((X::number(18, 0) - mod(X::number(18, 0), Y::number(18, 0))) / Y::number(18, 0))::number(18, 0) AS DIV FROM T`},
		{`select x::float8 / 2 from t`, `SELECT X::float / 2 AS "?COLUMN?" FROM T`},
		{`select x / 2.5 from t`, `SELECT X / 2.5 AS "?COLUMN?" FROM T`},
		{`select avg(x) / 2 from t`, `SELECT avg(X) / 2 AS "?COLUMN?" FROM T`},
		{`select count(*) / 2 from t`, `SELECT ((count(*) - mod(count(*), 2)) / 2)::number(18, 0) AS "?COLUMN?" FROM T`},
		// NUMBER(38,0) reaches clients as numeric, which divides with a
		// fraction.
		{`select x::numeric(38,0) / 2 from t`, `SELECT X::number(38, 0) / 2 AS "?COLUMN?" FROM T`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
	for _, sql := range []string{`select x / 2 from t`, `select x / y from t`, `select random()::int / 2`} {
		if e := snowflakeError(t, sql); e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000", sql, e.Code)
		}
	}
}

// TestSnowflakeNumericResults checks that functions that return numeric
// in PostgreSQL return a NUMBER that reaches clients as numeric, and
// date_part a FLOAT.
func TestSnowflakeNumericResults(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select round(2.5)`, `SELECT round(2.5)::number(38, 0) AS ROUND`},
		{`select round(x::int) from t`, `SELECT round(X::number(10, 0)) AS ROUND FROM T`},
		{`select extract(year from at), extract(dow from at) from t`,
			`SELECT year("AT")::number(38, 0) AS EXTRACT, (dayofweekiso("AT") % 7)::number(38, 0) AS EXTRACT FROM T`},
		{`select date_part('month', at) from t`, `SELECT month("AT")::number(38, 0)::float AS DATE_PART FROM T`},
		{`select extract(year from at) / 2 from t`, `SELECT year("AT")::number(38, 0) / 2 AS "?COLUMN?" FROM T`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
}

func TestSnowflakeParameters(t *testing.T) {
	actual := snowflakeRewrite(t, `select name from cities where id = $1 or parent = $1 and kind = $2`)
	expected := `SELECT NAME FROM CITIES WHERE ID = :1 OR (PARENT = :1 AND KIND = :2)`
	if actual != expected {
		t.Errorf("expected: %s\nactual:   %s", expected, actual)
	}
	if actual := snowflakeRewrite(t, `select '$1', "$1x" from t`); !strings.Contains(actual, `'$1'`) {
		t.Errorf("a $1 inside a string changed: %s", actual)
	}
}

func TestSnowflakeStringLiterals(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select 'a\b' as s`, `SELECT 'a\\b' AS S`},
		{`select E'a\\b\'c' as s`, `SELECT 'a\\b''c' AS S`},
		{`select 'it''s' as s`, `SELECT 'it''s' AS S`},
		{`select x from t where x like 'a\_%'`, `SELECT X FROM T WHERE X LIKE ('a\\_%') ESCAPE '\\'`},
		{`select x from t where x not like 'a#_%' escape '#'`, `SELECT X FROM T WHERE X NOT LIKE ('a#_%') ESCAPE '#'`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
}

func TestSnowflakeFoldedBackslash(t *testing.T) {
	s := &Session{User: `dom\ann`, Database: "demo"}
	st := snowflakeStatement(t, `select current_user from t`, s)
	if !strings.Contains(st.Rewritten, `'dom\\ann'`) {
		t.Errorf("folded user with a backslash: %s", st.Rewritten)
	}
}

func TestSnowflakeGeographyRule(t *testing.T) {
	for _, sql := range []string{
		`select st_distance(a.geom, b.geom) from countries a, countries b`,
		`select st_area(geom) from countries`,
		`select st_length(geom) from countries`,
		`select name from countries where st_dwithin(geom, st_makepoint(0, 0), 1)`,
		`select st_buffer(geom, 1) from countries`,
	} {
		e := snowflakeError(t, sql)
		if e.Code != CodeFeatureNotSupported || !strings.Contains(e.Hint, "cast the arguments to geography") {
			t.Errorf("%s: %s %s (hint %q), expected 0A000 with a hint to cast to geography", sql, e.Code, e.Message, e.Hint)
		}
	}
	cases := []struct{ sql, expected string }{
		{`select st_distance(a.geom::geography, b.geom::geography) from countries a, countries b`,
			`SELECT st_distance(A.GEOM::geography, B.GEOM::geography) AS ST_DISTANCE FROM COUNTRIES A, COUNTRIES B`},
		{`select st_area(geom::geography) from countries`,
			`SELECT st_area(GEOM::geography) AS ST_AREA FROM COUNTRIES`},
		{`select name from countries where st_dwithin(geom::geography, 'POINT(0 0)'::geography, 1000)`,
			`SELECT NAME FROM COUNTRIES WHERE st_dwithin(GEOM::geography, 'POINT(0 0)'::geography, 1000)`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
	e := snowflakeError(t, `select st_buffer(geom::geography, 10) from countries`)
	if e.Code != CodeFeatureNotSupported {
		t.Errorf("geodesic buffer: %s %s, expected 0A000", e.Code, e.Message)
	}
}

func TestSnowflakeDistinctOn(t *testing.T) {
	actual := snowflakeRewrite(t, `select distinct on (country) country, name from cities order by country, population desc`)
	expected := `SELECT COUNTRY, NAME FROM CITIES QUALIFY row_number() OVER (PARTITION BY COUNTRY ORDER BY COUNTRY NULLS LAST, ` +
		`POPULATION DESC NULLS FIRST) = 1 ORDER BY COUNTRY NULLS LAST, POPULATION DESC NULLS FIRST`
	if actual != expected {
		t.Errorf("expected: %s\nactual:   %s", expected, actual)
	}
	for _, sql := range []string{
		`select distinct on (1) country, name from cities order by 1`,
		`select distinct on (c) country as c, name from cities order by c`,
	} {
		if e := snowflakeError(t, sql); e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000", sql, e.Code)
		}
	}
}

func TestSnowflakeIntervalArithmetic(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select at + interval '1 month 2 days 3 hours' from t`,
			`SELECT dateadd('hour', 3, dateadd('day', 2, dateadd('month', 1, "AT"))) AS "?COLUMN?" FROM T`},
		{`select at - interval '90 minutes' from t`, `SELECT dateadd('minute', -90, "AT") AS "?COLUMN?" FROM T`},
		{`select '2024-01-31'::date + interval '1 month'`,
			`SELECT dateadd('month', 1, '2024-01-31'::date::timestamp_ntz) AS "?COLUMN?"`},
		// A column may be a DATE, to which DATEADD of months gives a DATE:
		// adding no seconds makes it a timestamp, as in PostgreSQL.
		{`select d + interval '1 month' from t`,
			`SELECT dateadd('second', 0, dateadd('month', 1, D)) AS "?COLUMN?" FROM T`},
		{`select d + interval '0 days' from t`, `SELECT dateadd('second', 0, D) AS "?COLUMN?" FROM T`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
	for _, sql := range []string{`select interval '1 day'`, `select at + interval '1.5 days' from t`, `select at * interval '1 day' from t`} {
		if e := snowflakeError(t, sql); e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000", sql, e.Code)
		}
	}
}

func TestSnowflakeJSON(t *testing.T) {
	cases := []struct{ sql, expected string }{
		{`select payload -> 'a', payload ->> 'a' from t`,
			`SELECT get(PAYLOAD, 'a') AS "?COLUMN?", to_varchar(strip_null_value(get(PAYLOAD, 'a'))) AS "?COLUMN?" FROM T`},
		{`select jsonb_extract_path_text(payload, 'a', 'b') from t`,
			`SELECT to_varchar(strip_null_value(get(get(PAYLOAD, 'a'), 'b'))) AS JSONB_EXTRACT_PATH_TEXT FROM T`},
		{`select '{"a": 1}'::jsonb -> 'a'`, `SELECT get(parse_json('{"a": 1}'), 'a') AS "?COLUMN?"`},
	}
	for _, c := range cases {
		if actual := snowflakeRewrite(t, c.sql); actual != c.expected {
			t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
		}
	}
	if e := snowflakeError(t, `select payload -> k from t`); e.Code != CodeFeatureNotSupported {
		t.Errorf("key that is not a constant: code %s, expected 0A000", e.Code)
	}
}

func TestSnowflakeBooleanTests(t *testing.T) {
	actual := snowflakeRewrite(t, `select a is true, a is not true, a is false, a is not false, a is unknown, a is not unknown from t`)
	expected := `SELECT A IS NOT DISTINCT FROM true AS "?COLUMN?", A IS DISTINCT FROM true AS "?COLUMN?", ` +
		`A IS NOT DISTINCT FROM false AS "?COLUMN?", A IS DISTINCT FROM false AS "?COLUMN?", ` +
		`A IS NULL AS "?COLUMN?", A IS NOT NULL AS "?COLUMN?" FROM T`
	if actual != expected {
		t.Errorf("expected: %s\nactual:   %s", expected, actual)
	}
}

func TestSnowflakeFloatToIntegerCast(t *testing.T) {
	actual := snowflakeRewrite(t, `select 2.5::float8::int`)
	expected := `SELECT CASE WHEN abs((2.5)::float - trunc((2.5)::float)) = 0.5 THEN 2 * round((2.5)::float / 2) ` +
		`ELSE (2.5)::float END::number(10, 0) AS INT4`
	if actual != expected {
		t.Errorf("expected: %s\nactual:   %s", expected, actual)
	}
}

func TestSnowflakeRejectsInexact(t *testing.T) {
	for _, sql := range []string{
		`select x::float4 from t`,
		`select 'ab'::char(3)`,
		`select x::numeric from t`,
		`select name ~ '(?=a)' from t`,
		`select name ~ 'a+?' from t`,
		`select substring(name, 0, 2) from t`,
		`select left(name, -1) from t`,
		`select array_agg(x) from t`,
		`select initcap(name) from t`,
		`select x from t for update`,
		`insert into t values (1) returning x`,
		`create table t (id int primary key)`,
		`select sum(x) over w from t window w as (order by x)`,
		`select count(*) over (order by x groups between 1 preceding and current row) from t`,
		`explain select 1`,
		`select B'101'`,
		`select a[1] from t`,
		`select count() filter (where x) from t`,
		`select now()::text`,
		`select * from unnest(array[1, 2])`,
		`select t.ctid, x from t`,
		`select x from t where ctid = '(0,1)'`,
	} {
		if e := snowflakeError(t, sql); e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000: %s", sql, e.Code, e.Message)
		}
	}
}

// TestSnowflakeSharedTemplatesMatchCorpus translates every corpus
// statement with its literals changed, and checks each translation
// against an uncached one.
func TestSnowflakeSharedTemplatesMatchCorpus(t *testing.T) {
	d := Snowflake()
	tr := New(1000)
	shared := 0
	for _, path := range corpusFiles(t) {
		for _, c := range readCorpus(t, path) {
			checkSameAsUncached(t, tr, d, c.sql, corpusSession)
			for seed := range 6 {
				if checkSameAsUncached(t, tr, d, perturbLiterals(c.sql, seed), corpusSession) {
					shared++
				}
			}
		}
	}
	if shared < 100 {
		t.Errorf("%d variants used a shared template, expected at least 100", shared)
	}
	t.Logf("%d variants used a shared template", shared)
}

// TestSnowflakeTextRescans checks that every Snowflake rewrite of the
// corpus lexes as SQL, with its string literals in Snowflake's quoting.
func TestSnowflakeTextRescans(t *testing.T) {
	tr := New(100)
	for _, path := range corpusFiles(t) {
		for _, c := range readCorpus(t, path) {
			stmts, err := tr.Translate(Snowflake(), c.sql, corpusSession)
			if err != nil {
				continue
			}
			for _, st := range stmts {
				if st.Err == nil && st.Kind == KindWarehouse {
					checkSnowflakeLexes(t, st.Rewritten)
				}
			}
		}
	}
}

func TestSnowflakeCtidHint(t *testing.T) {
	e := snowflakeError(t, `select st_asbinary(geom), ctid, id from countries`)
	if e.Position != 27 {
		t.Errorf("position %d, expected 27, where ctid starts", e.Position)
	}
	if !strings.Contains(e.Message, "ctid") || !strings.Contains(e.Hint, "PRIMARY KEY") {
		t.Errorf("error %q with hint %q, expected one that names ctid and hints at a primary key", e.Message, e.Hint)
	}
	if got := snowflakeRewrite(t, `select "CTID" from t`); got != `SELECT CTID FROM T` {
		t.Errorf(`"CTID" rewrote to %q, expected the ordinary column CTID`, got)
	}
}

func TestSnowflakeGeometryKind(t *testing.T) {
	got := snowflakeRewrite(t, `select geometrytype(geom), st_geometrytype(geom), st_zmflag(geom) from t`)
	expected := `SELECT upper(to_varchar(get(st_asgeojson(GEOM), 'type'))) AS GEOMETRYTYPE, ` +
		`'ST_' || to_varchar(get(st_asgeojson(GEOM), 'type')) AS ST_GEOMETRYTYPE, ` +
		`CASE WHEN GEOM IS NULL THEN NULL ELSE 0 END::number(5, 0) AS ST_ZMFLAG FROM T`
	if got != expected {
		t.Errorf("rewrote to\n%s\nexpected\n%s", got, expected)
	}
	for _, sql := range []string{`select st_zmflag(a, b) from t`, `select array_agg(x || 'a') from t`, `select array_agg(x::text) over () from t`} {
		if e := snowflakeError(t, sql); e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000: %s", sql, e.Code, e.Message)
		}
	}
}
