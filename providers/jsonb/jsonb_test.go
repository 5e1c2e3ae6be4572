package jsonb

import (
	"context"
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if err := pgtest.StopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// Documents whose jsonb text PostgreSQL must print exactly as Normalize does.
var trickyDocuments = []string{
	`"quote \" backslash \\ slash \/"`,
	`"\b\f\n\r\t"`,
	`"\u0001\u001f\u007f"`,
	`"é \u00e9 \ud83d\ude00 \u2028 ☃"`,
	`"<&>"`,
	`1.50e1`,
	`1e2`,
	`1E+2`,
	`1.5E-3`,
	`-0`,
	`-0.0`,
	`-0.0e5`,
	`0e10`,
	`0.000`,
	`-1.0`,
	`1e-7`,
	`12.340e1`,
	`123456789012345678901234567890.123456789012345678901234567890`,
	`-98765432109876543210e-30`,
	`1e1000`,
	`1e-1000`,
	`[1, 2.50, [], {}, [null, true, false]]`,
	`{"a": {"b": 1, "b": 2}, "a": [1, {"c": 3, "c": 4}]}`,
	`{"bb": 1, "a": 2, "c": 3, "aaa": 4, "B": 5, "é": 6, "": 7, "ab": 8}`,
	`{"b\"": 1, "a\n": 2, "z": {"yy": [1e2], "x": "\u0001"}}`,
	`1e131071`,
	`0e200000`,
	`1e-16383`,
	`-12.5e-16382`,
	`12.5e131070`,
}

func TestNormalizeMatchesPostgres(t *testing.T) {
	conn := connect(t)
	for _, doc := range trickyDocuments {
		var want string
		err := conn.QueryRow(context.Background(), "SELECT $1::jsonb::text", doc).Scan(&want)
		if err != nil {
			t.Errorf("PostgreSQL rejects %s: %v", doc, err)
			continue
		}
		got, err := Normalize(doc)
		if err != nil {
			t.Errorf("Normalize(%s): %v", doc, err)
			continue
		}
		if got != want {
			t.Errorf("Normalize(%s) = %s, PostgreSQL prints %s", doc, got, want)
		}
	}
}

func TestFloatMatchesToJSONB(t *testing.T) {
	conn := connect(t)
	floats := []float64{
		0, math.Copysign(0, -1), 0.1, 1.5, -2.25, 1e21, 1e-7, 123456.789,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 1 << 53,
		math.NaN(), math.Inf(1), math.Inf(-1),
	}
	for _, f := range floats {
		var want string
		err := conn.QueryRow(context.Background(), "SELECT to_jsonb($1::float8)::text", f).Scan(&want)
		if err != nil {
			t.Fatalf("to_jsonb(%v): %v", f, err)
		}
		got, err := Format(f)
		if err != nil {
			t.Errorf("Format(%v): %v", f, err)
			continue
		}
		if got != want {
			t.Errorf("Format(%v) = %s, to_jsonb prints %s", f, got, want)
		}
	}
}

func TestPlainNumberOutOfRangeKept(t *testing.T) {
	conn := connect(t)
	for _, number := range []string{"1e131072", "12.5e131071", "1e-16384", "1.5e-16383", "0e-16384", "1e99999999999999999999"} {
		var text string
		err := conn.QueryRow(context.Background(), "SELECT $1::jsonb::text", number).Scan(&text)
		if err == nil {
			t.Errorf("PostgreSQL accepts %s as %d characters, so PlainNumber should rewrite it", number, len(text))
		}
		if got := PlainNumber(number); got != number {
			t.Errorf("PlainNumber(%s) = %s, want it unchanged", number, got)
		}
	}
}

func TestPlainNumberNotANumber(t *testing.T) {
	for _, text := range []string{"", "-", "abc", "1.", "1.e5", ".5", "-.5", "1.5.5", "1e", "1ex", "0x10"} {
		if got := PlainNumber(text); got != text {
			t.Errorf("PlainNumber(%q) = %q, want it unchanged", text, got)
		}
	}
}

func TestNormalizeInvalidJSON(t *testing.T) {
	for _, text := range []string{``, `{`, `{"a" 1}`, `[1,]`, `tru`} {
		if got, err := Normalize(text); err == nil {
			t.Errorf("Normalize(%q) = %q, want an error", text, got)
		}
	}
}

func TestFormatNested(t *testing.T) {
	doc := map[string]any{
		"list": []any{1.5, "x", nil, true, map[string]any{"k": math.NaN()}},
		"n":    float64(100),
	}
	got, err := Format(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"n": 100, "list": [1.5, "x", null, true, {"k": "NaN"}]}`
	if got != want {
		t.Errorf("Format = %s, want %s", got, want)
	}
}

func TestFormatUnsupportedType(t *testing.T) {
	if got, err := Format(map[string]any{"c": make(chan int)}); err == nil {
		t.Errorf("Format of a channel = %s, want an error", got)
	}
}

func connect(t *testing.T) *pgx.Conn {
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
