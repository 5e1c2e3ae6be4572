package duckdb

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/internal/pgtest"
	"pgway/providers"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if err := pgtest.StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// divisionOperands returns numeric constants of many magnitudes and
// scales, zero and negatives among them: the inputs that PostgreSQL's
// quotient scale depends on.
func divisionOperands() []string {
	operands := []string{"0", "0.0", "1", "-1", "1.5", "2", "3", "7.0", "0.0001", "9999", "10000",
		"10000.5", "123456789.123", "0.000123", "-0.5", "99999999999999.99", "1.00000000000000000001"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 25 {
		digits := fmt.Sprint(r.Int64N(1e12))
		scale := r.IntN(min(len(digits)+3, 17))
		if scale >= len(digits) {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		n := digits[:len(digits)-scale]
		if scale > 0 {
			n += "." + digits[len(digits)-scale:]
		}
		if r.IntN(3) == 0 {
			n = "-" + n
		}
		operands = append(operands, n)
	}
	return operands
}

// TestNumericDivisionMatchesPostgreSQL divides every pair of operands
// with pgway_div_result on DuckDB and with / on PostgreSQL, and compares
// the text of each quotient, scale included, and the error for zero.
func TestNumericDivisionMatchesPostgreSQL(t *testing.T) {
	pgConn := connectPostgres(t)
	s := openMemory(t)
	operands := divisionOperands()
	var mismatches int
	for _, x := range operands {
		var pairs []string
		for _, y := range operands {
			pairs = append(pairs, fmt.Sprintf("(%s::numeric, %s::numeric)", x, y))
		}
		want := postgresQuotients(t, pgConn, pairs)
		for i, y := range operands {
			got := duckQuotient(t, s, x, y)
			if got != want[i] {
				mismatches++
				t.Errorf("%s / %s = %s on DuckDB, %s on PostgreSQL", x, y, got, want[i])
			}
		}
		if mismatches > 10 {
			t.Fatal("too many mismatches")
		}
	}
}

// postgresQuotients returns x / y for each pair, or the SQLSTATE of its
// error.
func postgresQuotients(t *testing.T, conn *pgx.Conn, pairs []string) []string {
	t.Helper()
	out := make([]string, len(pairs))
	for i, p := range pairs {
		var q string
		err := conn.QueryRow(context.Background(), "select (x / y)::text from (values "+p+") v(x, y)").Scan(&q)
		if err != nil {
			q = "error " + sqlstate(err)
		}
		out[i] = q
	}
	return out
}

func duckQuotient(t *testing.T, s providers.Session, x, y string) string {
	t.Helper()
	sql := fmt.Sprintf("select pgway_div_result(%s, %s, typeof(%[1]s), typeof(%[2]s))", duckLiteral(x), duckLiteral(y))
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		t.Fatalf("prepare %s: %v", sql, err)
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		return "error " + sqlstate(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return "error " + sqlstate(err)
		}
		t.Fatalf("%s returned no row", sql)
	}
	n, ok := rows.Values()[0].(pgtype.Numeric)
	if !ok {
		t.Fatalf("%s returned %T, want pgtype.Numeric", sql, rows.Values()[0])
	}
	text, err := n.Value()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(text)
}

// duckLiteral writes a numeric constant as a DuckDB DECIMAL of the same
// scale.
func duckLiteral(n string) string {
	digits := strings.TrimLeft(strings.ReplaceAll(strings.TrimPrefix(n, "-"), ".", ""), "0")
	_, frac, _ := strings.Cut(n, ".")
	return fmt.Sprintf("%s::DECIMAL(%d,%d)", n, max(len(digits), len(frac), 1), len(frac))
}

func sqlstate(err error) string {
	var pgErr *pgconn.PgError
	var providerErr *providers.Error
	switch {
	case errors.As(err, &pgErr):
		return pgErr.Code
	case errors.As(err, &providerErr):
		return providerErr.Code
	}
	return err.Error()
}

func connectPostgres(t *testing.T) *pgx.Conn {
	t.Helper()
	server, err := pgtest.Shared()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server.AdminDSN("postgres"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func openMemory(t testing.TB) providers.Session {
	t.Helper()
	s, err := openFile(context.Background(), &config.Connection{Config: config.ConnectionConfig{
		Type: "file", Credentials: map[string]string{"path": t.TempDir() + "/numeric.duckdb"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
