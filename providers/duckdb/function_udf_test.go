package duckdb

import (
	"bytes"
	"database/sql/driver"
	"errors"
	"math"
	"math/big"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// These cases hold PostgreSQL 15.18's results; the engine tests compare
// the same functions with a running PostgreSQL.

func TestParseNumericInputScale(t *testing.T) {
	cases := map[string]string{"7": "7", " -2.50 ": "-2.50", "1.5e1": "15", "1.50e1": "15.0", ".5": "0.5", "1e-3": "0.001", "+3": "3"}
	for in, want := range cases {
		n, err := parseNumericInput(in)
		if err != nil {
			t.Errorf("parseNumericInput(%q): %v", in, err)
			continue
		}
		if n.String() != want {
			t.Errorf("parseNumericInput(%q) = %s, expected %s", in, n, want)
		}
	}
	for _, in := range []string{"", "x", "1.2.3", ".", "1e"} {
		var pgErr *providers.Error
		if _, err := parseNumericInput(in); !errors.As(err, &pgErr) || pgErr.Code != "22P02" {
			t.Errorf("parseNumericInput(%q) returned %v, expected SQLSTATE 22P02", in, err)
		}
	}
}

func TestDivTruncTowardZero(t *testing.T) {
	cases := []struct {
		x, y any
		want int64
	}{
		{int32(7), int32(2), 3},
		{int32(-7), int32(2), -3},
		{duckdb.Decimal{Width: 2, Scale: 1, Value: big.NewInt(-75)}, duckdb.Decimal{Width: 2, Scale: 1, Value: big.NewInt(21)}, -3},
		{"7", "2.5", 2},
	}
	for _, c := range cases {
		got, err := divTrunc([]driver.Value{c.x, c.y})
		if err != nil {
			t.Errorf("div(%v, %v): %v", c.x, c.y, err)
			continue
		}
		d := got.(duckdb.Decimal)
		if d.Scale != 0 || d.Value.Int64() != c.want {
			t.Errorf("div(%v, %v) = %v scale %d, expected %d", c.x, c.y, d.Value, d.Scale, c.want)
		}
	}
	if _, err := divTrunc([]driver.Value{int32(1), int32(0)}); err != errDivisionByZero {
		t.Errorf("div(1, 0) returned %v, expected division by zero", err)
	}
	var pgErr *providers.Error
	if _, err := divTrunc([]driver.Value{1.5, int32(1)}); !errors.As(err, &pgErr) || pgErr.Code != "42883" {
		t.Errorf("div(1.5::float8, 1) returned %v, expected SQLSTATE 42883", err)
	}
}

func TestWidthBucketNaNQuotient(t *testing.T) {
	// PostgreSQL 15 computes Infinity / Infinity here and converts the
	// NaN to the smallest int32, as C's cast does on x86-64.
	got, err := widthBucket([]driver.Value{0.0, -1e308, 1e308, int32(10)})
	if err != nil || got != int32(math.MinInt32) {
		t.Errorf("width_bucket(0, -1e308, 1e308, 10) = %v, %v; expected %d", got, err, math.MinInt32)
	}
}

func TestDecodeBase64Errors(t *testing.T) {
	cases := map[string]string{
		"A":         "invalid base64 end sequence",
		"=AAA":      `unexpected "=" while decoding base64 sequence`,
		"AP9c$QQ==": `invalid symbol "$" found while decoding base64 sequence`,
	}
	for in, want := range cases {
		_, err := decodeBase64(in)
		var pgErr *providers.Error
		if !errors.As(err, &pgErr) || pgErr.Code != "22023" || pgErr.Message != want {
			t.Errorf("decode(%q, 'base64') returned %v, expected 22023 %q", in, err, want)
		}
	}
	got, err := decodeBase64("AA==AAAA")
	if err != nil || !bytes.Equal(got, []byte{0, 0}) {
		t.Errorf("decode('AA==AAAA', 'base64') = %x, %v; expected 0000", got, err)
	}
}

func TestMakeIntervalWraps(t *testing.T) {
	got, err := makeInterval([]driver.Value{int32(math.MaxInt32), int32(0), int32(0), int32(0), int32(0), int32(0), 9.3e12})
	if err != nil {
		t.Fatal(err)
	}
	span := got.(duckdb.Interval)
	if span.Months != -12 || span.Micros != math.MinInt64 {
		t.Errorf("make_interval(years => 2147483647, secs => 9.3e12) = %+v, expected -12 months and the smallest int64 microseconds", span)
	}
}
