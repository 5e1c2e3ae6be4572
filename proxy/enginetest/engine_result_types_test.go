package enginetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/internal/pgtest"
)

// typedConnection is the DuckDB file connection of the result type tests.
const typedConnection = "typed"

// typedGateway serves a DuckDB file connection with a catalog database
// and returns the catalog cluster and a connection of the demo user.
func typedGateway(t *testing.T) (*pgtest.Server, *pgx.Conn) {
	t.Helper()
	cluster := catalogCluster(t)
	cfg := config.Default()
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: typedConnection, ProviderID: "duckdb", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "file",
			Credentials: map[string]string{"path": filepath.Join(t.TempDir(), "typed.duckdb")}},
	})
	cfg.Catalog.DSN = fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/postgres?sslmode=disable",
		adminRole, adminPassword, cluster.Port)
	g := serve(t, cfg)
	return cluster, g.connect(t, config.DemoUser, config.DemoPassword, typedConnection, "disable")
}

func execAll(t *testing.T, conn *pgx.Conn, statements ...string) {
	t.Helper()
	for _, sql := range statements {
		if _, err := conn.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// firstValue runs sql with the given result format and returns the type
// OID, the type modifier and the raw value of the first column of the
// first row.
func firstValue(t *testing.T, conn *pgx.Conn, format int16, sql string, args ...any) (uint32, int32, []byte) {
	t.Helper()
	args = append([]any{pgx.QueryResultFormats{format}}, args...)
	rows, err := conn.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no row: %v", sql, rows.Err())
	}
	field := rows.FieldDescriptions()[0]
	value := append([]byte(nil), rows.RawValues()[0]...)
	rows.Close()
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return field.DataTypeOID, field.TypeModifier, value
}

func TestResultTypesSumOfIntegers(t *testing.T) {
	_, conn := typedGateway(t)
	ctx := context.Background()
	execAll(t, conn, "create table totals (n int4)", "insert into totals values (1), (2), (2147483647)")
	const sum = "select sum(n) from totals"

	oid, _, text := firstValue(t, conn, pgx.TextFormatCode, sum)
	if oid != pgtype.Int8OID || string(text) != "2147483650" {
		t.Errorf("sum(int4) in text = %q of type %d, want 2147483650 of type int8 (20)", text, oid)
	}
	oid, _, raw := firstValue(t, conn, pgx.BinaryFormatCode, sum)
	if oid != pgtype.Int8OID || len(raw) != 8 || int64(binary.BigEndian.Uint64(raw)) != 2147483650 {
		t.Errorf("sum(int4) in binary = %x of type %d, want 8 bytes of 2147483650 of type int8", raw, oid)
	}

	rows, err := conn.Query(ctx, sum, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	if oid := rows.FieldDescriptions()[0].DataTypeOID; oid != pgtype.Int8OID {
		t.Errorf("sum(int4) in a simple query has type %d, want int8", oid)
	}
	rows.Close()

	desc, err := conn.Prepare(ctx, "sum", sum)
	if err != nil {
		t.Fatal(err)
	}
	if oid := desc.Fields[0].DataTypeOID; oid != pgtype.Int8OID {
		t.Errorf("Describe of sum(int4) reports type %d, want int8", oid)
	}

	// The mirror database describes the statement with the parameter
	// types the client gave, here none.
	oid, _, text = firstValue(t, conn, pgx.TextFormatCode, "select sum(n) + $1::int8 from totals", int64(1))
	if oid != pgtype.Int8OID || string(text) != "2147483651" {
		t.Errorf("sum(int4) + $1::int8 = %q of type %d, want 2147483651 of type int8", text, oid)
	}
}

func TestResultTypesOverflow(t *testing.T) {
	cluster, conn := typedGateway(t)
	ctx := context.Background()
	execAll(t, conn, "create table wide (v int8)", "insert into wide values (9223372036854775807), (1)")
	// The mirror lags the warehouse: the warehouse's column holds bigints
	// while the mirror's is an integer column. So PostgreSQL describes
	// sum(v) as bigint, and the warehouse's sum, 2^63, does not fit.
	if err := cluster.Exec(typedConnection, "ALTER TABLE public.wide ALTER COLUMN v TYPE integer"); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheDescribe} {
		var sum int64
		err := conn.QueryRow(ctx, "select sum(v) from wide", mode).Scan(&sum)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "22003" || pgErr.Message != "bigint out of range" {
			t.Errorf("sum past int8 (mode %v): %d, %v; want 22003 bigint out of range", mode, sum, err)
		}
	}
	var one int
	if err := conn.QueryRow(ctx, "select 1").Scan(&one); err != nil {
		t.Errorf("query after the overflow: %v", err)
	}
}

func TestResultTypesStrings(t *testing.T) {
	_, conn := typedGateway(t)
	oid, typmod, text := firstValue(t, conn, pgx.TextFormatCode, "select 'abc'::varchar(2)")
	if oid != pgtype.VarcharOID || typmod != 6 || string(text) != "ab" {
		t.Errorf("'abc'::varchar(2) = %q of type %d(%d), want ab of type varchar (1043) with modifier 6", text, oid, typmod)
	}
	oid, _, text = firstValue(t, conn, pgx.BinaryFormatCode, "select 'ab'::char(3)")
	if oid != pgtype.BPCharOID || string(text) != "ab " {
		t.Errorf("'ab'::char(3) = %q of type %d, want \"ab \" of type bpchar (1042)", text, oid)
	}
	oid, _, text = firstValue(t, conn, pgx.BinaryFormatCode, "select current_schema()")
	if oid != pgtype.NameOID || string(text) != "public" {
		t.Errorf("current_schema() = %q of type %d, want public of type name (19)", text, oid)
	}
}

func TestResultTypesCursorAndCopy(t *testing.T) {
	_, conn := typedGateway(t)
	ctx := context.Background()
	execAll(t, conn, "create table totals (n int2)", "insert into totals values (30000), (30000)")

	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "declare c cursor for select sum(n) from totals"); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, "fetch all from c", pgx.QueryResultFormats{pgx.TextFormatCode})
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatalf("fetch: no row: %v", rows.Err())
	}
	if oid, value := rows.FieldDescriptions()[0].DataTypeOID, string(rows.RawValues()[0]); oid != pgtype.Int8OID || value != "60000" {
		t.Errorf("fetch of sum(int2) = %q of type %d, want 60000 of type int8", value, oid)
	}
	rows.Close()

	var out bytes.Buffer
	if _, err := conn.PgConn().CopyTo(ctx, &out, "copy (select sum(n) from totals) to stdout (format binary)"); err != nil {
		t.Fatal(err)
	}
	// Signature (11 bytes), flags and header extension (8), the field
	// count (2), the field's length (4) and its value, then the trailer.
	data := out.Bytes()
	if len(data) != 11+8+2+4+8+2 || binary.BigEndian.Uint32(data[21:25]) != 8 ||
		binary.BigEndian.Uint64(data[25:33]) != 60000 {
		t.Errorf("binary COPY of sum(int2) = %x, want one 8-byte int8 field of 60000", data)
	}
}

