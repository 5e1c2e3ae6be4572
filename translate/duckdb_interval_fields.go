package translate

import (
	"regexp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL's interval type takes the SQL standard's fields and a
// precision, as in interval '2' day, '1:30'::interval minute to second
// or interval(0) '1.5 seconds'. The fields decide the unit of a bare
// number and drop the smaller units of the value, and the precision
// rounds its seconds (AdjustIntervalForTypmod in PostgreSQL 15's
// src/backend/utils/adt/timestamp.c). DuckDB has no such type modifier
// and reads interval '2' day as 2 seconds.

// Interval field bits of the type modifier, INTERVAL_MASK of
// PostgreSQL's datetime.h, and the modifier of no fields or precision.
const (
	fieldMonth            = 1 << 1
	fieldYear             = 1 << 2
	fieldDay              = 1 << 3
	fieldHour             = 1 << 10
	fieldMinute           = 1 << 11
	fieldSecond           = 1 << 12
	intervalFullRange     = 0x7FFF
	intervalFullPrecision = 0xFFFF
)

// intervalFieldUnits are the units of a bare number under each range of
// fields: the smallest field's. Ranges with seconds read seconds.
var intervalFieldUnits = map[int64]string{
	fieldYear: "year", fieldMonth: "month", fieldYear | fieldMonth: "month", fieldDay: "day",
	fieldHour: "hour", fieldDay | fieldHour: "hour",
	fieldMinute: "minute", fieldHour | fieldMinute: "minute", fieldDay | fieldHour | fieldMinute: "minute",
}

// intervalTimeUnits are the microseconds that each range of fields
// truncates the time of day to, and 1 for ranges that keep it whole.
var intervalTimeUnits = map[int64]int64{
	fieldHour: microsPerHour, fieldDay | fieldHour: microsPerHour,
	fieldMinute: 60_000_000, fieldHour | fieldMinute: 60_000_000, fieldDay | fieldHour | fieldMinute: 60_000_000,
	fieldSecond: 1, fieldDay | fieldHour | fieldMinute | fieldSecond: 1, fieldHour | fieldMinute | fieldSecond: 1,
	fieldMinute | fieldSecond: 1, intervalFullRange: 1,
}

var (
	bareIntervalNumber = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	minutesSeconds     = regexp.MustCompile(`^[+-]?[0-9]+:[0-9]+(\.[0-9]*)?$`)
)

// rewriteIntervalFields turns a string constant cast to an interval type
// with fields or a precision into the literal of PostgreSQL's value, and
// drops the modifier. A value that is not a constant fails with 0A000.
func rewriteIntervalFields(tc *pg.TypeCast) error {
	loc := tc.Location
	typmods := tc.TypeName.GetTypmods()
	fields, precision := int64(intervalFullRange), int64(intervalFullPrecision)
	for i, typmod := range typmods {
		c := typmod.GetAConst()
		if c == nil || c.GetSval() != nil || c.GetFval() != nil || i > 1 {
			return unsupportedf(loc, "this interval type modifier is not supported on DuckDB")
		}
		if i == 0 {
			fields = int64(c.GetIval().GetIval())
		} else {
			precision = int64(c.GetIval().GetIval())
		}
	}
	if _, ok := intervalTimeUnits[fields]; !ok && intervalFieldUnits[fields] == "" {
		return unsupportedf(loc, "this interval type modifier is not supported on DuckDB")
	}
	if precision != intervalFullPrecision && (precision < 0 || precision > 6) {
		// PostgreSQL's grammar rejects these before its input function.
		return unsupportedf(loc, "interval precision %d is not supported on DuckDB", precision)
	}
	arg := tc.Arg
	for inner := arg.GetTypeCast(); inner != nil && lastName(inner.TypeName.GetNames()) == "interval" &&
		len(inner.TypeName.GetTypmods()) == 0 && len(inner.TypeName.GetArrayBounds()) == 0; inner = arg.GetTypeCast() {
		// interval '1.5 seconds'::interval(0) reads the constant once.
		arg = inner.Arg
	}
	c := arg.GetAConst()
	switch {
	case c != nil && c.Isnull:
		tc.TypeName.Typmods = nil
		return nil
	case c == nil || c.GetSval() == nil:
		return unsupportedf(loc, "an interval type with fields or a precision, such as interval day, is supported on DuckDB "+
			"only for a string constant")
	}
	text := strings.TrimSpace(c.GetSval().Sval)
	value, err := readIntervalWithFields(text, fields)
	if err == errDateTimeUnhandled {
		// DuckDB would read the constant without the modifier.
		return unsupportedf(c.Location, "this interval input with fields or a precision is not supported on DuckDB")
	}
	if err != nil {
		return err.at(c.GetSval().Sval, "interval", c.Location)
	}
	value = adjustIntervalForTypmod(value, fields, precision)
	tc.Arg = pg.MakeAConstStrNode(value.literal(), c.Location)
	tc.TypeName.Typmods = nil
	return nil
}

// readIntervalWithFields reads interval input as PostgreSQL does under a
// range of fields: a bare number counts in the range's smallest field,
// and M:S under minute to second is minutes and seconds.
func readIntervalWithFields(text string, fields int64) (intervalValue, *dateTimeError) {
	if bareIntervalNumber.MatchString(text) {
		unit := intervalFieldUnits[fields]
		if unit == "" {
			unit = "second"
		}
		if strings.Contains(text, ".") && (unit == "year" || unit == "month") {
			// PostgreSQL spreads a fraction of a year or month over the
			// smaller units before it drops them.
			return intervalValue{}, errDateTimeUnhandled
		}
		return scaleIntervalNumber(strings.TrimPrefix(text, "+"), intervalUnitWords[unit])
	}
	if fields == fieldMinute|fieldSecond && minutesSeconds.MatchString(text) {
		sign := ""
		if text[0] == '-' || text[0] == '+' {
			sign, text = text[:1], text[1:]
		}
		return readIntervalTime(strings.TrimPrefix(sign, "+") + "0:" + text)
	}
	if words := strings.Fields(text); len(words) > 1 && bareIntervalNumber.MatchString(words[0]) &&
		(bareIntervalNumber.MatchString(words[1]) || strings.Contains(words[1], ":")) {
		// The standard's day-time form, such as '1 2' day to hour, whose
		// bare numbers depend on the range.
		return intervalValue{}, errDateTimeUnhandled
	}
	return parseInterval(text)
}

// adjustIntervalForTypmod drops the units smaller than the range's
// fields and rounds the seconds to precision fractional digits, half
// away from zero, as PostgreSQL does.
func adjustIntervalForTypmod(v intervalValue, fields, precision int64) intervalValue {
	switch fields {
	case fieldYear:
		v = intervalValue{months: v.months / 12 * 12}
	case fieldMonth, fieldYear | fieldMonth:
		v = intervalValue{months: v.months}
	case fieldDay:
		v.micros = 0
	default:
		if unit := intervalTimeUnits[fields]; unit > 1 {
			v.micros = v.micros / unit * unit
		}
	}
	if precision != intervalFullPrecision && precision < 6 {
		scale := int64(1)
		for range 6 - precision {
			scale *= 10
		}
		if v.micros >= 0 {
			v.micros = (v.micros + scale/2) / scale * scale
		} else {
			v.micros = -((-v.micros + scale/2) / scale * scale)
		}
	}
	return v
}
