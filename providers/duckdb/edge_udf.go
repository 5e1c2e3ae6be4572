package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// edgeFunctions are PostgreSQL 15's shift operators, make_date and
// make_timestamp, and upper, lower and initcap in the C locale, whose edge cases
// DuckDB's own functions compute differently or reject.
func edgeFunctions() map[string][]duckdb.ScalarFunc {
	smallint, integer, bigint := typeInfo(duckdb.TYPE_SMALLINT), typeInfo(duckdb.TYPE_INTEGER), typeInfo(duckdb.TYPE_BIGINT)
	double := typeInfo(duckdb.TYPE_DOUBLE)
	shifts := func(shift func(value int64, count uint, bits int) int64) []duckdb.ScalarFunc {
		overload := func(info duckdb.TypeInfo, bits int) duckdb.ScalarFunc {
			return udfSpec{params: []duckdb.TypeInfo{info, integer}, result: info, run: func(args []driver.Value) (any, error) {
				count := uint(args[1].(int32))
				switch v := args[0].(type) {
				case int16:
					return int16(shift(int64(v), count, bits)), nil
				case int32:
					return int32(shift(int64(v), count, bits)), nil
				default:
					return shift(args[0].(int64), count, bits), nil
				}
			}}
		}
		// A smallint is shifted as an integer, as C promotes it.
		return []duckdb.ScalarFunc{overload(smallint, 32), overload(integer, 32), overload(bigint, 64)}
	}
	return map[string][]duckdb.ScalarFunc{
		"pgway_shift_left":  shifts(shiftLeft),
		"pgway_shift_right": shifts(shiftRight),
		"pgway_make_date": {udfSpec{params: []duckdb.TypeInfo{integer, integer, integer},
			result: typeInfo(duckdb.TYPE_DATE), run: makeDate}},
		"pgway_make_timestamp": {udfSpec{params: []duckdb.TypeInfo{integer, integer, integer, integer, integer, double},
			result: typeInfo(duckdb.TYPE_TIMESTAMP), run: makeTimestamp}},
		"pgway_upper": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) { return asciiUpper(args[0].(string)), nil }}},
		"pgway_lower": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) { return asciiLower(args[0].(string)), nil }}},
		"pgway_initcap_c": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: func(args []driver.Value) (any, error) { return asciiInitcap(args[0].(string)), nil }}},
	}
}

// shiftLeft is PostgreSQL's << on a value of bits bits: the count is
// taken modulo the width, as x86-64 does for C's shift, and the bits
// shifted out are dropped (1::int8 << 63 is the smallest bigint).
func shiftLeft(value int64, count uint, bits int) int64 {
	count %= uint(bits)
	if bits == 32 {
		return int64(int32(value) << count)
	}
	return value << count
}

// shiftRight is PostgreSQL's >>, an arithmetic shift by the count modulo
// the width.
func shiftRight(value int64, count uint, bits int) int64 {
	return value >> (count % uint(bits))
}

