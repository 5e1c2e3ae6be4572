package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math/big"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// varianceOverloads returns the overloads of pgway_variance(kind, zero,
// sumX, sumX2, count, float) or pgway_variance_result, which the DuckDB
// dialect writes for stddev and variance (translate/duckdb_numeric_variance.go).
// zero has the type of sum(x). For HUGEINT and DECIMAL the result is the
// numeric that PostgreSQL computes from the exact texts of sum(x) and of
// the sum of squares. For DOUBLE it is float, DuckDB's own result.
func varianceOverloads(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	bigint, double := typeInfo(duckdb.TYPE_BIGINT), typeInfo(duckdb.TYPE_DOUBLE)
	params := func(zero duckdb.TypeInfo) []duckdb.TypeInfo {
		return []duckdb.TypeInfo{varcharInfo, zero, varcharInfo, varcharInfo, bigint, double}
	}
	exact := func(args []driver.Value) (any, error) {
		v, err := varianceArguments(args)
		if err != nil || v == nil {
			return nil, err
		}
		return out(*v)
	}
	return []duckdb.ScalarFunc{
		udfSpec{params: params(typeInfo(duckdb.TYPE_HUGEINT)), result: result, run: exact, nulls: true},
		udfSpec{params: params(decimalInfo), result: result, run: exact, nulls: true},
		udfSpec{params: params(double), result: double, nulls: true,
			run: func(args []driver.Value) (any, error) { return args[5], nil }},
	}
}

// varianceArguments reads the arguments of an exact overload and returns
// the variance or standard deviation, or nil where PostgreSQL returns NULL.
func varianceArguments(args []driver.Value) (*exactNumeric, error) {
	kind, _ := args[0].(string)
	count, _ := args[4].(int64)
	if count == 0 || (kind == "var_samp" || kind == "stddev_samp") && count == 1 {
		return nil, nil
	}
	sumText, ok := args[2].(string)
	if !ok {
		return nil, fmt.Errorf("%s: sum is %T", kind, args[2])
	}
	squaresText, ok := args[3].(string)
	if !ok {
		return nil, &providers.Error{Code: "0A000", Message: fmt.Sprintf(
			"%s(DISTINCT) of integers or numerics is not supported on DuckDB, so apply it to SELECT DISTINCT in a subquery", kind)}
	}
	sum, err := parseNumeric(sumText)
	if err != nil {
		return nil, err
	}
	squares, err := parseNumeric(squaresText)
	if err != nil {
		return nil, err
	}
	v, err := varianceNumeric(kind, count, sum, squares)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// varianceNumeric computes kind (var_samp, var_pop, stddev_samp or
// stddev_pop) of count values from their sum and sum of squares, as
// PostgreSQL 15's numeric_stddev_internal does. The numerator
// count·squares - sum² is exact, with twice sum's scale. A numerator of
// zero or less gives 0. Otherwise the variance is the numerator divided
// by count·(count-1), or by count² for the population, with
// select_div_scale's scale. The standard deviation is its square root,
// rounded to the same scale. count must be at least 2 for the sample
// kinds and at least 1 for the others.
func varianceNumeric(kind string, count int64, sum, squares exactNumeric) (exactNumeric, error) {
	scale := max(2*sum.scale, squares.scale)
	n := big.NewInt(count)
	sumSquared := new(big.Int).Mul(sum.unscaled, sum.unscaled)
	sumSquared.Mul(sumSquared, pow10(scale-2*sum.scale))
	numerator := new(big.Int).Mul(n, squares.rescale(scale))
	numerator.Sub(numerator, sumSquared)
	if numerator.Sign() <= 0 {
		return exactNumeric{new(big.Int), 0}, nil
	}
	// The sum of squares has twice sum's scale in PostgreSQL. A wider
	// DuckDB scale adds only zeros, which trimScale drops.
	numeratorValue := exactNumeric{numerator, scale}.trimScale(2 * sum.scale)
	denominator := new(big.Int).Mul(n, n)
	if kind == "var_samp" || kind == "stddev_samp" {
		denominator.Sub(denominator, n)
	}
	variance, err := divide(numeratorValue, exactNumeric{denominator, 0})
	if err != nil || kind == "var_samp" || kind == "var_pop" {
		return variance, err
	}
	return sqrtAtScale(variance), nil
}

// sqrtAtScale returns the square root of x >= 0 rounded half away from
// zero to x's scale, as PostgreSQL's sqrt_var does with that rscale.
func sqrtAtScale(x exactNumeric) exactNumeric {
	// floor(sqrt(x)·10^(scale+1)) is the integer square root of
	// unscaled·10^(scale+2), whose last digit rounds.
	root := new(big.Int).Mul(x.unscaled, pow10(x.scale+2))
	root.Sqrt(root)
	return exactNumeric{roundQuotient(root, big.NewInt(10)), x.scale}
}

// squareOverloads returns the overloads of pgway_square(x), the square of
// a quotient in the sum of squares of stddev and variance. The square of
// a numeric is a DECIMAL(38,20), that of an integer a HUGEINT, and that of
// a float a DOUBLE.
func squareOverloads() []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	add := func(t, r duckdb.TypeInfo, run func(v any) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t}, result: r,
			run: func(args []driver.Value) (any, error) { return run(args[0]) }})
	}
	exact := func(v any) (any, error) {
		x, err := toNumeric(v, "")
		if err != nil {
			return nil, err
		}
		return nestedSquare(x)
	}
	add(numericStructInfo, decimalInfo, exact)
	add(decimalInfo, decimalInfo, exact)
	hugeint := typeInfo(duckdb.TYPE_HUGEINT)
	for _, t := range []duckdb.Type{duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT} {
		add(typeInfo(t), hugeint, func(v any) (any, error) {
			x, err := toNumeric(v, "")
			if err != nil {
				return nil, err
			}
			return new(big.Int).Mul(x.unscaled, x.unscaled), nil
		})
	}
	double := typeInfo(duckdb.TYPE_DOUBLE)
	add(double, double, func(v any) (any, error) { return v.(float64) * v.(float64), nil })
	add(typeInfo(duckdb.TYPE_FLOAT), double, func(v any) (any, error) {
		return float64(v.(float32)) * float64(v.(float32)), nil
	})
	return fs
}

// nestedSquare returns x² as a DECIMAL(38,20), or 0A000 when the
// square has more than 20 fractional digits or 18 before the point.
func nestedSquare(x exactNumeric) (any, error) {
	square := exactNumeric{new(big.Int).Mul(x.unscaled, x.unscaled), 2 * x.scale}.trimScale(nestedScale)
	if square.scale > nestedScale || square.rescale(nestedScale).CmpAbs(pow10(38)) >= 0 {
		return nil, &providers.Error{Code: "0A000", Message: fmt.Sprintf(
			"stddev and variance of %s are not supported on DuckDB, where pgway sums its square with at most "+
				"%d digits before the point and %d after it, so cast the argument to a numeric of fewer digits",
			x, 38-nestedScale, nestedScale)}
	}
	return duckdb.Decimal{Width: 38, Scale: nestedScale, Value: square.rescale(nestedScale)}, nil
}
