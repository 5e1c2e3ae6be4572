package enginetest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// typeCase is one value of a DuckDB type, stored in a DuckDB file and
// selected through pgway, and the same value selected in PostgreSQL, whose
// result is the expected one. Clients write PostgreSQL SQL, so the DuckDB
// values are made when the file is created, with DuckDB's own syntax.
type typeCase struct {
	name     string
	duckdb   string
	postgres string
}

var typeCases = []typeCase{
	{"boolean", "true", "true"},
	{"boolean null", "null::boolean", "null::boolean"},
	{"tinyint", "(-128)::tinyint", "(-128)::int2"},
	{"smallint", "(-32768)::smallint", "(-32768)::int2"},
	{"integer", "2147483647::integer", "2147483647::int4"},
	{"bigint", "(-9223372036854775808)::bigint", "(-9223372036854775808)::int8"},
	{"utinyint", "255::utinyint", "255::int2"},
	{"usmallint", "65535::usmallint", "65535::int4"},
	{"uinteger", "4294967295::uinteger", "4294967295::int8"},
	{"ubigint", "18446744073709551615::ubigint", "18446744073709551615::numeric"},
	{"hugeint", "(-170141183460469231731687303715884105728)::hugeint",
		"(-170141183460469231731687303715884105728)::numeric"},
	{"decimal", "123.45::decimal(10,2)", "123.45::numeric(10,2)"},
	{"decimal negative", "(-0.001)::decimal(18,3)", "(-0.001)::numeric(18,3)"},
	{"float", "1.5::float", "1.5::float4"},
	{"float nan", "'nan'::float", "'nan'::float4"},
	{"double", "0.1::double", "0.1::float8"},
	{"double large", "1e300::double", "1e300::float8"},
	{"double infinity", "'-infinity'::double", "'-infinity'::float8"},
	{"varchar", "'héllo'::varchar", "'héllo'::text"},
	{"blob", `'\x00\xFF'::blob`, `'\x00ff'::bytea`},
	{"date", "date '2024-02-29'", "date '2024-02-29'"},
	{"time", "time '13:45:01.25'", "time '13:45:01.25'"},
	{"timestamp", "timestamp '2024-02-29 13:45:01.123456'", "timestamp '2024-02-29 13:45:01.123456'"},
	{"timestamptz", "timestamptz '2024-02-29 13:45:01+00'", "timestamptz '2024-02-29 13:45:01+00'"},
	{"interval", "interval '1 year 2 months 3 days 04:05:06'", "interval '1 year 2 months 3 days 04:05:06'"},
	{"interval negative", "interval '-3 days'", "interval '-3 days'"},
	{"uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"},
	{"json", `'{"a":1}'::json`, `'{"a":1}'::jsonb`},
	{"list of integers", "[1, 2, NULL]::integer[]", "array[1, 2, null]::int4[]"},
	{"list of text", "['a', 'b c']", "array['a', 'b c']::text[]"},
	{"list of lists of integers", "[[1, 2], [3, NULL]]::integer[][]", "array[[1, 2], [3, null]]::int4[]"},
	{"list of lists of text", "[['a', 'b c'], [NULL, '{']]", "array[['a', 'b c'], [null, '{']]::text[]"},
	{"list of lists of doubles", "[[1.5::double, 1e300::double], [-0.0::double, 'nan'::double]]", "array[[1.5, 1e300], ['-0', 'nan']]::float8[]"},
	{"lists three deep", "[[[1]], [[2]]]::bigint[][][]", "array[[[1]], [[2]]]::int8[]"},
	{"fixed-size arrays of lists", "[[true], [false]]::boolean[][2]", "array[[true], [false]]"},
	{"struct", "{'x': 1}", `'{"x": 1}'::jsonb`},
	{"struct nested", "{'bb': [1, 2], 'a': {'s': 'q\"'}}", `'{"bb": [1, 2], "a": {"s": "q\""}}'::jsonb`},
	{"map", "map {'k': 2}", `'{"k": 2}'::jsonb`},
	{"enum", "'a'::enum('a', 'b')", "'a'::text"},
}

// typesFile creates a DuckDB file with one table, types, whose column
// c<i> holds the value of typeCases[i].
func typesFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "types.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	columns := make([]string, len(typeCases))
	for i, c := range typeCases {
		columns[i] = fmt.Sprintf("%s as c%d", c.duckdb, i)
	}
	if _, err := db.Exec("create table types as select " + strings.Join(columns, ", ")); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEngineTypesMatchPostgres(t *testing.T) {
	g := startDuckDBFile(t, "types", typesFile(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	gw, err := pgconn.Connect(ctx, g.dsn(config.DemoUser, config.DemoPassword, "types", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close(context.Background())
	pg, err := pgconn.Connect(ctx, oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close(context.Background())
	if err := pg.Exec(ctx, "set timezone = 'UTC'").Close(); err != nil {
		t.Fatal(err)
	}

	for i, c := range typeCases {
		t.Run(c.name, func(t *testing.T) {
			for _, format := range []int16{0, 1} {
				want := selectOne(t, pg, "select "+c.postgres, format)
				got := selectOne(t, gw, fmt.Sprintf("select c%d from types", i), format)
				if got.oid != want.oid {
					t.Errorf("format %d: type OID = %d, want %d", format, got.oid, want.oid)
				}
				if !bytes.Equal(got.value, want.value) || (got.value == nil) != (want.value == nil) {
					t.Errorf("format %d: value = %q, want %q", format, got.value, want.value)
				}
			}
		})
	}
}

type selected struct {
	oid   uint32
	value []byte
}

func selectOne(t *testing.T, conn *pgconn.PgConn, sql string, format int16) selected {
	t.Helper()
	result := conn.ExecParams(context.Background(), sql, nil, nil, nil, []int16{format}).Read()
	if result.Err != nil {
		t.Fatalf("%s: %v", sql, result.Err)
	}
	if len(result.Rows) != 1 || len(result.FieldDescriptions) != 1 {
		t.Fatalf("%s: got %d rows of %d columns, want one value", sql, len(result.Rows), len(result.FieldDescriptions))
	}
	return selected{oid: result.FieldDescriptions[0].DataTypeOID, value: result.Rows[0][0]}
}
