package proxy

import (
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// valueConverter converts a non-nil value of a warehouse column into the
// Go value that pgtype encodes for PostgreSQL's type of the column.
type valueConverter func(v any) (any, error)

// resultPlan is the conversion of a result from the warehouse's column
// types to PostgreSQL's.
type resultPlan struct {
	// columns are the columns sent to the client.
	columns []providers.Column
	// convert holds a converter for each column whose values change, and
	// nil for the others. It is nil when no value changes.
	convert []valueConverter
}

// planResult compares PostgreSQL's result columns with the warehouse's
// and returns how to send the result. It returns nil when the warehouse's
// columns stay: without PostgreSQL's columns, with a different number of
// them, or with the same types. A column takes PostgreSQL's type, with
// its type modifier, when it is the warehouse's type too or when each
// value converts to it exactly. Other columns keep the warehouse's type.
//
// NOTE: a value that PostgreSQL computes exactly and the warehouse as a
// double, such as avg() of integers or numeric division on DuckDB, does
// not convert exactly, so it keeps its double precision type.
func (e *engine) planResult(postgres, warehouse []providers.Column) *resultPlan {
	if len(postgres) == 0 || len(postgres) != len(warehouse) {
		return nil
	}
	var plan *resultPlan
	for i := range warehouse {
		column, convert, ok := e.planColumn(postgres[i], warehouse[i])
		if !ok || column == warehouse[i] {
			continue
		}
		if plan == nil {
			plan = &resultPlan{columns: append([]providers.Column(nil), warehouse...)}
		}
		plan.columns[i] = column
		if convert != nil {
			if plan.convert == nil {
				plan.convert = make([]valueConverter, len(warehouse))
			}
			plan.convert[i] = convert
		}
	}
	return plan
}

// planColumn returns the column to send for one result column and the
// converter of its values, nil when they stay as they are. It reports
// false when the column keeps the warehouse's type.
func (e *engine) planColumn(postgres, warehouse providers.Column) (providers.Column, valueConverter, bool) {
	column := warehouse
	column.TypeModifier, column.TypeSize = postgres.TypeModifier, postgres.TypeSize
	if e.toClientOID(warehouse.TypeOID) == postgres.TypeOID {
		// The same type. geometry keeps pgway's OID, which encodeValue
		// recognizes and RowDescription replaces with the mirror's.
		if scale := numericScale(postgres.TypeModifier); postgres.TypeOID == pgtype.NumericOID &&
			scale >= 0 && scale != numericScale(warehouse.TypeModifier) {
			// A warehouse that reports another scale, such as BigQuery's
			// NUMERIC with 9 for a numeric(9,5) column, sends the values
			// with it.
			return column, numericConverter(scale), true
		}
		return column, nil, true
	}
	column.TypeOID = postgres.TypeOID
	from := warehouse.TypeOID
	switch postgres.TypeOID {
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		if isInteger(from) || from == pgtype.NumericOID && numericScale(warehouse.TypeModifier) <= 0 {
			return column, integerConverter(postgres.TypeOID), true
		}
	case pgtype.NumericOID:
		if isInteger(from) || from == pgtype.NumericOID {
			return column, numericConverter(numericScale(postgres.TypeModifier)), true
		}
	case pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID, pgtype.TextOID, pgtype.JSONOID:
		if isString(from) {
			// The same bytes: the warehouse already truncated or padded
			// them as the cast asked, and json is the text it was given,
			// such as a json parameter's.
			return column, nil, true
		}
	case pgtype.BitOID, pgtype.VarbitOID:
		if from == pgtype.TextOID {
			return column, bitsFromText, true
		}
	case pgtype.VarcharArrayOID:
		if from == pgtype.TextArrayOID {
			// The same strings, as for varchar above.
			return column, nil, true
		}
	}
	return warehouse, nil, false
}

func isInteger(oid uint32) bool {
	return oid == pgtype.Int2OID || oid == pgtype.Int4OID || oid == pgtype.Int8OID
}

func isString(oid uint32) bool {
	return oid == pgtype.TextOID || oid == pgtype.VarcharOID || oid == pgtype.BPCharOID || oid == pgtype.NameOID
}

// numericScale returns the scale of a numeric type modifier, or -1 for an
// unconstrained numeric. PostgreSQL packs precision and scale into the
// modifier after a 4-byte offset.
func numericScale(typmod int32) int {
	if typmod < 4 {
		return -1
	}
	return int((typmod - 4) & 0xffff)
}

// integerConverter returns the converter to int2, int4 or int8, which
// fails with 22003 for a value out of the type's range, as PostgreSQL's
// casts do.
func integerConverter(oid uint32) valueConverter {
	lo, hi, name := int64(math.MinInt64), int64(math.MaxInt64), "bigint"
	switch oid {
	case pgtype.Int2OID:
		lo, hi, name = math.MinInt16, math.MaxInt16, "smallint"
	case pgtype.Int4OID:
		lo, hi, name = math.MinInt32, math.MaxInt32, "integer"
	}
	return func(v any) (any, error) {
		var n int64
		switch x := v.(type) {
		case int64:
			n = x
		case int32:
			n = int64(x)
		case int16:
			n = int64(x)
		default:
			wide, ok, err := integerValue(v, name)
			if err != nil || !ok {
				return v, err
			}
			if !wide.IsInt64() {
				return nil, errStatement("22003", name+" out of range")
			}
			n = wide.Int64()
		}
		if n < lo || n > hi {
			return nil, errStatement("22003", name+" out of range")
		}
		switch oid {
		case pgtype.Int2OID:
			return int16(n), nil
		case pgtype.Int4OID:
			return int32(n), nil
		}
		return n, nil
	}
}

// integerValue returns an integer or integral numeric value as a big.Int.
// It reports false for a Go type it does not know, which is then sent as
// it is. A numeric that is no integer fails; typeName names the integer
// type for the message.
func integerValue(v any, typeName string) (*big.Int, bool, error) {
	switch x := v.(type) {
	case int16:
		return big.NewInt(int64(x)), true, nil
	case int32:
		return big.NewInt(int64(x)), true, nil
	case int64:
		return big.NewInt(x), true, nil
	case int:
		return big.NewInt(int64(x)), true, nil
	case int8:
		return big.NewInt(int64(x)), true, nil
	case uint8:
		return big.NewInt(int64(x)), true, nil
	case uint16:
		return big.NewInt(int64(x)), true, nil
	case uint32:
		return big.NewInt(int64(x)), true, nil
	case uint64:
		return new(big.Int).SetUint64(x), true, nil
	case *big.Int:
		return x, true, nil
	case pgtype.Numeric:
		n, err := integralNumeric(x, typeName)
		return n, err == nil, err
	}
	return nil, false, nil
}

var bigTen = big.NewInt(10)

// integralNumeric returns x as an integer. NaN and infinity fail as in
// PostgreSQL's casts to typeName. A fraction fails too: it means the
// warehouse computed another value than the one whose type PostgreSQL
// described.
func integralNumeric(x pgtype.Numeric, typeName string) (*big.Int, error) {
	switch {
	case x.NaN:
		return nil, errStatement("0A000", "cannot convert NaN to "+typeName)
	case x.InfinityModifier != pgtype.Finite:
		return nil, errStatement("0A000", "cannot convert infinity to "+typeName)
	case !x.Valid || x.Int == nil:
		return nil, errStatement("XX000", "the warehouse returned an invalid numeric value")
	}
	if x.Exp == 0 {
		return x.Int, nil
	}
	if x.Exp > 0 {
		scale := new(big.Int).Exp(bigTen, big.NewInt(int64(x.Exp)), nil)
		return scale.Mul(scale, x.Int), nil
	}
	scale := new(big.Int).Exp(bigTen, big.NewInt(int64(-x.Exp)), nil)
	quotient, remainder := new(big.Int).QuoRem(x.Int, scale, new(big.Int))
	if remainder.Sign() != 0 {
		return nil, errStatement("XX000", fmt.Sprintf(
			"the warehouse returned a value with a fraction where PostgreSQL's result type is %s", typeName))
	}
	return quotient, nil
}

// numericConverter returns the converter of integers and numerics to
// numeric, which keeps the scale each value has. With a type modifier's
// scale, a value of a smaller scale gets trailing zeros, as PostgreSQL
// gives every value of numeric(p, s) the scale s.
func numericConverter(scale int) valueConverter {
	return func(v any) (any, error) {
		if x, ok := v.(pgtype.Numeric); ok {
			return rescale(x, scale), nil
		}
		n, ok, err := integerValue(v, "numeric")
		if err != nil || !ok {
			return v, err
		}
		return rescale(pgtype.Numeric{Int: n, Valid: true}, scale), nil
	}
}

// rescale returns x with scale digits after the decimal point: with
// trailing zeros added when it has fewer, or removed when it has more
// and they are zeros. A value whose extra digits are not all zeros stays
// unchanged, since dropping them would change it.
func rescale(x pgtype.Numeric, scale int) pgtype.Numeric {
	if !x.Valid || x.NaN || x.InfinityModifier != pgtype.Finite || x.Int == nil || scale < 0 || int(-x.Exp) == scale {
		return x
	}
	if int(-x.Exp) > scale {
		factor := new(big.Int).Exp(bigTen, big.NewInt(-int64(x.Exp)-int64(scale)), nil)
		quotient, remainder := new(big.Int).QuoRem(x.Int, factor, new(big.Int))
		if remainder.Sign() != 0 {
			return x
		}
		return pgtype.Numeric{Int: quotient, Exp: int32(-scale), Valid: true}
	}
	factor := new(big.Int).Exp(bigTen, big.NewInt(int64(scale)+int64(x.Exp)), nil)
	return pgtype.Numeric{Int: factor.Mul(factor, x.Int), Exp: int32(-scale), Valid: true}
}

// convertedRows sends a warehouse result in PostgreSQL's types.
type convertedRows struct {
	providers.Rows
	plan   *resultPlan
	values []any
	err    error
}

// convertResult returns rows of statement st in PostgreSQL's types where
// they convert exactly, planned from the columns the warehouse resolved
// at execution.
func (e *engine) convertResult(st *preparedStatement, rows providers.Rows) providers.Rows {
	if st.postgresColumns == nil {
		return rows
	}
	plan := st.resultPlan
	if reporter, ok := rows.(providers.ResultColumns); ok {
		if executed := reporter.ResultColumns(); !slices.Equal(executed, st.stmt.Columns()) {
			plan = e.planResult(st.postgresColumns, executed)
		}
	}
	if plan == nil {
		return rows
	}
	return &convertedRows{Rows: rows, plan: plan}
}

func (r *convertedRows) Next() bool {
	if r.err != nil || !r.Rows.Next() {
		return false
	}
	if r.plan.convert == nil {
		return true
	}
	values := r.Rows.Values()
	if cap(r.values) < len(values) {
		r.values = make([]any, len(values))
	}
	r.values = r.values[:len(values)]
	for i, v := range values {
		if v == nil || i >= len(r.plan.convert) || r.plan.convert[i] == nil {
			r.values[i] = v
			continue
		}
		if r.values[i], r.err = r.plan.convert[i](v); r.err != nil {
			return false
		}
	}
	return true
}

func (r *convertedRows) Values() []any {
	if r.plan.convert == nil {
		return r.Rows.Values()
	}
	return r.values
}

func (r *convertedRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.Rows.Err()
}

// ResultColumns returns the columns in which the rows are sent.
func (r *convertedRows) ResultColumns() []providers.Column { return r.plan.columns }
