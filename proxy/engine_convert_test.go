package proxy

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/auth"
	"pgway/providers"
)

func resultColumn(name string, oid uint32, typmod int32, size int16) providers.Column {
	return providers.Column{Name: name, TypeOID: oid, TypeModifier: typmod, TypeSize: size}
}

var (
	int2Col    = resultColumn("c", pgtype.Int2OID, -1, 2)
	int4Col    = resultColumn("c", pgtype.Int4OID, -1, 4)
	int8Col    = resultColumn("c", pgtype.Int8OID, -1, 8)
	float8Col  = resultColumn("c", pgtype.Float8OID, -1, 8)
	textCol    = resultColumn("c", pgtype.TextOID, -1, -1)
	numericCol = resultColumn("c", pgtype.NumericOID, -1, -1)
)

func numericValue(digits string, exp int32) pgtype.Numeric {
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		panic(digits)
	}
	return pgtype.Numeric{Int: n, Exp: exp, Valid: true}
}

func TestPlanResultColumns(t *testing.T) {
	e := &engine{}
	cases := []struct {
		name                string
		postgres, warehouse providers.Column
		want                providers.Column
		converts            bool
	}{
		{"hugeint sum to bigint", int8Col, numericCol, int8Col, true},
		{"bigint to integer", int4Col, int8Col, int4Col, true},
		{"bigint to numeric", numericCol, int8Col, numericCol, true},
		{"numeric(10,0) to bigint", int8Col, resultColumn("c", pgtype.NumericOID, 10<<16|0+4, -1), int8Col, true},
		{"text to varchar(2)", resultColumn("c", pgtype.VarcharOID, 6, -1), textCol, resultColumn("c", pgtype.VarcharOID, 6, -1), false},
		{"text to name", resultColumn("c", pgtype.NameOID, -1, 64), textCol, resultColumn("c", pgtype.NameOID, -1, 64), false},
		{"text to json", resultColumn("c", pgtype.JSONOID, -1, -1), textCol, resultColumn("c", pgtype.JSONOID, -1, -1), false},
		{"same type, PostgreSQL's modifier", numericCol, resultColumn("c", pgtype.NumericOID, 38<<16|2+4, -1), numericCol, false},
	}
	for _, tc := range cases {
		plan := e.planResult([]providers.Column{tc.postgres}, []providers.Column{tc.warehouse})
		if plan == nil {
			t.Errorf("%s: no plan", tc.name)
			continue
		}
		if plan.columns[0] != tc.want {
			t.Errorf("%s: column %+v, want %+v", tc.name, plan.columns[0], tc.want)
		}
		if converts := plan.convert != nil && plan.convert[0] != nil; converts != tc.converts {
			t.Errorf("%s: converts values = %v, want %v", tc.name, converts, tc.converts)
		}
	}
}

func TestPlanResultKeepsWarehouseTypes(t *testing.T) {
	e := &engine{}
	cases := []struct {
		name                string
		postgres, warehouse []providers.Column
	}{
		{"double to numeric is not exact", []providers.Column{numericCol}, []providers.Column{float8Col}},
		{"numeric(10,2) to bigint is not exact", []providers.Column{int8Col},
			[]providers.Column{resultColumn("c", pgtype.NumericOID, 10<<16|2+4, -1)}},
		{"text to integer", []providers.Column{int4Col}, []providers.Column{textCol}},
		{"same types", []providers.Column{int4Col, textCol}, []providers.Column{int4Col, textCol}},
		{"column counts differ", []providers.Column{int8Col}, []providers.Column{numericCol, numericCol}},
		{"no description", nil, []providers.Column{numericCol}},
	}
	for _, tc := range cases {
		if plan := e.planResult(tc.postgres, tc.warehouse); plan != nil {
			t.Errorf("%s: plan %+v, want none", tc.name, plan.columns)
		}
	}
}

