package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// The DuckDB dialect writes +, -, * and % with a quotient operand as
// pgway_add, pgway_sub, pgway_mul and pgway_mod, and a quotient inside
// coalesce, CASE, greatest, least, nullif or abs as
//
//	pgway_pick_result(expression, text, ...)
//
// where the expression computes the value with nested quotients and each
// text is one of the values it may take, as numeric_out writes it:
// pgway_pick_text of a quotient's _result form, or the value cast to
// VARCHAR. The expression's DuckDB type is PostgreSQL's result type. A
// numeric result keeps the scale of the first text of its value, because
// the expression passes on that value in PostgreSQL.
//
// The other functions here serve round, trunc and sum of quotients, the
// rows of UNION ALL and VALUES, derived tables' quotient columns and
// casts of quotients to text (translate/duckdb_numeric*.go).

const (
	pickFunction = "pgway_pick_result"
	// numericTextFunction writes each text of pgway_pick_result.
	numericTextFunction = "pgway_pick_text"
	// numericResultFunction turns the text of a number constant into
	// the _result form, for a row of UNION ALL or VALUES.
	numericResultFunction = "pgway_numeric_result"
	// nestedFunction turns a value in the _result form, such as a
	// derived table's quotient column, into the nested form.
	nestedFunction = "pgway_nested"
	// scaleFunction gives the scale of a quotient, which pgway_sum takes.
	scaleFunction = "pgway_numeric_scale"
	// numericOutFunction writes the _result form as numeric_out does, for
	// a cast to text.
	numericOutFunction = "pgway_numeric_out"
)

// arithmetic is one of +, -, * and % on numbers, as PostgreSQL computes
// it: exact gives a numeric result its value and scale, float the result
// of double precision operands (nil for %, which PostgreSQL lacks for
// them) and interval that of two intervals (nil for * and %).
// scalesInterval is set for *, which also multiplies an interval by a
// number.
type arithmetic struct {
	exact          func(x, y exactNumeric) (exactNumeric, error)
	float          func(x, y float64) float64
	interval       func(x, y duckdb.Interval) (duckdb.Interval, error)
	scalesInterval bool
}

// arithmeticOverloads returns the overloads of pgway_add, pgway_sub,
// pgway_mul or pgway_mod, or of their _result forms. The dialect uses
// them where an operand is a quotient, in its _result form, so that the
// result keeps PostgreSQL's scale: the larger of the operands' for +, -
// and %, and their sum for *. A quotient of integers, floats or intervals
// is not numeric, and the operators of its type apply.
func arithmeticOverloads(a arithmetic, out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	add := func(x, y, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{x, y, varcharInfo, varcharInfo}, result: r, run: run})
	}
	exact := exactOperation(a.exact, out)
	for _, t := range []duckdb.TypeInfo{decimalInfo, numericStructInfo, typeInfo(duckdb.TYPE_BIGINT), typeInfo(duckdb.TYPE_HUGEINT)} {
		add(numericStructInfo, t, result, exact)
		if t != numericStructInfo {
			add(t, numericStructInfo, result, exact)
		}
	}
	add(decimalInfo, decimalInfo, result, exact)
	// An integer operand, such as the _result form of an integer division,
	// which has no type name, keeps scale 0 where DuckDB would cast it to
	// DECIMAL(38,20).
	bigint := typeInfo(duckdb.TYPE_BIGINT)
	add(decimalInfo, bigint, result, exact)
	add(bigint, decimalInfo, result, exact)
	for _, t := range []duckdb.Type{duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT, duckdb.TYPE_HUGEINT} {
		add(typeInfo(t), typeInfo(t), typeInfo(t), integerArithmetic(a.exact, t))
	}
	if a.float != nil {
		double := typeInfo(duckdb.TYPE_DOUBLE)
		for _, t := range []duckdb.TypeInfo{numericStructInfo, double} {
			add(t, double, double, floatArithmetic(a.float, false))
			if t != double {
				add(double, t, double, floatArithmetic(a.float, false))
			}
		}
		float := typeInfo(duckdb.TYPE_FLOAT)
		add(float, float, float, floatArithmetic(a.float, true))
	}
	interval := typeInfo(duckdb.TYPE_INTERVAL)
	if a.interval != nil {
		add(interval, interval, interval, func(args []driver.Value) (any, error) {
			return a.interval(args[0].(duckdb.Interval), args[1].(duckdb.Interval))
		})
	}
	if a.scalesInterval {
		// interval * number and number * interval, a quotient of either.
		for _, factor := range []duckdb.TypeInfo{typeInfo(duckdb.TYPE_DOUBLE), numericStructInfo} {
			add(interval, factor, interval, intervalByNumber(multiplyInterval, 0))
			add(factor, interval, interval, intervalByNumber(multiplyInterval, 1))
		}
	}
	return fs
}

