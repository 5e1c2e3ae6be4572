package duckdb

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash"
	"maps"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL functions that DuckDB lacks, or has with other results, and
// that DuckDB's SQL cannot express exactly. The DuckDB dialect calls them
// by these names (translate/duckdb_builtins.go), with PostgreSQL's
// arguments.

// registerBuiltinFunctions adds the functions of this file, of
// cast_udf.go, text_udf.go, to_char_udf.go, edge_udf.go, regex_udf.go,
// format_udf.go, clock_udf.go, similar_udf.go, varchar_columns.go,
// interval_text_udf.go and strict_udf.go to the database that db opened.
func registerBuiltinFunctions(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()

	anyInfo := typeInfo(duckdb.TYPE_ANY)
	integer := typeInfo(duckdb.TYPE_INTEGER)
	blob := typeInfo(duckdb.TYPE_BLOB)
	interval := typeInfo(duckdb.TYPE_INTERVAL)
	timestamp, timestampTZ := typeInfo(duckdb.TYPE_TIMESTAMP), typeInfo(duckdb.TYPE_TIMESTAMP_TZ)
	sets := map[string][]duckdb.ScalarFunc{
		"pgway_div_trunc": {udfSpec{params: []duckdb.TypeInfo{anyInfo, anyInfo},
			result: mustTypeInfo(duckdb.NewDecimalInfo(divDigits, 0)), run: divTrunc}},
		"pgway_width_bucket": {udfSpec{params: []duckdb.TypeInfo{anyInfo, anyInfo, anyInfo, integer},
			result: integer, run: widthBucket}},
		"pgway_make_interval": {udfSpec{params: []duckdb.TypeInfo{integer, integer, integer, integer, integer, integer,
			typeInfo(duckdb.TYPE_DOUBLE)}, result: interval, run: makeInterval}},
		"pgway_sha224": {udfSpec{params: []duckdb.TypeInfo{blob}, result: blob, run: digest(sha256.New224)}},
		"pgway_sha256": {udfSpec{params: []duckdb.TypeInfo{blob}, result: blob, run: digest(sha256.New)}},
		"pgway_sha384": {udfSpec{params: []duckdb.TypeInfo{blob}, result: blob, run: digest(sha512.New384)}},
		"pgway_sha512": {udfSpec{params: []duckdb.TypeInfo{blob}, result: blob, run: digest(sha512.New)}},
		"pgway_to_hex": {
			udfSpec{params: []duckdb.TypeInfo{integer}, result: varcharInfo, run: func(args []driver.Value) (any, error) {
				return strconv.FormatUint(uint64(uint32(args[0].(int32))), 16), nil
			}},
			udfSpec{params: []duckdb.TypeInfo{typeInfo(duckdb.TYPE_BIGINT)}, result: varcharInfo, run: func(args []driver.Value) (any, error) {
				return strconv.FormatUint(uint64(args[0].(int64)), 16), nil
			}},
		},
		"pgway_bytea_in": {
			udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: blob, run: func(args []driver.Value) (any, error) {
				return byteaInput(args[0].(string))
			}},
			udfSpec{params: []duckdb.TypeInfo{blob}, result: blob, run: func(args []driver.Value) (any, error) {
				return args[0], nil
			}},
		},
		"pgway_octet_length": {
			// DuckDB's octet_length takes BLOB and BIT only.
			udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: integer, run: func(args []driver.Value) (any, error) {
				return int32(len(args[0].(string))), nil
			}},
			udfSpec{params: []duckdb.TypeInfo{blob}, result: integer, run: func(args []driver.Value) (any, error) {
				return int32(len(args[0].([]byte))), nil
			}},
		},
		"pgway_encode":           {udfSpec{params: []duckdb.TypeInfo{blob, varcharInfo}, result: varcharInfo, run: encodeBytea}},
		"pgway_decode":           {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo}, result: blob, run: decodeBytea}},
		"pgway_justify_days":     {udfSpec{params: []duckdb.TypeInfo{interval}, result: interval, run: justifyDays}},
		"pgway_justify_hours":    {udfSpec{params: []duckdb.TypeInfo{interval}, result: interval, run: justifyHours}},
		"pgway_justify_interval": {udfSpec{params: []duckdb.TypeInfo{interval}, result: interval, run: justifyInterval}},
		"pgway_date_bin": {
			udfSpec{params: []duckdb.TypeInfo{interval, timestamp, timestamp}, result: timestamp, run: dateBin},
			udfSpec{params: []duckdb.TypeInfo{interval, timestampTZ, timestampTZ}, result: timestampTZ, run: dateBin},
		},
	}
	maps.Copy(sets, castFunctions())
	maps.Copy(sets, float4SumFunctions())
	maps.Copy(sets, numericSeriesFunctions())
	maps.Copy(sets, stringAggFunctions())
	maps.Copy(sets, intervalPercentileFunctions())
	maps.Copy(sets, textFunctions())
	maps.Copy(sets, toCharFunctions())
	maps.Copy(sets, toTimestampFunctions())
	maps.Copy(sets, edgeFunctions())
	maps.Copy(sets, dateTimeInputFunctions())
	maps.Copy(sets, intervalInputFunctions())
	maps.Copy(sets, zonedIntervalFunctions())
	maps.Copy(sets, regexFunctions())
	maps.Copy(sets, formatFunctions())
	maps.Copy(sets, clockFunctions())
	maps.Copy(sets, similarFunctions())
	maps.Copy(sets, varcharFunctions())
	maps.Copy(sets, intervalTextFunctions())
	maps.Copy(sets, strictFunctions())
	for name, overloads := range sets {
		if err := duckdb.RegisterScalarUDFSet(conn, name, overloads...); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

// divDigits is the precision of div()'s DECIMAL result. DuckDB fits
// greatest(10.25, x) of a DECIMAL(38,0) x into DECIMAL(38,0), and so
// rounds 10.25, while a DECIMAL(20,0) leaves room for 18 fractional
// digits beside it.
const divDigits = 20

// maxDivQuotient is 10^20, one more than the largest DECIMAL(20,0).
var maxDivQuotient = new(big.Int).Exp(big.NewInt(10), big.NewInt(divDigits), nil)

// divTrunc is PostgreSQL's div(numeric, numeric): the quotient truncated
// toward zero, as a numeric of scale 0. Integer arguments count as
// numerics, as PostgreSQL casts them.
func divTrunc(args []driver.Value) (any, error) {
	x, err := exactOperand("div", args[0])
	if err != nil {
		return nil, err
	}
	y, err := exactOperand("div", args[1])
	if err != nil {
		return nil, err
	}
	if y.Sign() == 0 {
		return nil, errDivisionByZero
	}
	// x/y = (a/b) / (c/d) = (a·d) / (b·c), and Quo truncates toward zero
	// whatever the signs.
	num := new(big.Int).Mul(x.Num(), y.Denom())
	den := new(big.Int).Mul(x.Denom(), y.Num())
	q := new(big.Int).Quo(num, den)
	if new(big.Int).Abs(q).Cmp(maxDivQuotient) >= 0 {
		return nil, &providers.Error{Code: "0A000",
			Message: fmt.Sprintf("div() results of more than %d digits are not supported on DuckDB", divDigits)}
	}
	return duckdb.Decimal{Width: divDigits, Scale: 0, Value: q}, nil
}

// exactOperand converts an argument of function fn, which takes numeric
// arguments, to its exact value: integers and DECIMAL values as they are,
// and text as numeric input.
func exactOperand(fn string, v any) (*big.Rat, error) {
	switch x := v.(type) {
	case string:
		n, err := parseNumericInput(x)
		if err != nil {
			return nil, err
		}
		return n.rat(), nil
	case uint8, uint16, uint32, uint64:
		return new(big.Rat).SetUint64(uintValue(x)), nil
	case int8, int16, int32, int64, *big.Int, duckdb.Decimal, map[string]any:
		n, err := toNumeric(v, "")
		if err != nil {
			return nil, err
		}
		return n.rat(), nil
	}
	// PostgreSQL casts neither floating-point numbers nor other types to
	// numeric implicitly, so it finds no function for them.
	return nil, &providers.Error{Code: "42883",
		Message: fmt.Sprintf("function %s(numeric, numeric) does not accept a value of type %s", fn, postgresTypeName(v)),
		Hint:    "No function matches the given name and argument types. You might need to add explicit type casts."}
}

// postgresTypeName returns the PostgreSQL name of the type of a value
// that a function of this file rejects.
func postgresTypeName(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case float32:
		return "real"
	case float64:
		return "double precision"
	case []byte:
		return "bytea"
	case time.Time:
		return "a date or time type"
	case duckdb.Interval:
		return "interval"
	}
	return fmt.Sprintf("the Go type %T", v)
}

