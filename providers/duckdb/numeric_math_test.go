package duckdb

import (
	"math"
	"testing"

	"pgway/providers"
)

// mathCases are results of PostgreSQL 15.18 for numeric arguments, or
// its error message.
var mathCases = []struct{ function, x, y, want string }{
	{"sqrt", "2", "", "1.414213562373095"},
	{"sqrt", "0", "", "0.000000000000000"},
	{"sqrt", "0.0001", "", "0.01000000000000000"},
	{"sqrt", "1e-20", "", "0.0000000001000000000000000"},
	{"sqrt", "123456789.123", "", "11111.11106609056"},
	{"sqrt", "16", "", "4.000000000000000"},
	{"sqrt", "1.50", "", "1.224744871391589"},
	{"sqrt", "99999999999999999999.99", "", "10000000000.0000000"},
	{"exp", "1", "", "2.7182818284590452"},
	{"exp", "0", "", "1.0000000000000000"},
	{"exp", "-1", "", "0.3678794411714423"},
	{"exp", "10.5", "", "36315.502674246638"},
	{"exp", "100", "", "26881171418161354484126255515800135873611119"},
	{"exp", "-100", "", "0.00000000000000000000000000000000000000000003720075976020836"},
	{"exp", "0.000001", "", "1.0000010000005000"},
	{"exp", "6000", "", "error: value overflows numeric format"},
	{"ln", "10", "", "2.3025850929940457"},
	{"ln", "1", "", "0.0000000000000000"},
	{"ln", "0.5", "", "-0.6931471805599453"},
	{"ln", "1.0000001", "", "0.00000009999999500000033"},
	{"ln", "0.95", "", "-0.051293294387550533"},
	{"ln", "1.1", "", "0.09531017980432486"},
	{"ln", "0.9", "", "-0.10536051565782630"},
	{"ln", "12345678901234567.89", "", "37.052082510220384"},
	{"ln", "0.00000000001", "", "-25.328436022934503"},
	{"ln", "2.5", "", "0.9162907318741551"},
	{"ln", "0", "", "error: cannot take logarithm of zero"},
	{"ln", "-1", "", "error: cannot take logarithm of a negative number"},
	{"log10", "100", "", "2.0000000000000000"},
	{"log10", "2", "", "0.3010299956639812"},
	{"log10", "1", "", "0.0000000000000000"},
	{"log10", "0.001", "", "-3.0000000000000000"},
	{"log10", "1.0001", "", "0.00004342727686266964"},
	{"log10", "123.456", "", "2.0915122016277717"},
	{"log", "2", "8", "3.0000000000000000"},
	{"log", "10", "1000", "3.0000000000000000"},
	{"log", "1.5", "2.25", "2.0000000000000000"},
	{"log", "2", "1.0000001", "0.00000014426949687542162"},
	{"log", "1", "5", "error: division by zero"},
	{"log", "0.5", "0.25", "2.0000000000000000"},
	{"log", "100", "10", "0.5000000000000000"},
	{"power", "2", "0.5", "1.4142135623730950"},
	{"power", "2", "3", "8.0000000000000000"},
	{"power", "10", "20", "100000000000000000000.0000000000000000"},
	{"power", "2", "-3", "0.1250000000000000"},
	{"power", "0", "0", "1.0000000000000000"},
	{"power", "0", "3", "0.0000000000000000"},
	{"power", "0", "0.5", "0.0000000000000000"},
	{"power", "-2", "3", "-8.0000000000000000"},
	{"power", "-2", "-3", "-0.1250000000000000"},
	{"power", "1.5", "2", "2.2500000000000000"},
	{"power", "1.50", "2.0", "2.2500000000000000"},
	{"power", "2", "100", "1267650600228229401496703205376.0000000000000000"},
	{"power", "0.5", "100", "0.0000000000000000"},
	{"power", "3", "-50", "0.0000000000000000"},
	{"power", "1.0000001", "1000000", "1.1051709125497934"},
	{"power", "10", "-20", "0.0000000000000000"},
	{"power", "-8", "0.5", "error: a negative number raised to a non-integer power yields a complex result"},
	{"power", "0", "-1", "error: zero raised to a negative power is undefined"},
	{"power", "2.5", "1.5", "3.9528470752104742"},
	{"power", "123.456", "7.89", "31771028258180977.309"},
	{"power", "0.001", "3.5", "0.00000000003162277660168379"},
	{"power", "2", "0", "1.0000000000000000"},
	{"power", "7", "1", "7.0000000000000000"},
	{"power", "7", "-1", "0.1428571428571429"},
	{"power", "1.23", "2", "1.5129000000000000"},
	{"power", "0.9", "10000", "0.0000000000000000"},
}