// integerArithmetic computes on integers of type t as PostgreSQL's
// operators of the type do, with its error for a result out of range.
func integerArithmetic(exact func(x, y exactNumeric) (exactNumeric, error), t duckdb.Type) func(args []driver.Value) (any, error) {
	overflow := integerOverflow(t)
	return func(args []driver.Value) (any, error) {
		x, y, err := numericOperands(args[0], args[1], "", "")
		if err != nil {
			return nil, err
		}
		r, err := exact(x, y)
		if err != nil {
			return nil, err
		}
		v := r.unscaled
		switch t {
		case duckdb.TYPE_SMALLINT:
			if !v.IsInt64() || v.Int64() != int64(int16(v.Int64())) {
				return nil, overflow
			}
			return int16(v.Int64()), nil
		case duckdb.TYPE_INTEGER:
			if !v.IsInt64() || v.Int64() != int64(int32(v.Int64())) {
				return nil, overflow
			}
			return int32(v.Int64()), nil
		case duckdb.TYPE_BIGINT:
			if !v.IsInt64() {
				return nil, overflow
			}
			return v.Int64(), nil
		}
		if v.BitLen() > 127 {
			return nil, overflow
		}
		return v, nil
	}
}

// floatArithmetic computes on double precision operands, or on real ones
// when single is set, with PostgreSQL's error for a finite operands'
// result that overflows. An operand in the _result form is converted to
// double first, as PostgreSQL casts numeric to float8.
func floatArithmetic(op func(x, y float64) float64, single bool) func(args []driver.Value) (any, error) {
	return func(args []driver.Value) (any, error) {
		x, y, err := floatOperands(args)
		if err != nil {
			return nil, err
		}
		r := op(x, y)
		if single {
			r = float64(float32(r))
		}
		if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
			return nil, &providers.Error{Code: "22003", Message: "value out of range: overflow"}
		}
		if single {
			return float32(r), nil
		}
		return r, nil
	}
}

// arithmetics returns the arithmetic of pgway_add, pgway_sub, pgway_mul
// and pgway_mod.
func arithmetics() map[string]arithmetic {
	return map[string]arithmetic{
		"pgway_add": {
			exact: func(x, y exactNumeric) (exactNumeric, error) {
				scale := max(x.scale, y.scale)
				return exactNumeric{new(big.Int).Add(x.rescale(scale), y.rescale(scale)), scale}, nil
			},
			float:    func(x, y float64) float64 { return x + y },
			interval: func(x, y duckdb.Interval) (duckdb.Interval, error) { return addIntervals(x, y, 1) },
		},
		"pgway_sub": {
			exact:    func(x, y exactNumeric) (exactNumeric, error) { return subtractNumeric(x, y), nil },
			float:    func(x, y float64) float64 { return x - y },
			interval: func(x, y duckdb.Interval) (duckdb.Interval, error) { return addIntervals(x, y, -1) },
		},
		"pgway_mul": {
			exact: func(x, y exactNumeric) (exactNumeric, error) {
				return exactNumeric{new(big.Int).Mul(x.unscaled, y.unscaled), x.scale + y.scale}, nil
			},
			float:          func(x, y float64) float64 { return x * y },
			scalesInterval: true,
		},
		"pgway_mod": {
			// The remainder of the quotient truncated toward zero, with
			// the sign of x, as numeric_mod computes it.
			exact: func(x, y exactNumeric) (exactNumeric, error) {
				if y.unscaled.Sign() == 0 {
					return exactNumeric{}, errDivisionByZero
				}
				scale := max(x.scale, y.scale)
				return exactNumeric{new(big.Int).Rem(x.rescale(scale), y.rescale(scale)), scale}, nil
			},
		},
	}
}