// asciiUpper is upper() in the C locale, which PostgreSQL databases made
// with initdb --no-locale use: it changes a to z only, so ß and é stay.
// NOTE: a database whose LC_CTYPE is a language's locale changes other
// letters too, but pgway follows the C locale.
func asciiUpper(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// asciiLower is lower() in the C locale, which changes A to Z only.
func asciiLower(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// asciiInitcap is initcap() in the C locale: it uppercases an ASCII
// letter that follows no ASCII letter or digit and lowercases the other
// ASCII letters. The bytes of other characters are neither letters nor
// digits, so initcap('élan') is éLan.
func asciiInitcap(s string) string {
	b := []byte(s)
	inWord := false
	for i, c := range b {
		switch {
		case inWord && 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case !inWord && 'a' <= c && c <= 'z':
			b[i] = c - ('a' - 'A')
		}
		inWord = 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
	}
	return string(b)
}

// The range of PostgreSQL 15's Julian day computation (IS_VALID_JULIAN),
// by month of an astronomical year, where 1 BC is year 0.
const (
	julianMinYear  = -4713
	julianMinMonth = 11
	julianMaxYear  = 5874898
	julianMaxMonth = 6
	microsPerDay   = 86_400_000_000
)

// validDate checks year, month and day as PostgreSQL 15's ValidateDate
// does for make_date and make_timestamp, and returns the astronomical
// year: a negative year is BC, and there is no year 0.
func validDate(year, month, day int32) (int32, bool) {
	astronomical := year
	if year < 0 {
		astronomical = year + 1
	}
	switch {
	case year == 0, month < 1, month > 12, day < 1, day > 31:
		return astronomical, false
	case int(day) > daysIn(astronomical, month):
		return astronomical, false
	}
	return astronomical, true
}

func daysIn(year, month int32) int {
	return time.Date(int(year), time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// julianRange reports whether a date is within the range of PostgreSQL's
// Julian day computation (IS_VALID_JULIAN), by month.
func julianRange(year, month int32) bool {
	return (year > julianMinYear || year == julianMinYear && month >= julianMinMonth) &&
		(year < julianMaxYear || year == julianMaxYear && month < julianMaxMonth)
}

// makeDate is PostgreSQL 15's make_date(year, month, day), where a
// negative year is BC. Its messages give a BC year as PostgreSQL does,
// after making it astronomical (-44 becomes -43).
func makeDate(args []driver.Value) (any, error) {
	year, month, day := args[0].(int32), args[1].(int32), args[2].(int32)
	astronomical, ok := validDate(year, month, day)
	messageYear := year
	if year < 0 {
		messageYear = astronomical
	}
	if !ok {
		return nil, dateTimeError("date field value out of range: %d-%02d-%02d", messageYear, month, day)
	}
	date := time.Date(int(astronomical), time.Month(month), int(day), 0, 0, 0, 0, time.UTC)
	if !julianRange(astronomical, month) || date.Before(firstDate) || !date.Before(endDate) {
		return nil, dateTimeError("date out of range: %d-%02d-%02d", messageYear, month, day)
	}
	return date, nil
}

// PostgreSQL 15's dates run from 4714-11-24 BC to 5874897-12-31, the day
// before endDate.
var (
	firstDate = time.Date(julianMinYear, julianMinMonth, 24, 0, 0, 0, 0, time.UTC)
	endDate   = time.Date(5874898, 1, 1, 0, 0, 0, 0, time.UTC)
)

// PostgreSQL 15's timestamps run from 4714-11-24 BC to the microsecond
// before 294277-01-01, in microseconds since 2000-01-01.
const (
	firstTimestamp2000 = -211_813_488_000_000_000
	endTimestamp2000   = 9_223_371_331_200_000_000
	// micros1970To2000 are the microseconds from 1970-01-01 to
	// 2000-01-01, PostgreSQL's epoch.
	micros1970To2000 = 946_684_800_000_000
)

// makeTimestamp is PostgreSQL 15's make_timestamp(year, month, day, hour,
// min, sec). Its messages give the year as the call does.
func makeTimestamp(args []driver.Value) (any, error) {
	year, month, day := args[0].(int32), args[1].(int32), args[2].(int32)
	hour, minute, sec := args[3].(int32), args[4].(int32), args[5].(float64)
	astronomical, ok := validDate(year, month, day)
	if !ok {
		return nil, dateTimeError("date field value out of range: %d-%02d-%02d", year, month, day)
	}
	if !julianRange(astronomical, month) {
		return nil, dateTimeError("date out of range: %d-%02d-%02d", year, month, day)
	}
	timeOfDay, ok := timeOfDayMicros(hour, minute, sec)
	if !ok {
		return nil, dateTimeError("time field value out of range: %d:%02d:%s", hour, minute, cFloat(sec))
	}
	days := time.Date(int(astronomical), time.Month(month), int(day), 0, 0, 0, 0, time.UTC).Unix()/86_400 - 10_957
	if days > math.MaxInt64/microsPerDay-1 || days < math.MinInt64/microsPerDay+1 {
		return nil, timestampRangeError(year, month, day, hour, minute, sec)
	}
	micros := days*microsPerDay + timeOfDay
	if micros < firstTimestamp2000 || micros >= endTimestamp2000 {
		return nil, timestampRangeError(year, month, day, hour, minute, sec)
	}
	if micros >= math.MaxInt64-micros1970To2000 {
		// DuckDB's timestamps end at 294247-01-10, 2^63 microseconds
		// after 1970.
		return nil, &providers.Error{Code: "0A000",
			Message: "make_timestamp() of a time after 294247-01-10 is not supported on DuckDB"}
	}
	return time.UnixMicro(micros + micros1970To2000).UTC(), nil
}

func timestampRangeError(year, month, day, hour, minute int32, sec float64) error {
	return dateTimeError("timestamp out of range: %d-%02d-%02d %d:%02d:%s", year, month, day, hour, minute, cFloat(sec))
}

// timeOfDayMicros returns the microseconds since midnight of hour, minute
// and sec, with sec rounded to microseconds, and whether PostgreSQL 15
// accepts them (float_time_overflows): up to 24:00:00, with a second of 60
// as the next minute.
func timeOfDayMicros(hour, minute int32, sec float64) (int64, bool) {
	if hour < 0 || hour > 24 || minute < 0 || minute >= 60 || math.IsNaN(sec) {
		return 0, false
	}
	micros := math.RoundToEven(sec * 1e6)
	if micros < 0 || micros > 60e6 {
		return 0, false
	}
	total := (int64(hour)*60+int64(minute))*60_000_000 + int64(micros)
	return total, total <= microsPerDay
}

// cFloat writes a double as PostgreSQL writes it with the C format %02g.
func cFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	}
	// Go's %g, like C's, writes six significant digits and at least two
	// exponent digits.
	s := strconv.FormatFloat(x, 'g', 6, 64)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}

func dateTimeError(format string, args ...any) error {
	return &providers.Error{Code: "22008", Message: fmt.Sprintf(format, args...)}
}
