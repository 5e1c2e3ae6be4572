package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/translate"
)

// The DuckDB dialect writes a / b as pgway_div(a, b, typeof(a),
// typeof(b)) and avg(x) as pgway_avg(sum(x), count(x), typeof(sum(x))).
// DuckDB picks the overload by the operands' types, as PostgreSQL picks
// its operator: integers divide as integers, floats as floats, and
// DECIMAL values as numerics, exactly. typeof() carries a DECIMAL
// operand's own scale, which PostgreSQL's quotient scale depends on and
// the cast to the parameter's DECIMAL(38,20) hides.
//
// A numeric quotient comes in two forms:
//   - pgway_div and pgway_avg return DECIMAL(38,20), for use inside other
//     expressions (round, floor, comparisons, arithmetic). A quotient
//     that needs more than 20 fractional digits fails there with 0A000;
//   - pgway_div_result and pgway_avg_result return a STRUCT of an order
//     key and PostgreSQL's text of the quotient, which mapType sends as
//     numeric with its own scale, as numeric_out writes it. The dialect
//     uses them for result columns and for the operands of another
//     division, whose quotient scale depends on theirs.
//
// pgway_add, pgway_sub, pgway_mul and pgway_mod take a quotient in its
// _result form and keep its scale in +, -, * and %, as in a / b * 100.
// pgway_pick_result keeps it through coalesce, CASE, greatest, least,
// nullif and abs, pgway_round and pgway_trunc round it, and pgway_sum
// sums quotients with the largest scale among them (numeric_arith.go).
//
// NOTE: a quotient inside any other function or expression, such as
// sum(DISTINCT a / b) or a UNION without ALL, is DECIMAL(38,20) there,
// where PostgreSQL keeps the quotient's own scale: the value is the same,
// but the result shows more zeros.

const (
	// nestedScale is the scale of pgway_div's DECIMAL result.
	nestedScale = 20

	numericKeyField  = translate.DuckDBQuotientKeyField
	numericTextField = translate.DuckDBQuotientTextField
)

// udfSpec is one overload of a scalar function whose parameter and result
// types have details, such as a DECIMAL's width and scale.
type udfSpec struct {
	params []duckdb.TypeInfo
	result duckdb.TypeInfo
	run    func(args []driver.Value) (any, error)
	// variadic is the type of any further arguments, nil for none.
	variadic duckdb.TypeInfo
	// nulls makes run see NULL arguments, which otherwise give NULL.
	nulls bool
}

func (f udfSpec) Config() duckdb.ScalarFuncConfig {
	return duckdb.ScalarFuncConfig{InputTypeInfos: f.params, ResultTypeInfo: f.result,
		VariadicTypeInfo: f.variadic, SpecialNullHandling: f.nulls}
}

func (f udfSpec) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: f.run}
}

func mustTypeInfo(info duckdb.TypeInfo, err error) duckdb.TypeInfo {
	if err != nil {
		panic(err)
	}
	return info
}

var (
	decimalInfo = mustTypeInfo(duckdb.NewDecimalInfo(38, nestedScale))
	varcharInfo = typeInfo(duckdb.TYPE_VARCHAR)
	// numericStructInfo is the result type of the _result functions.
	numericStructInfo = mustTypeInfo(duckdb.NewStructInfo(
		mustEntry(typeInfo(duckdb.TYPE_BLOB), numericKeyField),
		mustEntry(varcharInfo, numericTextField)))
	numericStructListInfo = mustTypeInfo(duckdb.NewListInfo(numericStructInfo))
)

func mustEntry(info duckdb.TypeInfo, name string) duckdb.StructEntry {
	entry, err := duckdb.NewStructEntry(info, name)
	if err != nil {
		panic(err)
	}
	return entry
}

// isNumericStruct reports whether t is the result type of the _result
// functions.
func isNumericStruct(t *logicalType) bool {
	return len(t.names) == 2 && t.names[0] == numericKeyField && t.names[1] == numericTextField
}

// fromNumericStruct converts a _result function's STRUCT to the pgtype.Numeric
// of its text, keeping the scale.
func fromNumericStruct(v any) (any, error) {
	s, ok := v.(structValue)
	if !ok || len(s.values) != 2 {
		return nil, fmt.Errorf("numeric value has type %T", v)
	}
	text, ok := s.values[1].(string)
	if !ok {
		return nil, fmt.Errorf("numeric text has type %T", s.values[1])
	}
	n, err := parseNumeric(text)
	if err != nil {
		return nil, err
	}
	return pgtype.Numeric{Int: n.unscaled, Exp: int32(-n.scale), Valid: true}, nil
}