// addIntervals returns x + sign·y, adding months, days and microseconds
// apart, as PostgreSQL's interval + and - do, with its error when one of
// them overflows.
func addIntervals(x, y duckdb.Interval, sign int64) (duckdb.Interval, error) {
	months := int64(x.Months) + sign*int64(y.Months)
	days := int64(x.Days) + sign*int64(y.Days)
	micros := new(big.Int).Add(big.NewInt(x.Micros), new(big.Int).Mul(big.NewInt(sign), big.NewInt(y.Micros)))
	if months != int64(int32(months)) || days != int64(int32(days)) || !micros.IsInt64() {
		return duckdb.Interval{}, &providers.Error{Code: "22008", Message: "interval out of range"}
	}
	return duckdb.Interval{Months: int32(months), Days: int32(days), Micros: micros.Int64()}, nil
}

// pickOverloads returns the overloads of pgway_pick_result(value,
// texts...). A DECIMAL value becomes the _result form of the first text
// of the same value, which carries its scale. When no text has the value,
// the value keeps its DECIMAL(38,20) scale. A single text, which the same
// expression computed, is taken even when its value differs: DuckDB may
// have given the expression a type of fewer fractional digits, such as
// DECIMAL(38,10) for coalesce of DECIMAL(38,20) and DECIMAL(38,10). A
// value of another type is returned as it is: the expression's type is
// not numeric in PostgreSQL either.
func pickOverloads() []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	add := func(t, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t}, variadic: varcharInfo, result: r, run: run, nulls: true})
	}
	add(decimalInfo, numericStructInfo, func(args []driver.Value) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		value, err := toNumeric(args[0], "")
		if err != nil {
			return nil, err
		}
		for _, arg := range args[1:] {
			text, ok := arg.(string)
			if !ok {
				continue
			}
			if n, err := parseNumeric(text); err == nil && (n.equal(value) || len(args) == 2) {
				return resultNumeric(n)
			}
		}
		return resultNumeric(value)
	})
	for _, t := range []duckdb.Type{duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT,
		duckdb.TYPE_HUGEINT, duckdb.TYPE_FLOAT, duckdb.TYPE_DOUBLE, duckdb.TYPE_INTERVAL} {
		add(typeInfo(t), typeInfo(t), func(args []driver.Value) (any, error) { return args[0], nil })
	}
	return fs
}

// numericTextOverloads returns the overloads of pgway_pick_text(x):
// the text of a quotient's _result form or of an integer, and NULL for
// the floats and intervals that pgway_pick_result returns as they are.
func numericTextOverloads() []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	add := func(t duckdb.TypeInfo, run func(v any) any) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) { return run(args[0]), nil }})
	}
	add(numericStructInfo, func(v any) any {
		m, _ := v.(map[string]any)
		return m[numericTextField]
	})
	for _, t := range []duckdb.Type{duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT, duckdb.TYPE_HUGEINT} {
		add(typeInfo(t), func(v any) any { return fmt.Sprint(v) })
	}
	for _, t := range []duckdb.Type{duckdb.TYPE_FLOAT, duckdb.TYPE_DOUBLE, duckdb.TYPE_INTERVAL} {
		add(typeInfo(t), func(any) any { return nil })
	}
	return fs
}

// numericResultOverloads returns the overload of pgway_numeric_result:
// the _result form of a number constant's text.
func numericResultOverloads() []duckdb.ScalarFunc {
	return []duckdb.ScalarFunc{udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: numericStructInfo,
		run: func(args []driver.Value) (any, error) {
			n, err := parseNumeric(args[0].(string))
			if err != nil {
				return nil, err
			}
			return resultNumeric(n)
		}}}
}