func TestResultTypesFollowRefreshes(t *testing.T) {
	cluster, conn := typedGateway(t)
	execAll(t, conn, "create table flip (n int8)", "insert into flip values (5)")
	const sum = "select sum(n) from flip"
	if oid, _, _ := firstValue(t, conn, pgx.TextFormatCode, sum); oid != pgtype.NumericOID {
		t.Errorf("sum(int8) has type %d, want numeric (1700)", oid)
	}
	// The DDL refreshes the mirror, which makes the description of the
	// same text stale. The statement is prepared anew, as pgx would reuse
	// the one it prepared before, whose types are fixed.
	execAll(t, conn, "drop table flip", "create table flip (n int4)", "insert into flip values (5)")
	if oid, _, _ := firstValue(t, conn, pgx.TextFormatCode, sum, pgx.QueryExecModeDescribeExec); oid != pgtype.Int8OID {
		t.Errorf("sum(int4) after the table changed has type %d, want int8 (20)", oid)
	}

	// A relation the mirror lacks keeps the warehouse's types, silently:
	// DuckDB has no varchar(n), which the mirror would describe.
	execAll(t, conn, "create table hidden (v varchar(10))", "insert into hidden values ('a')")
	if err := cluster.Exec(typedConnection, "DROP TABLE public.hidden"); err != nil {
		t.Fatal(err)
	}
	if oid, _, text := firstValue(t, conn, pgx.TextFormatCode, "select v from hidden"); oid != pgtype.TextOID || string(text) != "a" {
		t.Errorf("a varchar(10) column of a table the mirror lacks = %q of type %d, want a of the warehouse's text", text, oid)
	}
}

func TestResultTypesWithoutCatalog(t *testing.T) {
	g := startDuckDBFile(t, typedConnection, filepath.Join(t.TempDir(), "typed.duckdb"))
	conn := g.connect(t, config.DemoUser, config.DemoPassword, typedConnection, "disable")
	execAll(t, conn, "create table totals (n int4)", "insert into totals values (1), (2)")
	oid, _, text := firstValue(t, conn, pgx.TextFormatCode, "select sum(n) from totals")
	// The dialect reads the column's type from DuckDB, and casts the sum
	// to PostgreSQL's bigint.
	if oid != pgtype.Int8OID || string(text) != "3" {
		t.Errorf("sum(int4) without a catalog = %q of type %d, want 3 of type bigint (20)", text, oid)
	}
}