func TestNumericMathMatchesPostgreSQL(t *testing.T) {
	functions := map[string]func(x, y exactNumeric) (exactNumeric, error){
		"sqrt":  func(x, _ exactNumeric) (exactNumeric, error) { return sqrtNumeric(x) },
		"exp":   func(x, _ exactNumeric) (exactNumeric, error) { return expNumeric(x) },
		"ln":    func(x, _ exactNumeric) (exactNumeric, error) { return lnNumeric(x) },
		"log10": func(x, _ exactNumeric) (exactNumeric, error) { return log10Numeric(x) },
		"log":   logNumeric,
		"power": powerNumeric,
	}
	for _, c := range mathCases {
		x, err := parseNumericInput(c.x)
		if err != nil {
			t.Fatalf("parse %s: %v", c.x, err)
		}
		var y exactNumeric
		if c.y != "" {
			if y, err = parseNumericInput(c.y); err != nil {
				t.Fatalf("parse %s: %v", c.y, err)
			}
		}
		r, err := functions[c.function](x, y)
		got := ""
		if err != nil {
			got = "error: " + err.(*providers.Error).Message
		} else {
			got = r.String()
		}
		if got != c.want {
			t.Errorf("%s(%s, %s) = %s, want %s", c.function, c.x, c.y, got, c.want)
		}
	}
}

func TestFloatNumericMatchesPostgreSQL(t *testing.T) {
	// float8_numeric and float4_numeric of PostgreSQL 15.18.
	cases := []struct {
		value  float64
		digits int
		want   string
	}{
		{0.1, 15, "0.1"},
		{2, 15, "2"},
		{1e20, 15, "100000000000000000000"},
		{123456789.123456789, 15, "123456789.123457"},
		{1.5e-10, 15, "0.00000000015"},
		{float64(float32(0.1)), 6, "0.1"},
		{float64(float32(1234567)), 6, "1234570"},
	}
	for _, c := range cases {
		n, err := floatNumeric(c.value, c.digits)
		if err != nil {
			t.Fatalf("floatNumeric(%v, %d): %v", c.value, c.digits, err)
		}
		if got := n.String(); got != c.want {
			t.Errorf("floatNumeric(%v, %d) = %s, want %s", c.value, c.digits, got, c.want)
		}
	}
	if _, err := floatNumeric(math.NaN(), 15); err == nil || err.(*providers.Error).Code != "0A000" {
		t.Errorf("floatNumeric(NaN) error = %v, want 0A000", err)
	}
}

func TestFloatMathErrors(t *testing.T) {
	cases := []struct {
		name string
		err  error
		code string
	}{
		{"sqrt(-1)", second(floatSqrt(-1)), "2201F"},
		{"exp(1000)", second(floatExp(1000)), "22003"},
		{"exp(-1000)", second(floatExp(-1000)), "22003"},
		{"ln(0)", second(floatLog(math.Log)(0)), "2201E"},
		{"log10(-1)", second(floatLog(math.Log10)(-1)), "2201E"},
		{"power(0, -1)", second(floatPower(0, -1)), "2201F"},
		{"power(-8, 0.5)", second(floatPower(-8, 0.5)), "2201F"},
		{"power(10, 400)", second(floatPower(10, 400)), "22003"},
		{"power(10, -400)", second(floatPower(10, -400)), "22003"},
	}
	for _, c := range cases {
		e, ok := c.err.(*providers.Error)
		if !ok || e.Code != c.code {
			t.Errorf("%s error = %v, want SQLSTATE %s", c.name, c.err, c.code)
		}
	}
	if r, err := floatPower(math.Inf(1), -1); err != nil || r != 0 {
		t.Errorf("power(Infinity, -1) = %v, %v, want 0", r, err)
	}
	if r, err := floatExp(math.Inf(-1)); err != nil || r != 0 {
		t.Errorf("exp(-Infinity) = %v, %v, want 0", r, err)
	}
}

func second(_ float64, err error) error { return err }