// roundOverloads returns the overloads of pgway_round(x, digits, typeof(x))
// or pgway_trunc, or of their _result forms: PostgreSQL's round and trunc
// of a numeric quotient to a number of fractional digits, which is the
// result's scale (0 when it is negative). An integer quotient is a
// numeric there, as PostgreSQL casts it.
func roundOverloads(truncate bool) func(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	return func(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
		run := func(args []driver.Value) (any, error) {
			x, err := toNumeric(args[0], args[2].(string))
			if err != nil {
				return nil, err
			}
			return out(roundNumeric(x, int(args[1].(int32)), truncate))
		}
		var fs []duckdb.ScalarFunc
		integer := typeInfo(duckdb.TYPE_INTEGER)
		for _, t := range []duckdb.TypeInfo{numericStructInfo, decimalInfo, typeInfo(duckdb.TYPE_BIGINT), typeInfo(duckdb.TYPE_HUGEINT)} {
			fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t, integer, varcharInfo}, result: result, run: run})
		}
		// PostgreSQL has no round or trunc of a float to a number of
		// digits. A float quotient, such as stddev of a float, shows
		// only when the statement runs, so its error is raised here.
		// NOTE: with no row at all the statement succeeds, where
		// PostgreSQL raises the error when it plans the call.
		name := map[bool]string{false: "round", true: "trunc"}[truncate]
		for _, float := range []struct {
			t        duckdb.Type
			typeName string
		}{{duckdb.TYPE_DOUBLE, "double precision"}, {duckdb.TYPE_FLOAT, "real"}} {
			t := float.t
			err := &providers.Error{Code: "42883",
				Message: fmt.Sprintf("function %s(%s, integer) does not exist", name, float.typeName),
				Hint:    "No function matches the given name and argument types. You might need to add explicit type casts."}
			fs = append(fs, udfSpec{params: []duckdb.TypeInfo{typeInfo(t), integer, varcharInfo}, result: result, nulls: true,
				run: func([]driver.Value) (any, error) { return nil, err }})
		}
		return fs
	}
}

// roundNumeric rounds x half away from zero, or truncates it toward zero,
// to digits fractional digits, as numeric_round and numeric_trunc do:
// the result has the scale digits, or 0 when digits is negative, which
// rounds to a power of ten.
func roundNumeric(x exactNumeric, digits int, truncate bool) exactNumeric {
	const maxResultScale = 2000 // PostgreSQL's NUMERIC_MAX_RESULT_SCALE
	digits = min(max(digits, -maxResultScale), maxResultScale)
	if digits >= x.scale {
		return exactNumeric{x.rescale(digits), digits}
	}
	unit := pow10(x.scale - digits)
	var q *big.Int
	if truncate {
		q = new(big.Int).Quo(x.unscaled, unit)
	} else {
		q = roundQuotient(x.unscaled, unit)
	}
	if digits >= 0 {
		return exactNumeric{q, digits}
	}
	return exactNumeric{q.Mul(q, pow10(-digits)), 0}
}

// nestedOverloads returns the overloads of pgway_nested(x): the _result
// form becomes the nested DECIMAL(38,20), so does each element of a list
// of it, and a quotient of another type stays as it is.
func nestedOverloads() []duckdb.ScalarFunc {
	nested := func(v any) (any, error) {
		n, err := toNumeric(v, "")
		if err != nil {
			return nil, err
		}
		return nestedNumeric(n)
	}
	fs := []duckdb.ScalarFunc{
		udfSpec{params: []duckdb.TypeInfo{numericStructInfo}, result: decimalInfo,
			run: func(args []driver.Value) (any, error) { return nested(args[0]) }},
		udfSpec{params: []duckdb.TypeInfo{numericStructListInfo}, result: mustTypeInfo(duckdb.NewListInfo(decimalInfo)),
			run: func(args []driver.Value) (any, error) {
				list, ok := args[0].([]any)
				if !ok {
					return nil, fmt.Errorf("numeric list has type %T", args[0])
				}
				out := make([]any, len(list))
				for i, element := range list {
					if element == nil {
						continue
					}
					var err error
					if out[i], err = nested(element); err != nil {
						return nil, err
					}
				}
				return out, nil
			}},
	}
	for _, t := range []duckdb.TypeInfo{decimalInfo, typeInfo(duckdb.TYPE_SMALLINT), typeInfo(duckdb.TYPE_INTEGER),
		typeInfo(duckdb.TYPE_BIGINT), typeInfo(duckdb.TYPE_HUGEINT), typeInfo(duckdb.TYPE_FLOAT),
		typeInfo(duckdb.TYPE_DOUBLE), typeInfo(duckdb.TYPE_INTERVAL)} {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t}, result: t,
			run: func(args []driver.Value) (any, error) { return args[0], nil }})
	}
	return fs
}

