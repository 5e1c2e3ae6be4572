package translate

import (
	"strings"
	"testing"
)

func TestBigQueryCorpus(t *testing.T) {
	checkDialectGolden(t, BigQuery(BigQueryOptions{}), "bigquery")
}

// bigQueryRewrite translates one statement for BigQuery with the corpus
// session and returns its rewrite or error.
func bigQueryRewrite(t *testing.T, opts BigQueryOptions, sql string) (string, *Error) {
	t.Helper()
	stmts, err := New(10).Translate(BigQuery(opts), sql, corpusSession)
	if err != nil {
		return "", AsError(err)
	}
	if len(stmts) != 1 {
		t.Fatalf("%q: %d statements, expected 1", sql, len(stmts))
	}
	if stmts[0].Err != nil {
		return "", AsError(stmts[0].Err)
	}
	return stmts[0].Rewritten, nil
}

func TestBigQueryRewrites(t *testing.T) {
	cases := []struct{ name, sql, expected string }{
		{"quoted identifiers", `select "Name", "my col" from "My Table"`,
			"SELECT Name, `my col` AS _pgway_col2_6d7920636f6c FROM `My Table`"},
		{"quote in identifier", `select "a""b" as x from t`, "SELECT `a\\\"b` AS x FROM t"},
		{"reserved word as column", `select "order", "hash" from t`,
			"SELECT `order`, `hash` FROM t"},
		{"backtick in identifier", "select \"a`b\" as x from t", "SELECT `a\\`b` AS x FROM t"},
		{"string escapes", `select E'it''s\n', 'back\slash' as s`,
			`SELECT 'it\'s\n' AS _pgway_col1_3f636f6c756d6e3f, 'back\\slash' AS s`},
		{"schema is dataset", `select * from sales.orders o join public.cities c on c.id = o.city_id`,
			"SELECT * FROM sales.orders AS o JOIN cities AS c ON c.id = o.city_id"},
		{"three-part name", `select * from "my-project".sales.orders`,
			"SELECT * FROM `my-project`.sales.orders"},
		{"integer division", `select 7 / 2 as a, a::int8 / b::int4 as b from t`,
			"SELECT DIV(7, 2) AS a, DIV(CAST(a AS INT64), CAST(b AS INT64)) AS b FROM t"},
		{"float division", `select x::float8 / 2 as q from t`, "SELECT CAST(x AS FLOAT64) / 2 AS q FROM t"},
		{"parameters named once", `select * from t where a = $1 or b = $1 and c > $2`,
			"SELECT * FROM t WHERE (a = @p1) OR ((b = @p1) AND (c > @p2))"},
		{"limit parameter", `select a from t limit $1 offset $2`, "SELECT a FROM t LIMIT @p1 OFFSET @p2"},
		{"offset without limit", `select a from t offset 5`, "SELECT a FROM t LIMIT 9223372036854775807 OFFSET 5"},
		{"date_trunc week starts monday", `select date_trunc('week', ts::timestamp) as w from t`,
			"SELECT DATETIME_TRUNC(CAST(ts AS DATETIME), WEEK(MONDAY)) AS w FROM t"},
		{"date_trunc of timestamp", `select date_trunc('Month', ts::timestamp) as m from t`,
			"SELECT DATETIME_TRUNC(CAST(ts AS DATETIME), MONTH) AS m FROM t"},
		{"concat skips nulls", `select concat(a, 1, null) as c from t`,
			"SELECT CONCAT(COALESCE(CAST(a AS STRING), ''), COALESCE('1', ''), COALESCE(CAST(NULL AS STRING), '')) AS c FROM t"},
		{"ilike", `select a from t where a ilike 'x%'`, "SELECT a FROM t WHERE LOWER(a) LIKE LOWER('x%')"},
		{"is distinct from", `select a is distinct from b as d from t`, "SELECT a IS DISTINCT FROM b AS d FROM t"},
		{"numeric literal", `select 0.1 + 0.2 as s`, "SELECT NUMERIC '0.1' + NUMERIC '0.2' AS s"},
		{"st_extent", `select st_extent(geom) from t`,
			"SELECT CASE WHEN ST_EXTENT(geom) IS NULL THEN NULL " +
				"WHEN (ST_EXTENT(geom).xmax > 180 OR ST_EXTENT(geom).xmin > ST_EXTENT(geom).xmax) " +
				"THEN CONCAT('BOX(-180 ', CAST(ST_EXTENT(geom).ymin AS STRING), ',180 ', CAST(ST_EXTENT(geom).ymax AS STRING), ')') " +
				"ELSE CONCAT('BOX(', CAST(ST_EXTENT(geom).xmin AS STRING), ' ', CAST(ST_EXTENT(geom).ymin AS STRING), ',', " +
				"CAST(ST_EXTENT(geom).xmax AS STRING), ' ', CAST(ST_EXTENT(geom).ymax AS STRING), ')') END AS st_extent FROM t"},
		{"bounding box overlap", `select name from t where geom && st_makeenvelope(-10, 36, 4, 44, 4326)`,
			"SELECT name FROM t WHERE (SELECT (_pgway_box.xmin <= 4 AND _pgway_box.xmax >= -10 OR " +
				"(_pgway_box.xmax > 180 OR _pgway_box.xmin > _pgway_box.xmax)) AND _pgway_box.ymin <= 44 AND _pgway_box.ymax >= 36 " +
				"FROM UNNEST([ST_BOUNDINGBOX(geom)]) AS _pgway_box)"},
		{"st_zmflag", `select st_zmflag(geom) as z from t`, "SELECT CASE WHEN geom IS NULL THEN NULL ELSE 0 END AS z FROM t"},
		{"srid of geometry text", `SELECT ST_Srid('POINT EMPTY'::GEOMETRY)`,
			"SELECT CASE WHEN ST_GEOGFROMTEXT('POINT EMPTY') IS NULL THEN NULL ELSE 0 END AS st_srid"},
		{"srid of geography text", `SELECT ST_SRID('POINT(1 2)'::geography) as s`,
			"SELECT CASE WHEN ST_GEOGFROMTEXT('POINT(1 2)') IS NULL THEN NULL ELSE 4326 END AS s"},
		{"big numeric literal", `select 1.0000000001 as s`, "SELECT BIGNUMERIC '1.0000000001' AS s"},
		{"numeric type", `select x::numeric(12,2) as n, y::numeric as m from t`,
			"SELECT CAST(x AS NUMERIC(12, 2)) AS n, CAST(y AS BIGNUMERIC) AS m FROM t"},
		{"interval literal", `select ts + interval '1 day 2 hours' as t2 from t`,
			"SELECT ts + MAKE_INTERVAL(day => 1, hour => 2) AS t2 FROM t"},
		{"bool literal", `select 'on'::bool as b, 'f'::boolean as c`, "SELECT TRUE AS b, FALSE AS c"},
		{"bytea literal", `select '\x0aff'::bytea as b`, `SELECT b'\x0a\xff' AS b`},
		{"duplicate column names", `select a, A, b as "B", c as b from t`,
			"SELECT a, a AS _pgway_col2_61, b AS B, c AS _pgway_col4_62 FROM t"},
		{"geography distance", `select st_distance(a::geography, b::geography) as d from t`,
			"SELECT ST_DISTANCE(a, b) AS d FROM t"},
		{"geography dwithin", `select * from t where st_dwithin(a::geography, 'SRID=4326;POINT(1 2)'::geography, 1000)`,
			"SELECT * FROM t WHERE ST_DWITHIN(a, ST_GEOGFROMTEXT('POINT(1 2)'), 1000)"},
		{"filter", `select sum(x) filter (where y > 1) as s from t`, "SELECT SUM(IF(y > 1, x, NULL)) AS s FROM t"},
		{"union is distinct", `select a from t union select a from u`,
			"(SELECT a FROM t) UNION DISTINCT (SELECT a FROM u)"},
		{"regex flags", `select a ~* b as m from t`, "SELECT REGEXP_CONTAINS(a, CONCAT('(?is)', b)) AS m FROM t"},
		{"json path", `select j -> 'a b' ->> 0 as v from t`,
			`SELECT CASE WHEN JSON_TYPE(JSON_QUERY(j, '$.\"a b\"[0]')) IN ('object', 'array') THEN ERROR('->> on a JSON object or array is not supported on BigQuery') ELSE JSON_VALUE(j, '$.\"a b\"[0]') END AS v FROM t`},
		{"array subscript", `select tags[1] as t1 from t`, "SELECT tags[SAFE_ORDINAL(1)] AS t1 FROM t"},
		{"concat null", `select a || null as c from t`, "SELECT a || CAST(NULL AS STRING) AS c FROM t"},
		{"square root is double", `select |/ 16.0 as r`, "SELECT SQRT(CAST(NUMERIC '16.0' AS FLOAT64)) AS r"},
		{"generate_series alias is the value", `select g + 1 as n from generate_series(1, 3) g`,
			"SELECT g + 1 AS n FROM UNNEST(GENERATE_ARRAY(1, 3)) AS g"},
		{"round of numeric", `select round(x::numeric) as r from t`, "SELECT ROUND(CAST(x AS BIGNUMERIC)) AS r FROM t"},
		{"round of unknown type", `select round(x) as r from t`,
			"SELECT CASE WHEN x * 0 + NUMERIC '0.1' + NUMERIC '0.2' = NUMERIC '0.3' THEN ROUND(x) " +
				"ELSE IF(ABS(x - TRUNC(x)) = 0.5, 2 * ROUND(x / 2), ROUND(x)) END AS r FROM t"},
		{"round of volatile double", `select round(random()) as r`,
			"SELECT (SELECT IF(ABS(_pgway_round - TRUNC(_pgway_round)) = 0.5, 2 * ROUND(_pgway_round / 2), " +
				"ROUND(_pgway_round)) FROM UNNEST([RAND()]) AS _pgway_round) AS r"},
		{"round of avg", `select round(avg(x)) as r from t`, "SELECT ROUND(AVG(x)) AS r FROM t"},
		{"timestamp literal drops zone", `select '2024-03-01T10:00:00.5+02'::timestamp as a, timestamp '2024-03-01T00:00:00Z' as b`,
			"SELECT CAST('2024-03-01 10:00:00.5' AS DATETIME) AS a, CAST('2024-03-01 00:00:00' AS DATETIME) AS b"},
		{"timestamptz literal keeps zone", `select '2024-03-01T10:00:00-0530'::timestamptz as a, '2024-03-01T10:00:00z'::date as d`,
			"SELECT CAST('2024-03-01 10:00:00-05:30' AS TIMESTAMP) AS a, CAST('2024-03-01' AS DATE) AS d"},
		{"zoned text compared with a timestamp", `select a from t where a::timestamp < '2024-03-01T10:00:00+02:00'`,
			"SELECT a FROM t WHERE CAST(a AS DATETIME) < '2024-03-01 10:00:00'"},
		{"UTC text compared with a column", `select a from t where '2024-03-01T00:00:00Z' <= a`,
			"SELECT a FROM t WHERE ('2024-03-01 00:00:00' <= a OR (FALSE AND EXTRACT(MICROSECOND FROM a) IS NULL))"},
		{"UTC text between", `select a from t where a not between '2024-03-01T00:00:00Z' and '2024-03-02T00:00:00+00:00'`,
			"SELECT a FROM t WHERE (a NOT BETWEEN '2024-03-01 00:00:00' AND '2024-03-02 00:00:00' OR (FALSE AND EXTRACT(MICROSECOND FROM a) IS NULL))"},
		{"offset text compared with a column", `select a from t where a >= '2024-03-01T00:00:00+02:00'`,
			"SELECT a FROM t WHERE a >= '2024-03-01T00:00:00+02:00'"},
		{"zoned text compared with text", `select a from t where a::text = '2024-03-01T00:00:00Z'`,
			"SELECT a FROM t WHERE " + bqTextOf("a", "UTC") + " = '2024-03-01T00:00:00Z'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			actual, err := bigQueryRewrite(t, BigQueryOptions{}, c.sql)
			if err != nil {
				t.Fatalf("%s: %s %s", c.sql, err.Code, err.Message)
			}
			if actual != c.expected {
				t.Errorf("%s\nexpected: %s\nactual:   %s", c.sql, c.expected, actual)
			}
		})
	}
}