func (x exactNumeric) rat() *big.Rat {
	return new(big.Rat).SetFrac(x.unscaled, pow10(x.scale))
}

// numericInput is PostgreSQL's syntax of a finite numeric constant.
var numericInput = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$`)

// parseNumericInput reads text as PostgreSQL's numeric input does, with
// the display scale it gives: 1.50 has scale 2, 1.5e1 scale 0.
func parseNumericInput(text string) (exactNumeric, error) {
	invalid := &providers.Error{Code: "22P02",
		Message: fmt.Sprintf("invalid input syntax for type numeric: %q", text)}
	m := numericInput.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil || m[2] == "" && m[3] == "" {
		return exactNumeric{}, invalid
	}
	unscaled, _ := new(big.Int).SetString(m[2]+m[3]+"0", 10)
	unscaled.Quo(unscaled, big.NewInt(10))
	scale := len(m[3])
	if m[4] != "" {
		exponent, err := strconv.Atoi(m[4])
		if err != nil || exponent > numericMaxScale || exponent < -numericMaxScale {
			return exactNumeric{}, invalid
		}
		scale -= exponent
	}
	if scale < 0 {
		unscaled.Mul(unscaled, pow10(-scale))
		scale = 0
	}
	if m[1] == "-" {
		unscaled.Neg(unscaled)
	}
	return exactNumeric{unscaled, scale}, nil
}

// widthBucketError is PostgreSQL's error for invalid arguments of
// width_bucket.
func widthBucketError(message string) error {
	return &providers.Error{Code: "2201G", Message: message}
}

// widthBucket is PostgreSQL's width_bucket(operand, low, high, count),
// computed as its float8 version when an argument is a floating-point
// number or all are integers, and as its numeric version otherwise, the
// version PostgreSQL's function resolution picks for those types.
func widthBucket(args []driver.Value) (any, error) {
	count := args[3].(int32)
	if count <= 0 {
		return nil, widthBucketError("count must be greater than zero")
	}
	numeric := false
	for _, v := range args[:3] {
		switch v.(type) {
		case float32, float64:
			return widthBucketFloat(args[:3], count)
		case duckdb.Decimal, *big.Int, map[string]any:
			numeric = true
		}
	}
	if numeric {
		return widthBucketNumeric(args[:3], count)
	}
	return widthBucketFloat(args[:3], count)
}

func widthBucketFloat(args []driver.Value, count int32) (any, error) {
	values, err := widthBucketArguments(args, floatArgument)
	if err != nil {
		return nil, err
	}
	operand, low, high := values[0], values[1], values[2]
	if math.IsNaN(operand) || math.IsNaN(low) || math.IsNaN(high) {
		return nil, widthBucketError("operand, lower bound, and upper bound cannot be NaN")
	}
	if math.IsInf(low, 0) || math.IsInf(high, 0) {
		return nil, widthBucketError("lower and upper bounds must be finite")
	}
	var below, above bool
	var fraction float64
	switch {
	case low < high:
		below, above = operand < low, operand >= high
		fraction = float64(count) * (operand - low) / (high - low)
	case low > high:
		below, above = operand > low, operand <= high
		fraction = float64(count) * (low - operand) / (low - high)
	default:
		return nil, widthBucketError("lower bound cannot equal upper bound")
	}
	if below || above {
		return outerBucket(below, count)
	}
	return truncateToInt32(fraction + 1), nil
}

// widthBucketArguments converts the operand and the two bounds of
// width_bucket with convert.
func widthBucketArguments[T any](args []driver.Value, convert func(any) (T, error)) ([3]T, error) {
	var values [3]T
	for i, v := range args {
		value, err := convert(v)
		if err != nil {
			return values, err
		}
		values[i] = value
	}
	return values, nil
}

// outerBucket returns width_bucket's result for an operand outside the
// buckets: 0 below the first one, and count+1 above the last one.
func outerBucket(below bool, count int32) (any, error) {
	if below {
		return int32(0), nil
	}
	if count == math.MaxInt32 {
		return nil, &providers.Error{Code: "22003", Message: "integer out of range"}
	}
	return count + 1, nil
}

// truncateToInt32 converts as C's (int32) cast does on x86-64, which
// PostgreSQL 15's width_bucket relies on. It truncates toward zero, and
// returns the smallest int32 for NaN and values out of range. NaN comes
// from bounds so far apart that their difference overflows to Infinity.
func truncateToInt32(f float64) int32 {
	if math.IsNaN(f) || f <= math.MinInt32-1 || f >= math.MaxInt32+1 {
		return math.MinInt32
	}
	return int32(f)
}

// floatArgument converts an argument of width_bucket's float8 version.
func floatArgument(v any) (float64, error) {
	switch x := v.(type) {
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, &providers.Error{Code: "22P02",
				Message: fmt.Sprintf("invalid input syntax for type double precision: %q", x)}
		}
		return f, nil
	case uint8, uint16, uint32, uint64:
		return float64(uintValue(x)), nil
	}
	return floatOperand(v)
}

func widthBucketNumeric(args []driver.Value, count int32) (any, error) {
	values, err := widthBucketArguments(args, numericArgument)
	if err != nil {
		return nil, err
	}
	operand, low, high := values[0], values[1], values[2]
	var below, above bool
	var offset, width exactNumeric
	switch compareNumeric(low, high) {
	case 0:
		return nil, widthBucketError("lower bound cannot equal upper bound")
	case -1:
		below, above = compareNumeric(operand, low) < 0, compareNumeric(operand, high) >= 0
		offset, width = subtractNumeric(operand, low), subtractNumeric(high, low)
	default:
		below, above = compareNumeric(operand, low) > 0, compareNumeric(operand, high) <= 0
		offset, width = subtractNumeric(low, operand), subtractNumeric(low, high)
	}
	if below || above {
		return outerBucket(below, count)
	}
	// PostgreSQL 15 rounds offset·count / width to its quotient scale
	// before it adds 1 and takes the floor, as divide does. So an operand
	// just below a bucket's upper end can land in the next bucket.
	offset.unscaled = new(big.Int).Mul(offset.unscaled, big.NewInt(int64(count)))
	q, err := divide(offset, width)
	if err != nil {
		return nil, err
	}
	bucket := new(big.Int).Add(q.unscaled, pow10(q.scale))
	// Floor of a positive value: bucket ≥ 1 here.
	bucket.Quo(bucket, pow10(q.scale))
	if !bucket.IsInt64() || bucket.Int64() > math.MaxInt32 {
		return nil, &providers.Error{Code: "22003", Message: "integer out of range"}
	}
	return int32(bucket.Int64()), nil
}

// numericArgument converts an argument of width_bucket's numeric version.
func numericArgument(v any) (exactNumeric, error) {
	switch x := v.(type) {
	case string:
		return parseNumericInput(x)
	case uint8, uint16, uint32, uint64:
		return exactNumeric{new(big.Int).SetUint64(uintValue(x)), 0}, nil
	}
	return toNumeric(v, "")
}

func uintValue(v any) uint64 {
	switch x := v.(type) {
	case uint8:
		return uint64(x)
	case uint16:
		return uint64(x)
	case uint32:
		return uint64(x)
	case uint64:
		return x
	}
	return 0
}

func compareNumeric(x, y exactNumeric) int {
	scale := max(x.scale, y.scale)
	return x.rescale(scale).Cmp(y.rescale(scale))
}

// subtractNumeric returns x - y with the larger of their scales, as
// PostgreSQL's numeric subtraction does.
func subtractNumeric(x, y exactNumeric) exactNumeric {
	scale := max(x.scale, y.scale)
	return exactNumeric{new(big.Int).Sub(x.rescale(scale), y.rescale(scale)), scale}
}

// makeInterval is PostgreSQL 15's make_interval(years, months, weeks,
// days, hours, mins, secs). Like PostgreSQL 15, it checks only that secs
// is finite: the int32 fields wrap around, and microseconds beyond the
// int64 range become its smallest value, as C's conversion does on
// x86-64.
func makeInterval(args []driver.Value) (any, error) {
	years, months, weeks, days := args[0].(int32), args[1].(int32), args[2].(int32), args[3].(int32)
	hours, mins, secs := args[4].(int32), args[5].(int32), args[6].(float64)
	if math.IsNaN(secs) || math.IsInf(secs, 0) {
		return nil, &providers.Error{Code: "22008", Message: "interval out of range"}
	}
	const usecsPerHour, usecsPerMinute = 3_600_000_000, 60_000_000
	micros := math.RoundToEven(secs * 1e6)
	wholeMicros := int64(math.MinInt64)
	if micros > math.MinInt64 && micros < math.MaxInt64 {
		wholeMicros = int64(micros)
	}
	return duckdb.Interval{
		Months: years*12 + months,
		Days:   weeks*7 + days,
		Micros: int64(hours)*usecsPerHour + int64(mins)*usecsPerMinute + wholeMicros,
	}, nil
}

// digest returns PostgreSQL's sha224, sha256, sha384 or sha512 of a
// bytea, which return bytea; DuckDB's sha256 returns hex text.
func digest(newHash func() hash.Hash) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		h := newHash()
		h.Write(args[0].([]byte))
		return h.Sum(nil), nil
	}
}