// scaleOverloads returns the overloads of pgway_numeric_scale(x): the
// scale of a quotient's _result form, 0 for an integer, and NULL for the
// floats and intervals that pgway_sum returns as they are. A DECIMAL
// has the scale of the nested form.
func scaleOverloads() []duckdb.ScalarFunc {
	integer := typeInfo(duckdb.TYPE_INTEGER)
	add := func(fs []duckdb.ScalarFunc, t duckdb.TypeInfo, run func(v any) (any, error)) []duckdb.ScalarFunc {
		return append(fs, udfSpec{params: []duckdb.TypeInfo{t}, result: integer,
			run: func(args []driver.Value) (any, error) { return run(args[0]) }})
	}
	fs := add(nil, numericStructInfo, func(v any) (any, error) {
		n, err := toNumeric(v, "")
		return int32(n.scale), err
	})
	fs = add(fs, decimalInfo, func(any) (any, error) { return int32(nestedScale), nil })
	for _, t := range []duckdb.Type{duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT, duckdb.TYPE_HUGEINT} {
		fs = add(fs, typeInfo(t), func(any) (any, error) { return int32(0), nil })
	}
	for _, t := range []duckdb.Type{duckdb.TYPE_FLOAT, duckdb.TYPE_DOUBLE, duckdb.TYPE_INTERVAL} {
		fs = add(fs, typeInfo(t), func(any) (any, error) { return nil, nil })
	}
	return fs
}

// sumOverloads returns the overloads of pgway_sum(total, scale) or
// pgway_sum_result: the sum of quotients, a DECIMAL(38,20) or an integer,
// with the largest scale among them, as PostgreSQL's sum of numerics has.
// The sum of floats or intervals is returned as it is.
func sumOverloads(out numericOut, result duckdb.TypeInfo) []duckdb.ScalarFunc {
	integer := typeInfo(duckdb.TYPE_INTEGER)
	var fs []duckdb.ScalarFunc
	add := func(t, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t, integer}, result: r, run: run, nulls: true})
	}
	exact := func(args []driver.Value) (any, error) {
		if args[0] == nil {
			return nil, nil
		}
		n, err := toNumeric(args[0], "")
		if err != nil {
			return nil, err
		}
		if scale, ok := args[1].(int32); ok && int(scale) < n.scale {
			n = n.trimScale(int(scale))
		}
		return out(n)
	}
	for _, t := range []duckdb.TypeInfo{decimalInfo, typeInfo(duckdb.TYPE_HUGEINT)} {
		add(t, result, exact)
	}
	for _, t := range []duckdb.Type{duckdb.TYPE_DOUBLE, duckdb.TYPE_INTERVAL} {
		add(typeInfo(t), typeInfo(t), func(args []driver.Value) (any, error) { return args[0], nil })
	}
	return fs
}

// numericOutOverloads returns the overloads of pgway_numeric_out(x), the
// text of a quotient cast to a string type: the _result form's, an
// integer's, a DECIMAL's with its nested scale, a float's as float8out
// and float4out write it, or an interval quotient's as interval_out
// writes it.
func numericOutOverloads() []duckdb.ScalarFunc {
	var fs []duckdb.ScalarFunc
	add := func(t duckdb.TypeInfo, run func(v any) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{t}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) { return run(args[0]) }})
	}
	exact := func(v any) (any, error) {
		n, err := toNumeric(v, "")
		if err != nil {
			return nil, err
		}
		return n.String(), nil
	}
	for _, t := range []duckdb.Type{duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT, duckdb.TYPE_HUGEINT} {
		add(typeInfo(t), exact)
	}
	add(numericStructInfo, exact)
	add(decimalInfo, exact)
	// NOTE: floats are written with extra_float_digits 1, PostgreSQL's
	// default, whatever the session sets.
	add(typeInfo(duckdb.TYPE_DOUBLE), func(v any) (any, error) { return providers.FormatFloat(v.(float64), 64, 1), nil })
	add(typeInfo(duckdb.TYPE_FLOAT), func(v any) (any, error) { return providers.FormatFloat(float64(v.(float32)), 32, 1), nil })
	add(typeInfo(duckdb.TYPE_INTERVAL), func(v any) (any, error) {
		span := v.(duckdb.Interval)
		return providers.FormatInterval(span.Months, span.Days, span.Micros), nil
	})
	return fs
}