func TestBigQueryUnsupported(t *testing.T) {
	cases := []struct{ name, sql, message string }{
		{"division of unknown types", `select a / b from t`, "division of operands of unknown type"},
		{"numeric division", `select 1.0 / 3`, "division by or of a numeric value"},
		{"planar distance", `select st_distance(a, b) from t`, "st_distance() on geometry"},
		{"planar area", `select st_area(geom) from t`, "st_area() on geometry"},
		{"planar buffer", `select st_buffer(geom, 1) from t`, "st_buffer() on geometry"},
		{"geometry && geometry", `select * from t where a && b`, "operator &&"},
		{"ctid", `select ctid, name from t`, "system column ctid"},
		{"qualified ctid", `select t.ctid from t`, "system column ctid"},
		{"float to int cast", `select 2.5::float8::int4`, "a cast of double precision to an integer"},
		{"char type", `select 'a'::char(3)`, "type bpchar"},
		{"lateral", `select * from t, lateral (select 1) s`, "LATERAL"},
		{"insert", `insert into t values (1)`, "INSERT is not supported on BigQuery"},
		{"row constructor", `select (a, b) from t`, "row constructor"},
		{"intersect all", `select a from t intersect all select a from u`, "INTERSECT ALL"},
		{"limit expression", `select a from t limit 1 + 1`, "LIMIT with an expression"},
		{"date_trunc decade", `select date_trunc('decade', ts) from t`, "date_trunc() to decade"},
		{"geometry without srid", `select st_geomfromtext('POINT(1 2)')`, "without SRID 4326"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rewrite, err := bigQueryRewrite(t, BigQueryOptions{}, c.sql)
			if err == nil {
				t.Fatalf("%s: rewrote to %s, expected 0A000", c.sql, rewrite)
			}
			if err.Code != CodeFeatureNotSupported {
				t.Errorf("%s: code %s, expected 0A000", c.sql, err.Code)
			}
			if !strings.Contains(err.Message, c.message) {
				t.Errorf("%s: message %q does not contain %q", c.sql, err.Message, c.message)
			}
			if err.Position < 1 && c.name != "insert" && c.name != "intersect all" && c.name != "lateral" {
				t.Errorf("%s: no position", c.sql)
			}
		})
	}
}