func TestIntegerConverterRanges(t *testing.T) {
	cases := []struct {
		oid     uint32
		value   any
		want    any
		message string // of the error, if any
	}{
		{pgtype.Int8OID, numericValue("9223372036854775807", 0), int64(math.MaxInt64), ""},
		{pgtype.Int8OID, numericValue("9223372036854775808", 0), nil, "bigint out of range"},
		{pgtype.Int8OID, numericValue("-9223372036854775809", 0), nil, "bigint out of range"},
		{pgtype.Int8OID, numericValue("12", 2), int64(1200), ""},
		{pgtype.Int8OID, numericValue("1200", -2), int64(12), ""},
		{pgtype.Int4OID, int64(math.MaxInt32), int32(math.MaxInt32), ""},
		{pgtype.Int4OID, int64(math.MaxInt32) + 1, nil, "integer out of range"},
		{pgtype.Int4OID, int64(math.MinInt32) - 1, nil, "integer out of range"},
		{pgtype.Int2OID, int32(-32768), int16(-32768), ""},
		{pgtype.Int2OID, int32(32768), nil, "smallint out of range"},
		{pgtype.Int8OID, int32(7), int64(7), ""},
		{pgtype.Int8OID, uint64(math.MaxUint64), nil, "bigint out of range"},
	}
	for _, tc := range cases {
		got, err := integerConverter(tc.oid)(tc.value)
		if tc.message != "" {
			var pgErr *pgError
			if !errors.As(err, &pgErr) || pgErr.Code != "22003" || pgErr.Message != tc.message {
				t.Errorf("convert %v to OID %d: %v, want 22003 %q", tc.value, tc.oid, err, tc.message)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("convert %v to OID %d = %v (%T), %v; want %v (%T)", tc.value, tc.oid, got, got, err, tc.want, tc.want)
		}
	}
}

func TestIntegerConverterRejectsFractions(t *testing.T) {
	cases := []struct {
		value pgtype.Numeric
		code  string
	}{
		{numericValue("1205", -2), "XX000"},
		{pgtype.Numeric{NaN: true, Valid: true}, "0A000"},
		{pgtype.Numeric{InfinityModifier: pgtype.Infinity, Valid: true}, "0A000"},
	}
	for _, tc := range cases {
		_, err := integerConverter(pgtype.Int8OID)(tc.value)
		var pgErr *pgError
		if !errors.As(err, &pgErr) || pgErr.Code != tc.code {
			t.Errorf("convert %+v to bigint: %v, want SQLSTATE %s", tc.value, err, tc.code)
		}
	}
}

func TestNumericConverterText(t *testing.T) {
	types := pgtype.NewMap()
	cases := []struct {
		typmod int32
		value  any
		want   string
	}{
		{-1, int64(2024), "2024"},
		{-1, int32(-5), "-5"},
		{-1, numericValue("150", -2), "1.50"},
		{-1, numericValue("170141183460469231731687303715884105727", 0), "170141183460469231731687303715884105727"},
		{10<<16 | 2 + 4, int64(5), "5.00"},
		{10<<16 | 2 + 4, numericValue("15", -1), "1.50"},
		{10<<16 | 0 + 4, numericValue("15", 0), "15"},
		{9<<16 | 5 + 4, numericValue("40416500000", -9), "40.41650"},
		{9<<16 | 5 + 4, numericValue("40416500001", -9), "40.416500001"},
		{9<<16 | 0 + 4, numericValue("4000", -2), "40"},
	}
	for _, tc := range cases {
		converted, err := numericConverter(numericScale(tc.typmod))(tc.value)
		if err != nil {
			t.Errorf("convert %v: %v", tc.value, err)
			continue
		}
		text, err := types.Encode(pgtype.NumericOID, pgtype.TextFormatCode, converted, nil)
		if err != nil || string(text) != tc.want {
			t.Errorf("convert %v with typmod %d = %q, %v; want %q", tc.value, tc.typmod, text, err, tc.want)
		}
	}
}

// sliceRows is a result held in memory, with the columns it reports.
type sliceRows struct {
	staticRows
	columns []providers.Column
}

func (r *sliceRows) ResultColumns() []providers.Column { return r.columns }

func TestConvertedRowsStopsAtOverflow(t *testing.T) {
	rows := &convertedRows{
		Rows: &staticRows{rows: [][]any{{int64(1), "a"}, {int64(math.MaxInt32) + 1, "b"}, {int64(3), "c"}}},
		plan: (&engine{}).planResult([]providers.Column{int4Col, textCol}, []providers.Column{int8Col, textCol}),
	}
	if !rows.Next() {
		t.Fatalf("no first row: %v", rows.Err())
	}
	if v := rows.Values(); v[0] != int32(1) || v[1] != "a" {
		t.Errorf("first row = %v, want [1 a] with an int32", v)
	}
	if rows.Next() {
		t.Fatalf("second row out of range was returned: %v", rows.Values())
	}
	var pgErr *pgError
	if !errors.As(rows.Err(), &pgErr) || pgErr.Code != "22003" {
		t.Errorf("Err() = %v, want 22003", rows.Err())
	}
}

func TestConvertResultUsesExecutedColumns(t *testing.T) {
	e := &engine{}
	// The warehouse described the column as text and resolved it as
	// bigint when it ran, as DuckDB does for range($1).
	stmt := &staticStatement{columns: []providers.Column{textCol}}
	st := &preparedStatement{stmt: stmt, postgresColumns: []providers.Column{int4Col}}
	rows := e.convertResult(st, &sliceRows{staticRows: staticRows{rows: [][]any{{int64(5)}}},
		columns: []providers.Column{int8Col}})
	reporter, ok := rows.(providers.ResultColumns)
	if !ok {
		t.Fatalf("converted rows do not report their columns")
	}
	if got := reporter.ResultColumns(); len(got) != 1 || got[0] != int4Col {
		t.Errorf("result columns = %+v, want int4", got)
	}
	if !rows.Next() || rows.Values()[0] != int32(5) {
		t.Errorf("row = %v, %v; want int32 5", rows.Values(), rows.Err())
	}
}

// staticStatement is a prepared statement that describes fixed columns.
type staticStatement struct {
	columns []providers.Column
}

func (s *staticStatement) ParamOIDs() []uint32         { return nil }
func (s *staticStatement) Columns() []providers.Column { return s.columns }
func (s *staticStatement) Close() error                { return nil }

func TestResultTypeCacheGenerations(t *testing.T) {
	cache := newResultTypeCache().(*resultTypeCache)
	key := resultTypeKey{sql: "select sum(n) from t"}
	cache.store(key, 3, &mirrorDescription{columns: []providers.Column{int8Col}})
	if d, ok := cache.lookup(key, 3); !ok || d == nil || len(d.columns) != 1 {
		t.Errorf("lookup at the stored generation = %v, %v", d, ok)
	}
	if _, ok := cache.lookup(key, 4); ok {
		t.Errorf("an entry of generation 3 was current at generation 4")
	}
	cache.store(key, 4, nil)
	if d, ok := cache.lookup(key, 4); !ok || d != nil {
		t.Errorf("a statement the mirror cannot describe: lookup = %v, %v; want nil, true", d, ok)
	}
	other := key
	other.params = oidKey([]uint32{pgtype.Int8OID})
	if _, ok := cache.lookup(other, 4); ok {
		t.Errorf("parameter types are not part of the key")
	}
}

// BenchmarkResultTypesCached measures what the types of a warehouse
// statement whose description is cached cost at each execution: the key,
// the cache lookup, the plan of its columns, and the check of the columns
// the warehouse resolved at execution.
func BenchmarkResultTypesCached(b *testing.B) {
	e := &engine{s: &session{principal: &auth.Principal{User: "alice"}}, settings: newSettings(nil, "alice")}
	cache := newResultTypeCache().(*resultTypeCache)
	text := "SELECT events.kind AS events_kind, coalesce(sum(events.amount), 0) AS total, count(*) AS n, " +
		"min(events.at) AS first FROM events GROUP BY events.kind ORDER BY total DESC"
	postgres := []providers.Column{textCol, int8Col, int8Col, resultColumn("first", pgtype.TimestampOID, -1, 8)}
	warehouse := []providers.Column{textCol, numericCol, int8Col, resultColumn("first", pgtype.TimestampOID, -1, 8)}
	cache.store(e.resultTypeKey(text, nil), 1, &mirrorDescription{columns: postgres})
	stmt := &staticStatement{columns: warehouse}
	rows := &sliceRows{columns: warehouse}
	b.ReportAllocs()
	for b.Loop() {
		d, ok := cache.lookup(e.resultTypeKey(text, nil), 1)
		if !ok {
			b.Fatal("not cached")
		}
		st := &preparedStatement{stmt: stmt, columns: warehouse}
		e.setPostgresColumns(st, d.columns)
		if _, ok := e.convertResult(st, rows).(*convertedRows); !ok {
			b.Fatal("no conversion")
		}
	}
}

// BenchmarkConvertedRow measures converting one row of four columns, one
// of them a HUGEINT sum to bigint.
func BenchmarkConvertedRow(b *testing.B) {
	e := &engine{}
	plan := e.planResult([]providers.Column{textCol, int8Col, int8Col, int4Col},
		[]providers.Column{textCol, numericCol, int8Col, int8Col})
	row := []any{"concert", numericValue("200", 0), int64(2), int64(7)}
	rows := &convertedRows{Rows: &repeatRows{row: row}, plan: plan}
	b.ReportAllocs()
	for b.Loop() {
		if !rows.Next() {
			b.Fatal(rows.Err())
		}
	}
}

// repeatRows returns the same row forever.
type repeatRows struct {
	staticRows
	row []any
}

func (r *repeatRows) Next() bool    { return true }
func (r *repeatRows) Values() []any { return r.row }

func TestResultEncodingOfLateTypes(t *testing.T) {
	formats := []int16{pgtype.BinaryFormatCode, pgtype.BinaryFormatCode}
	// Described as text: the values go as text in their resolved type.
	rows := &sliceRows{columns: []providers.Column{int8Col, textCol}}
	columns, sendFormats, err := resultEncoding([]providers.Column{textCol, textCol}, true, formats, rows)
	if err != nil {
		t.Fatal(err)
	}
	if columns[0] != int8Col || sendFormats[0] != pgtype.TextFormatCode {
		t.Errorf("text column resolved as int8 = %+v in format %d, want int8 in text", columns[0], sendFormats[0])
	}
	if sendFormats[1] != pgtype.BinaryFormatCode {
		t.Errorf("unchanged text column format = %d, want binary", sendFormats[1])
	}

	// Described with PostgreSQL's int4, resolved as another type: the
	// client would decode the values wrongly.
	_, _, err = resultEncoding([]providers.Column{int4Col, textCol}, true, formats, rows)
	var pgErr *pgError
	if !errors.As(err, &pgErr) || pgErr.Code != "0A000" {
		t.Errorf("int4 column resolved as int8: err = %v, want 0A000", err)
	}

	// Described by the warehouse, which may report another type later.
	if _, _, err := resultEncoding([]providers.Column{int4Col, textCol}, false, formats, rows); err != nil {
		t.Errorf("warehouse description: %v", err)
	}
}