// fromNumericStructList converts a list of the _result form to a
// numeric array whose elements keep their scales.
func fromNumericStructList(v any) (any, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("numeric array value has type %T", v)
	}
	out := make([]any, len(list))
	for i, element := range list {
		if element == nil {
			continue
		}
		n, err := fromNumericStruct(element)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// numericOut returns the value of a numeric quotient in a function's
// result form.
type numericOut func(exactNumeric) (any, error)

func nestedNumeric(n exactNumeric) (any, error) {
	n = n.trimScale(nestedScale)
	if n.scale > nestedScale {
		return nil, &providers.Error{Code: "0A000", Message: fmt.Sprintf(
			"the quotient %s needs %d fractional digits, and pgway computes a quotient inside another expression with %d on DuckDB",
			n, n.scale, nestedScale)}
	}
	value := n.rescale(nestedScale)
	if new(big.Int).Abs(value).Cmp(pow10(38)) >= 0 {
		// PostgreSQL's numeric has no such limit, so the error is 0A000.
		return nil, &providers.Error{Code: "0A000", Message: fmt.Sprintf(
			"the quotient %s inside another expression is not supported on DuckDB, which computes it with at most %d digits before the point",
			n, 38-nestedScale)}
	}
	return duckdb.Decimal{Width: 38, Scale: nestedScale, Value: value}, nil
}

func resultNumeric(n exactNumeric) (any, error) {
	return map[string]any{numericKeyField: n.orderKey(), numericTextField: n.String()}, nil
}

// divisionOverloads returns the overloads of pgway_div or
// pgway_div_result, whose numeric quotients take the form out gives.
func divisionOverloads(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	add := func(x, y, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{x, y, varcharInfo, varcharInfo}, result: r, run: run})
	}

	for _, t := range []duckdb.Type{duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT} {
		info := typeInfo(t)
		add(info, info, info, integerDivision(t))
	}
	float, double := typeInfo(duckdb.TYPE_FLOAT), typeInfo(duckdb.TYPE_DOUBLE)
	add(float, float, float, floatDivision(true))
	add(double, double, double, floatDivision(false))

	// A HUGEINT is a numeric, as sum() of a bigint, which PostgreSQL
	// divides as numerics.
	numericDivision := exactOperation(divide, out)
	add(decimalInfo, decimalInfo, result, numericDivision)
	hugeint := typeInfo(duckdb.TYPE_HUGEINT)
	add(hugeint, hugeint, result, numericDivision)

	// The _result form of another division as an operand, and integers
	// with a DECIMAL or that form. Integers have overloads of their own,
	// so that DuckDB does not cast them to DECIMAL(38,20), which holds
	// 18 digits before the point, or pick the DOUBLE overload.
	add(numericStructInfo, decimalInfo, result, numericDivision)
	add(decimalInfo, numericStructInfo, result, numericDivision)
	add(numericStructInfo, numericStructInfo, result, numericDivision)
	for _, t := range []duckdb.Type{duckdb.TYPE_BIGINT, duckdb.TYPE_HUGEINT} {
		for _, other := range []duckdb.TypeInfo{numericStructInfo, decimalInfo} {
			add(other, typeInfo(t), result, numericDivision)
			add(typeInfo(t), other, result, numericDivision)
		}
	}

	// PostgreSQL divides real by an integer or a numeric as float8.
	for _, other := range []duckdb.TypeInfo{typeInfo(duckdb.TYPE_BIGINT), decimalInfo, numericStructInfo} {
		add(float, other, double, floatDivision(false))
		add(other, float, double, floatDivision(false))
	}
	add(numericStructInfo, double, double, floatDivision(false))
	add(double, numericStructInfo, double, floatDivision(false))

	interval := typeInfo(duckdb.TYPE_INTERVAL)
	for _, factor := range []duckdb.TypeInfo{double, numericStructInfo} {
		add(interval, factor, interval, intervalByNumber(divideInterval, 0))
	}
	return fs
}