func TestBigQueryPlanarHint(t *testing.T) {
	_, err := bigQueryRewrite(t, BigQueryOptions{}, `select id, st_dwithin(geom, geom, 1) from t`)
	if err == nil {
		t.Fatal("st_dwithin on geometry was rewritten")
	}
	if err.Position != 12 {
		t.Errorf("position %d, expected 12", err.Position)
	}
	if !strings.Contains(err.Hint, "cast the arguments to geography") {
		t.Errorf("hint %q does not say to cast to geography", err.Hint)
	}
}

func TestBigQueryProjectOption(t *testing.T) {
	d := BigQuery(BigQueryOptions{Project: "billing-x"})
	if d.Name() == BigQuery(BigQueryOptions{}).Name() {
		t.Errorf("dialects with and without a project share the cache name %q", d.Name())
	}
	actual, err := bigQueryRewrite(t, BigQueryOptions{Project: "data-p"}, `select * from sales.orders, cities`)
	if err != nil {
		t.Fatal(err.Message)
	}
	if expected := "SELECT * FROM `data-p`.sales.orders, cities"; actual != expected {
		t.Errorf("expected %s, actual %s", expected, actual)
	}
}

func TestBigQueryColumnNameDecode(t *testing.T) {
	for _, name := range []string{"?column?", "count", "Grand Total", "a`b", ""} {
		encoded := encodeBigQueryColumnName(3, name)
		if !bigQueryColumnNameValid(encoded) && !strings.HasPrefix(encoded, bigQueryColumnPrefix) {
			t.Errorf("encoded name %q is not valid", encoded)
		}
		if decoded := DecodeBigQueryColumnName(encoded); decoded != name {
			t.Errorf("decode(encode(%q)) = %q", name, decoded)
		}
	}
	if DecodeBigQueryColumnName("population") != "population" {
		t.Error("a plain name changed")
	}
}

