package duckdb

import (
	"database/sql/driver"
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// The DuckDB dialect writes sqrt, exp, ln, log and power, and the ^
// operator, as pgway_sqrt(x, typeof(x)), pgway_log(b, x, typeof(b),
// typeof(x)) and so on, where an argument may be a numeric. DuckDB picks
// the overload by the arguments' types, as PostgreSQL picks the function:
// DECIMAL arguments, and integers next to them, compute in numeric
// (numeric_math.go). Floats and integers alone compute in double
// precision, with PostgreSQL's float8 errors, except for log of two
// arguments, which PostgreSQL has for numeric only. Like pgway_div, each
// function has a nested DECIMAL(38,20) form and a _result form.

// mathForms returns the builders of the functions above by name.
func mathForms() map[string]func(numericOut, duckdb.TypeInfo) []duckdb.ScalarFunc {
	return map[string]func(numericOut, duckdb.TypeInfo) []duckdb.ScalarFunc{
		"pgway_sqrt":  unaryMathOverloads(sqrtNumeric, floatSqrt),
		"pgway_exp":   unaryMathOverloads(expNumeric, floatExp),
		"pgway_ln":    unaryMathOverloads(lnNumeric, floatLog(math.Log)),
		"pgway_log10": unaryMathOverloads(log10Numeric, floatLog(math.Log10)),
		"pgway_log":   binaryMathOverloads(logNumeric, floatLogBase, true),
		"pgway_power": binaryMathOverloads(powerNumeric, floatPower, false),
	}
}

// log10Numeric is PostgreSQL's log(numeric), which is log(10, x).
func log10Numeric(x exactNumeric) (exactNumeric, error) {
	return logNumeric(exactNumeric{pow10(1), 0}, x)
}

// unaryMathOverloads returns the overloads of f(x, typeof(x)).
func unaryMathOverloads(exact func(exactNumeric) (exactNumeric, error), float func(float64) (float64, error)) func(numericOut, duckdb.TypeInfo) []duckdb.ScalarFunc {
	return func(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
		var fs []duckdb.ScalarFunc
		add := func(x, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
			fs = append(fs, udfSpec{params: []duckdb.TypeInfo{x, varcharInfo}, result: r, run: run})
		}
		numeric := func(args []driver.Value) (any, error) {
			x, err := toNumeric(args[0], args[1].(string))
			if err != nil {
				return nil, err
			}
			r, err := exact(x)
			if err != nil {
				return nil, err
			}
			return out(r)
		}
		add(decimalInfo, result, numeric)
		add(numericStructInfo, result, numeric)
		double := func(args []driver.Value) (any, error) {
			x, err := floatOperand(args[0])
			if err != nil {
				return nil, err
			}
			return float(x)
		}
		for _, t := range floatMathTypes {
			add(typeInfo(t), typeInfo(duckdb.TYPE_DOUBLE), double)
		}
		return fs
	}
}

// floatMathTypes are the argument types that PostgreSQL's math functions
// take as double precision.
var floatMathTypes = []duckdb.Type{duckdb.TYPE_DOUBLE, duckdb.TYPE_FLOAT, duckdb.TYPE_SMALLINT,
	duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT, duckdb.TYPE_HUGEINT}

// binaryMathOverloads returns the overloads of f(x, y, typeof(x),
// typeof(y)). integersExact makes two integers compute in numeric too.
func binaryMathOverloads(exact func(x, y exactNumeric) (exactNumeric, error), float func(x, y float64) (float64, error), integersExact bool) func(numericOut, duckdb.TypeInfo) []duckdb.ScalarFunc {
	return func(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
		var fs []duckdb.ScalarFunc
		add := func(x, y, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
			fs = append(fs, udfSpec{params: []duckdb.TypeInfo{x, y, varcharInfo, varcharInfo}, result: r, run: run})
		}
		numeric := exactOperation(exact, out)
		double := func(args []driver.Value) (any, error) {
			x, y, err := floatOperands(args)
			if err != nil {
				return nil, err
			}
			return float(x, y)
		}
		doubleInfo := typeInfo(duckdb.TYPE_DOUBLE)
		exactTypes := []duckdb.TypeInfo{decimalInfo, numericStructInfo}
		integers := []duckdb.TypeInfo{typeInfo(duckdb.TYPE_BIGINT), typeInfo(duckdb.TYPE_HUGEINT)}
		for _, x := range exactTypes {
			for _, y := range exactTypes {
				add(x, y, result, numeric)
			}
			for _, y := range integers {
				add(x, y, result, numeric)
				add(y, x, result, numeric)
			}
		}
		for _, t := range integers {
			if integersExact {
				add(t, t, result, numeric)
			} else {
				add(t, t, doubleInfo, double)
			}
		}
		add(doubleInfo, doubleInfo, doubleInfo, double)
		// A quotient next to a double is converted to double, as
		// PostgreSQL casts numeric to float8.
		add(numericStructInfo, doubleInfo, doubleInfo, double)
		add(doubleInfo, numericStructInfo, doubleInfo, double)
		return fs
	}
}

var (
	errFloatOverflow  = &providers.Error{Code: "22003", Message: "value out of range: overflow"}
	errFloatUnderflow = &providers.Error{Code: "22003", Message: "value out of range: underflow"}
)

// floatSqrt is PostgreSQL's dsqrt.
func floatSqrt(x float64) (float64, error) {
	if x < 0 {
		return 0, errNegativeRoot
	}
	return math.Sqrt(x), nil
}

// floatExp is PostgreSQL's dexp, which fails where a finite argument's
// result does not fit a double.
func floatExp(x float64) (float64, error) {
	r := math.Exp(x)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return r, nil
	case math.IsInf(r, 0):
		return 0, errFloatOverflow
	case r == 0:
		return 0, errFloatUnderflow
	}
	return r, nil
}

// floatLog returns PostgreSQL's dlog1 or dlog10 for log.
func floatLog(log func(float64) float64) func(float64) (float64, error) {
	return func(x float64) (float64, error) {
		switch {
		case x == 0:
			return 0, errLogZero
		case x < 0:
			return 0, errLogNegative
		}
		return log(x), nil
	}
}

// floatLogBase is DuckDB's log(b, x) of doubles, which PostgreSQL lacks:
// it casts neither argument to numeric implicitly.
func floatLogBase(base, x float64) (float64, error) {
	for _, v := range []float64{base, x} {
		if _, err := floatLog(math.Log)(v); err != nil {
			return 0, err
		}
	}
	return math.Log(x) / math.Log(base), nil
}

// floatPower is PostgreSQL's dpow.
func floatPower(x, y float64) (float64, error) {
	switch {
	case math.IsNaN(x):
		if math.IsNaN(y) || y != 0 {
			return math.NaN(), nil
		}
		return 1, nil
	case math.IsNaN(y):
		if x != 1 {
			return math.NaN(), nil
		}
		return 1, nil
	case x == 0 && y < 0:
		return 0, errZeroNegative
	case x < 0 && math.Floor(y) != y:
		return 0, errComplexPower
	case math.IsInf(x, 0) || math.IsInf(y, 0):
		return math.Pow(x, y), nil
	}
	r := math.Pow(x, y)
	switch {
	case math.IsInf(r, 0):
		return 0, errFloatOverflow
	case r == 0 && x != 0:
		return 0, errFloatUnderflow
	}
	return r, nil
}