// averageOverloads returns the overloads of pgway_avg or
// pgway_avg_result: avg(x) is sum(x) / count(x), a numeric quotient
// for integers and numerics, as PostgreSQL computes it.
func averageOverloads(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	bigint := typeInfo(duckdb.TYPE_BIGINT)
	add := func(sum, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{sum, bigint, varcharInfo}, result: r, run: run})
	}
	numericAverage := func(args []driver.Value) (any, error) {
		sum, err := toNumeric(args[0], args[2].(string))
		if err != nil {
			return nil, err
		}
		q, err := divide(sum, exactNumeric{big.NewInt(args[1].(int64)), 0})
		if err != nil {
			return nil, err
		}
		return out(q)
	}
	add(typeInfo(duckdb.TYPE_HUGEINT), result, numericAverage)
	add(decimalInfo, result, numericAverage)
	// The sum of a numeric(p,s) with more than 18 digits before the point,
	// which the dialect passes as text (translate's wideDecimalOperand).
	add(numericStructInfo, result, numericAverage)
	double := typeInfo(duckdb.TYPE_DOUBLE)
	add(double, double, func(args []driver.Value) (any, error) {
		return args[0].(float64) / float64(args[1].(int64)), nil
	})
	add(typeInfo(duckdb.TYPE_INTERVAL), typeInfo(duckdb.TYPE_INTERVAL), func(args []driver.Value) (any, error) {
		return divideInterval(args[0].(duckdb.Interval), float64(args[1].(int64)))
	})
	return fs
}

// integerDivision divides as PostgreSQL's integer / operators: the
// quotient truncated toward zero, an error for zero and for the one
// quotient that overflows, the smallest value divided by -1.
func integerDivision(t duckdb.Type) func(args []driver.Value) (any, error) {
	overflow := integerOverflow(t)
	return func(args []driver.Value) (any, error) {
		switch x := args[0].(type) {
		case int16:
			return divideInteger(x, args[1].(int16), math.MinInt16, overflow)
		case int32:
			return divideInteger(x, args[1].(int32), math.MinInt32, overflow)
		case int64:
			return divideInteger(x, args[1].(int64), math.MinInt64, overflow)
		case *big.Int:
			y := args[1].(*big.Int)
			if y.Sign() == 0 {
				return nil, errDivisionByZero
			}
			q := new(big.Int).Quo(x, y)
			if q.BitLen() > 127 {
				return nil, overflow
			}
			return q, nil
		}
		return nil, fmt.Errorf("integer division of %T", args[0])
	}
}

// integerOverflow is PostgreSQL's error for a result out of the range
// of integer type t. HUGEINT is sent as numeric.
func integerOverflow(t duckdb.Type) error {
	return &providers.Error{Code: "22003", Message: map[duckdb.Type]string{
		duckdb.TYPE_SMALLINT: "smallint out of range",
		duckdb.TYPE_INTEGER:  "integer out of range",
		duckdb.TYPE_BIGINT:   "bigint out of range",
		duckdb.TYPE_HUGEINT:  "numeric field overflow",
	}[t]}
}

// divideInteger returns x / y truncated toward zero, or PostgreSQL's
// error for a zero y and for the smallest value of the type divided by -1.
func divideInteger[T int16 | int32 | int64](x, y, smallest T, overflow error) (any, error) {
	if y == 0 {
		return nil, errDivisionByZero
	}
	if x == smallest && y == -1 {
		return nil, overflow
	}
	return x / y, nil
}

// floatDivision divides as PostgreSQL's float4 and float8 / operators,
// which fail on a zero divisor (unless the dividend is NaN) and on a
// finite quotient too large or too small for the type. An operand in
// the _result form is converted to double first, as PostgreSQL casts
// numeric to float8.
func floatDivision(single bool) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		x, y, err := floatOperands(args)
		if err != nil {
			return nil, err
		}
		if y == 0 && !math.IsNaN(x) {
			return nil, errDivisionByZero
		}
		q := x / y
		if single {
			q = float64(float32(q))
		}
		switch {
		case math.IsInf(q, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0):
			return nil, &providers.Error{Code: "22003", Message: "value out of range: overflow"}
		case q == 0 && x != 0 && !math.IsInf(y, 0):
			return nil, &providers.Error{Code: "22003", Message: "value out of range: underflow"}
		}
		if single {
			return float32(q), nil
		}
		return q, nil
	}
}

// exactOperation returns the body of an overload f(x, y, typeof(x),
// typeof(y)) that applies op to the exact values of x and y and returns
// the result in the form out gives.
func exactOperation(op func(x, y exactNumeric) (exactNumeric, error), out numericOut) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		x, y, err := numericOperands(args[0], args[1], args[2].(string), args[3].(string))
		if err != nil {
			return nil, err
		}
		r, err := op(x, y)
		if err != nil {
			return nil, err
		}
		return out(r)
	}
}