// TestBigQueryFoldedStrings checks that folded session values are quoted
// with BigQuery's escapes, where ” and a backslash mean other things.
func TestBigQueryFoldedStrings(t *testing.T) {
	s := *corpusSession
	s.User = `o'brien\`
	stmts, err := New(10).Translate(BigQuery(BigQueryOptions{}), "select current_user", &s)
	if err != nil || stmts[0].Err != nil {
		t.Fatal(err, stmts[0].Err)
	}
	expected := `SELECT CAST('o\'brien\\' AS STRING) AS current_user`
	if stmts[0].Rewritten != expected {
		t.Errorf("expected %s, actual %s", expected, stmts[0].Rewritten)
	}
}

// TestBigQueryStringsNotShared checks that string literals do not become
// slots of a shared template, which would copy PostgreSQL's literal text
// into BigQuery SQL.
func TestBigQueryStringsNotShared(t *testing.T) {
	tr := New(100)
	d := BigQuery(BigQueryOptions{})
	for _, lit := range []string{"'a'", "'b'", "'c'", "'it''s'"} {
		stmts, err := tr.Translate(d, "select * from t where s = "+lit, corpusSession)
		if err != nil || stmts[0].Err != nil {
			t.Fatal(err, stmts[0].Err)
		}
		if lit == "'it''s'" && !strings.HasSuffix(stmts[0].Rewritten, `s = 'it\'s'`) {
			t.Errorf("rewrite %s does not end with s = 'it\\'s'", stmts[0].Rewritten)
		}
	}
	for _, n := range []string{"1", "2", "3", "44"} {
		stmts, _ := tr.Translate(d, "select * from t where i = "+n, corpusSession)
		if expected := "SELECT * FROM t WHERE i = " + n; stmts[0].Rewritten != expected {
			t.Errorf("expected %s, actual %s", expected, stmts[0].Rewritten)
		}
	}
}

// TestBigQueryZonedLiteralsCached translates comparisons with string
// constants of which some are timestamps with a zone, several times each
// and interleaved, so that the rewrite cache and its shared templates
// serve most of them, and checks each against a fresh translation.
func TestBigQueryZonedLiteralsCached(t *testing.T) {
	cached := New(100)
	d := BigQuery(BigQueryOptions{})
	literals := []string{"'2024-03-01T00:00:00Z'", "'x'", "'2024-03-01T00:00:00+02:00'",
		"'2024-04-01 10:00:00z'", "'2024-03-01'", "'2024-05-01T00:00:00+00'"}
	for round := 0; round < 3; round++ {
		for _, lit := range literals {
			sql := "select a from t where a >= " + lit + " and a::timestamp < " + lit
			stmts, err := cached.Translate(d, sql, corpusSession)
			if err != nil || stmts[0].Err != nil {
				t.Fatal(err, stmts[0].Err)
			}
			fresh, _ := New(10).Translate(d, sql, corpusSession)
			if stmts[0].Rewritten != fresh[0].Rewritten {
				t.Errorf("%s\ncached: %s\nfresh:  %s", sql, stmts[0].Rewritten, fresh[0].Rewritten)
			}
		}
	}
}