// numericOperands converts the operands x and y with toNumeric, each
// with its DuckDB type name.
func numericOperands(x, y any, xType, yType string) (exactNumeric, exactNumeric, error) {
	xValue, err := toNumeric(x, xType)
	if err != nil {
		return exactNumeric{}, exactNumeric{}, err
	}
	yValue, err := toNumeric(y, yType)
	if err != nil {
		return exactNumeric{}, exactNumeric{}, err
	}
	return xValue, yValue, nil
}

// floatOperands converts the first two arguments with floatOperand.
func floatOperands(args []driver.Value) (float64, float64, error) {
	x, err := floatOperand(args[0])
	if err != nil {
		return 0, 0, err
	}
	y, err := floatOperand(args[1])
	if err != nil {
		return 0, 0, err
	}
	return x, y, nil
}

func floatOperand(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	}
	// An integer, a DECIMAL or a quotient's _result form, converted to
	// the nearest double, as PostgreSQL casts them to float8.
	n, err := toNumeric(v, "")
	if err != nil {
		return 0, err
	}
	f, _ := n.rat().Float64()
	return f, nil
}

// intervalByNumber returns the body of an overload whose first two
// arguments are an interval, at index span, and a number. It applies op
// to the interval and the number converted to double.
func intervalByNumber(op func(span duckdb.Interval, factor float64) (any, error), span int) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		factor, err := floatOperand(args[1-span])
		if err != nil {
			return nil, err
		}
		return op(args[span].(duckdb.Interval), factor)
	}
}

// divideInterval divides as PostgreSQL's interval / float8 does.
func divideInterval(span duckdb.Interval, factor float64) (any, error) {
	if factor == 0 {
		return nil, errDivisionByZero
	}
	return scaleInterval(span, func(x float64) float64 { return x / factor })
}

// multiplyInterval multiplies as PostgreSQL's interval * float8 does.
func multiplyInterval(span duckdb.Interval, factor float64) (any, error) {
	return scaleInterval(span, func(x float64) float64 { return x * factor })
}

// scaleInterval applies scale, a multiplication or division by a factor,
// to an interval as PostgreSQL's interval * and / do. Months and days
// scale as whole units, a month's remainder moves to days (30 to a
// month), and a day's remainder moves to microseconds.
func scaleInterval(span duckdb.Interval, scale func(float64) float64) (any, error) {
	const daysPerMonth, secsPerDay, usecsPerSec = 30, 86400, 1e6
	outOfRange := &providers.Error{Code: "22008", Message: "interval out of range"}
	// tsRound rounds to microseconds, as PostgreSQL's TSROUND does, so
	// that a remainder meant to be whole comes out whole.
	tsRound := func(x float64) float64 { return math.RoundToEven(x*usecsPerSec) / usecsPerSec }
	monthQuotient, dayQuotient := scale(float64(span.Months)), scale(float64(span.Days))
	if !fitsInt32(monthQuotient) || !fitsInt32(dayQuotient) {
		return nil, outOfRange
	}
	months, days := int32(monthQuotient), int32(dayQuotient)
	monthRemainderDays := tsRound((monthQuotient - float64(months)) * daysPerMonth)
	secRemainder := tsRound((dayQuotient - float64(days) + monthRemainderDays - math.Trunc(monthRemainderDays)) * secsPerDay)
	wholeDays := math.Trunc(monthRemainderDays)
	if math.Abs(secRemainder) >= secsPerDay {
		wholeDays += math.Trunc(secRemainder / secsPerDay)
		secRemainder -= math.Trunc(secRemainder/secsPerDay) * secsPerDay
	}
	if !fitsInt32(float64(days) + wholeDays) {
		return nil, outOfRange
	}
	micros := math.RoundToEven(scale(float64(span.Micros)) + secRemainder*usecsPerSec)
	if math.IsNaN(micros) || math.Abs(micros) >= math.MaxInt64 {
		return nil, outOfRange
	}
	return duckdb.Interval{Months: months, Days: days + int32(wholeDays), Micros: int64(micros)}, nil
}

func fitsInt32(x float64) bool {
	return !math.IsNaN(x) && x >= math.MinInt32 && x <= math.MaxInt32
}

// registerNumericFunctions adds the functions above to the database that db opened.
func registerNumericFunctions(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()

	forms := map[string]func(numericOut, duckdb.TypeInfo) []duckdb.ScalarFunc{
		"pgway_div":        divisionOverloads,
		"pgway_avg":        averageOverloads,
		"pgway_round":      roundOverloads(false),
		"pgway_trunc":      roundOverloads(true),
		"pgway_sum":        sumOverloads,
		"pgway_to_numeric": numericCastOverloads,
		"pgway_to_number":  toNumberOverloads,
		"pgway_variance":   varianceOverloads,
	}
	for name, build := range mathForms() {
		forms[name] = build
	}
	for name, a := range arithmetics() {
		forms[name] = func(out numericOut, r duckdb.TypeInfo) []duckdb.ScalarFunc {
			return append(arithmeticOverloads(a, out, r), dateTimeOverloads(name)...)
		}
	}
	// Each function has the nested form and the _result form.
	sets := map[string][]duckdb.ScalarFunc{
		"pgway_epoch":         epochOverloads(),
		"pgway_epoch_float8":  epochFloatOverloads(),
		pickFunction:          pickOverloads(),
		numericTextFunction:   numericTextOverloads(),
		numericResultFunction: numericResultOverloads(),
		nestedFunction:        nestedOverloads(),
		scaleFunction:         scaleOverloads(),
		numericOutFunction:    numericOutOverloads(),
		"pgway_square":        squareOverloads(),
		numericArrayFunction:  numericArrayOverloads(),
	}
	for name, build := range forms {
		sets[name] = build(nestedNumeric, decimalInfo)
		sets[name+"_result"] = build(resultNumeric, numericStructInfo)
	}

	for name, overloads := range sets {
		if err := duckdb.RegisterScalarUDFSet(conn, name, overloads...); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

// epochOverloads returns the overloads of pgway_epoch(x), PostgreSQL's
// extract(epoch from x): a numeric of seconds with 6 fractional digits,
// or none for a date.
func epochOverloads() []duckdb.ScalarFunc {
	micros := mustTypeInfo(duckdb.NewDecimalInfo(38, 6))
	seconds := mustTypeInfo(duckdb.NewDecimalInfo(38, 0))
	fromMicros := func(us int64) any {
		return duckdb.Decimal{Width: 38, Scale: 6, Value: big.NewInt(us)}
	}
	add := func(fs []duckdb.ScalarFunc, t duckdb.Type, r duckdb.TypeInfo, run func(v any) any) []duckdb.ScalarFunc {
		return append(fs, udfSpec{params: []duckdb.TypeInfo{typeInfo(t)}, result: r,
			run: func(args []driver.Value) (any, error) { return run(args[0]), nil }})
	}
	var fs []duckdb.ScalarFunc
	for _, t := range []duckdb.Type{duckdb.TYPE_TIMESTAMP, duckdb.TYPE_TIMESTAMP_TZ} {
		fs = add(fs, t, micros, func(v any) any { return fromMicros(v.(time.Time).UnixMicro()) })
	}
	fs = add(fs, duckdb.TYPE_DATE, seconds, func(v any) any {
		return duckdb.Decimal{Width: 38, Scale: 0, Value: big.NewInt(v.(time.Time).Unix())}
	})
	fs = add(fs, duckdb.TYPE_TIME, micros, func(v any) any {
		t := v.(time.Time)
		return fromMicros(int64(t.Hour()*3600+t.Minute()*60+t.Second())*1e6 + int64(t.Nanosecond()/1000))
	})
	fs = add(fs, duckdb.TYPE_TIME_TZ, micros, func(v any) any {
		// Seconds since midnight in UTC: the time less its zone's offset.
		t := v.(time.Time)
		_, offset := t.Zone()
		local := int64(t.Hour()*3600+t.Minute()*60+t.Second())*1e6 + int64(t.Nanosecond()/1000)
		return fromMicros(local - int64(offset)*1e6)
	})
	fs = add(fs, duckdb.TYPE_INTERVAL, micros, func(v any) any {
		// PostgreSQL counts a year as 365.25 days and a month as 30.
		iv := v.(duckdb.Interval)
		const secsPerYear, secsPerMonth, secsPerDay = 31557600, 2592000, 86400
		secs := secsPerYear*int64(iv.Months/12) + secsPerMonth*int64(iv.Months%12) + secsPerDay*int64(iv.Days)
		// The seconds fit 64 bits, but in microseconds they pass them
		// from about 292,000 years on.
		micros := new(big.Int).Mul(big.NewInt(secs), big.NewInt(1e6))
		return duckdb.Decimal{Width: 38, Scale: 6, Value: micros.Add(micros, big.NewInt(iv.Micros))}
	})
	return fs
}
