package translate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// intervalValue is an interval as PostgreSQL and DuckDB hold it.
type intervalValue struct {
	months, days, micros int64
}

// literal writes the interval in a form DuckDB reads exactly, each unit
// kept apart as PostgreSQL keeps it.
func (v intervalValue) literal() string {
	return fmt.Sprintf("%d months %d days %d microseconds", v.months, v.days, v.micros)
}

// intervalUnit is a unit word of interval input: its mask bit and its
// size in months, days or microseconds.
type intervalUnit struct {
	bit                  int
	months, days, micros int64
}

const microsPerHour = 3_600_000_000

// intervalUnitWords are PostgreSQL 15's interval units, by keywordKey. A
// zero bit marks a unit this reader leaves to DuckDB.
var intervalUnitWords = func() map[string]intervalUnit {
	out := map[string]intervalUnit{}
	add := func(unit intervalUnit, names string) {
		for _, name := range strings.Fields(names) {
			out[name] = unit
		}
	}
	add(intervalUnit{bit: 1 << 0, micros: 1}, "us usec usecs usecond useconds microsecon")
	add(intervalUnit{bit: 1 << 1, micros: 1000}, "ms msec msecs msecond mseconds millisecon")
	add(intervalUnit{bit: 1 << 2, micros: 1_000_000}, "s sec secs second seconds")
	add(intervalUnit{bit: 1 << 3, micros: 60_000_000}, "m min mins minute minutes")
	add(intervalUnit{bit: 1 << 4, micros: microsPerHour}, "h hr hrs hour hours")
	add(intervalUnit{bit: 1 << 5, days: 1}, "d day days")
	add(intervalUnit{bit: 1 << 6, days: 7}, "w week weeks")
	add(intervalUnit{bit: 1 << 7, months: 1}, "mon mons month months")
	add(intervalUnit{bit: 1 << 8, months: 12}, "y yr yrs year years")
	add(intervalUnit{bit: 1 << 9, months: 120}, "dec decs decade decades")
	add(intervalUnit{bit: 1 << 10, months: 1200}, "c cent century centuries")
	add(intervalUnit{bit: 1 << 11, months: 12000}, "mil mils millennia millennium")
	add(intervalUnit{}, "qtr quarter timezone timezone_h timezone_m")
	return out
}()

// Mask bits of interval fields that have no unit word.
const (
	secondBit    = 1 << 2
	dayBit       = 1 << 5
	timeBits     = 1<<2 | 1<<3 | 1<<4
	yearMonthBit = 1<<7 | 1<<8
)

// readInterval reads text as an interval in the verbose form, such as
// '1 day 02:00:00 ago' or '1-2', or in ISO 8601's form with designators,
// such as 'P1DT2H'. Each number carries its own sign, as under the
// IntervalStyle postgres, the only one pgway accepts.
func readInterval(text string, location int32) (*pg.Node, *dateTimeError) {
	value, err := parseInterval(text)
	if err != nil {
		return nil, err
	}
	return pg.MakeAConstStrNode(value.literal(), location), nil
}

// parseInterval reads text as PostgreSQL's interval input, or returns
// errDateTimeUnhandled for a form or size it leaves to DuckDB.
func parseInterval(text string) (intervalValue, *dateTimeError) {
	var value intervalValue
	var err *dateTimeError
	if strings.HasPrefix(text, "P") {
		value, err = readISOInterval(text[1:])
		if err == errDateTimeUnhandled {
			value, err = readISOAlternativeInterval(text[1:])
		}
	} else {
		value, err = readVerboseInterval(text)
	}
	if err != nil {
		return intervalValue{}, err
	}
	const maxInt32 = 1<<31 - 1
	if abs64(value.months) > maxInt32 || abs64(value.days) > maxInt32 || abs64(value.micros) > 1<<62 {
		return intervalValue{}, intervalOverflow(text, value)
	}
	return value, nil
}

// checkIntervalConstants rejects a statement with two interval constants
// that differ in their units but are equal once a month is 30 days and a
// day 24 hours, such as '1 month' and '30 days'. DuckDB compares intervals
// so, and takes d + interval '30 days' for the same expression as
// d + interval '1 month' in one statement, where PostgreSQL adds a
// calendar month to one and 30 days to the other. Constants that are
// operands of a comparison, rows of a VALUES list and whole select items
// are left out (see comparedIntervalConstants and
// selectedIntervalConstants).
func checkIntervalConstants(stmt *pg.Node) error {
	type constant struct {
		value intervalValue
		text  string
	}
	seen := map[int64]constant{}
	compared := comparedIntervalConstants(stmt)
	selectedIntervalConstants(stmt, compared)
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		tc, ok := msg.(*pg.TypeCast)
		if !ok || err != nil || compared[tc] || lastName(tc.TypeName.GetNames()) != "interval" || len(tc.TypeName.GetTypmods()) > 0 {
			return
		}
		text := tc.Arg.GetAConst().GetSval().GetSval()
		value, parseErr := parseInterval(text)
		if text == "" || parseErr != nil {
			return
		}
		const microsPerDay = 24 * 60 * 60 * 1000000
		normalized := (value.months*30+value.days)*microsPerDay + value.micros
		if other, ok := seen[normalized]; ok && other.value != value {
			e := unsupportedf(tc.Location, "interval constants %q and %q, which DuckDB compares as equal, in one statement are not supported on DuckDB",
				other.text, text)
			e.Hint = "DuckDB may compute one for the other. Run them in separate statements."
			err = e
			return
		}
		seen[normalized] = constant{value, text}
	})
	return err
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// readVerboseInterval reads numbers with units, times such as -1:30,
// year-month pairs such as 1-2, and a final ago, which negates all. It
// reads the fields from right to left, as PostgreSQL does, so that the
// error it raises is the one of the rightmost bad field: a unit applies
// to the number on its left.
func readVerboseInterval(text string) (intervalValue, *dateTimeError) {
	fields, err := splitDateTimeFields(text)
	if err != nil {
		return intervalValue{}, err
	}
	var total intervalValue
	var pending *intervalUnit
	var right byte // the kind of the field to the right: 0, 'a' for ago, 'n' for a number, 't' for a time
	mask, negate := 0, false
	for i := len(fields) - 1; i >= 0; i-- {
		field := fields[i]
		if field.kind == fieldWord && field.text == "ago" {
			if i != len(fields)-1 {
				return intervalValue{}, errDateTimeUnhandled
			}
			negate, right = true, 'a'
			continue
		}
		if field.kind == fieldWord || field.kind == fieldCompound {
			unit, err := intervalUnitWord(field.text)
			if err != nil {
				return intervalValue{}, err
			}
			pending = &unit
			continue
		}
		part, bits, kind, err := readIntervalField(strings.TrimPrefix(field.text, "+"), field.kind, pending, right)
		if err != nil {
			return intervalValue{}, err
		}
		if mask&bits != 0 {
			return intervalValue{}, errDateTimeSyntax
		}
		mask |= bits
		total = intervalValue{total.months + part.months, total.days + part.days, total.micros + part.micros}
		pending, right = nil, kind
	}
	if mask == 0 {
		return intervalValue{}, errDateTimeSyntax
	}
	if negate {
		total = intervalValue{-total.months, -total.days, -total.micros}
	}
	return total, nil
}

// readIntervalField reads a number, time or year-month field of an
// interval, given the unit word on its right, if any, and the kind of
// the field on its right. It returns the value, its mask bits and its
// kind.
func readIntervalField(text string, kind byte, unit *intervalUnit, right byte) (intervalValue, int, byte, *dateTimeError) {
	isYearMonth := strings.Count(text, "-") == 1 && !strings.HasPrefix(text, "-") ||
		strings.Count(text, "-") == 2 && strings.HasPrefix(text, "-")
	switch {
	case unit != nil && (strings.Contains(text, ":") || isYearMonth):
		return intervalValue{}, 0, 0, errDateTimeUnhandled // PostgreSQL ignores a unit after a time
	case strings.Contains(text, ":"):
		value, err := readIntervalTime(text)
		return value, timeBits, 't', err
	case isYearMonth:
		value, err := readYearMonth(text)
		return value, yearMonthBit, 'n', err
	case kind != fieldNumber && kind != fieldSigned:
		return intervalValue{}, 0, 0, errDateTimeUnhandled
	case unit != nil:
		value, err := scaleIntervalNumber(text, *unit)
		return value, unit.bit, 'n', err
	case right == 'a' || right == 'n':
		// A number without a unit before ago or another number.
		return intervalValue{}, 0, 0, errDateTimeSyntax
	case right == 't':
		// PostgreSQL reads a number before a time as days, so 1.5 1:00 is
		// 1 day 13:00:00.
		value, err := scaleIntervalNumber(text, intervalUnit{bit: dayBit, days: 1})
		return value, dayBit, 'n', err
	}
	value, err := scaleIntervalNumber(text, intervalUnit{bit: secondBit, micros: 1_000_000})
	return value, secondBit, 'n', err
}

// intervalUnitWord returns the unit a word names. PostgreSQL rejects
// every word but its units and ago.
func intervalUnitWord(word string) (intervalUnit, *dateTimeError) {
	unit, known := intervalUnitWords[keywordKey(word)]
	switch {
	case !known:
		return unit, errDateTimeSyntax
	case unit.bit == 0:
		return unit, errDateTimeUnhandled
	}
	return unit, nil
}

// scaleIntervalNumber returns number, with an optional sign and
// fraction, times unit, as PostgreSQL's interval input reads a number
// before a unit word: the integer part exactly and the fraction as a
// double (fractionOfUnit).
func scaleIntervalNumber(number string, unit intervalUnit) (intervalValue, *dateTimeError) {
	return scaleNumber(number, unit, false)
}

// scaleNumber is scaleIntervalNumber, or with iso the same for a number
// of ISO 8601's form, which PostgreSQL reads whole as a double and
// splits into an integer part and a fraction.
func scaleNumber(number string, unit intervalUnit, iso bool) (intervalValue, *dateTimeError) {
	if unit.bit == 0 {
		return intervalValue{}, errDateTimeUnhandled
	}
	sign := int64(1)
	if strings.HasPrefix(number, "-") {
		sign, number = -1, number[1:]
	}
	whole, fraction, hasFraction := strings.Cut(number, ".")
	if err := checkIntervalNumber(whole, sign); err != nil {
		return intervalValue{}, err
	}
	if whole == "" && !hasFraction || len(whole) > 10 || !allDigits(whole) || !allDigits(fraction) {
		return intervalValue{}, errDateTimeUnhandled
	}
	if whole == "" && sign < 0 && !iso {
		return intervalValue{}, errDateTimeSyntax // PostgreSQL reads -.5 as a bad year-month
	}
	integer := int64(atoi(whole))
	frac, err := strconv.ParseFloat("0."+fraction, 64)
	if iso {
		var all float64
		all, err = strconv.ParseFloat(number, 64)
		integer = int64(math.Trunc(all))
		frac = float64(all - float64(integer))
	}
	if err != nil {
		return intervalValue{}, errDateTimeUnhandled
	}
	value := intervalValue{integer * unit.months, integer * unit.days, integer * unit.micros}
	part := fractionOfUnit(frac, unit)
	value = intervalValue{value.months + part.months, value.days + part.days, value.micros + part.micros}
	return intervalValue{sign * value.months, sign * value.days, sign * value.micros}, nil
}

// readIntervalTime reads [-]H:MM[:SS[.F]] or [-]MM:SS.F. The minutes
// and seconds must be less than 60, the hours may be more than 24.
func readIntervalTime(text string) (intervalValue, *dateTimeError) {
	sign := int64(1)
	if strings.HasPrefix(text, "-") {
		sign, text = -1, text[1:]
	}

	parts := strings.Split(text, ":")
	if len(parts) == 2 && strings.Contains(parts[1], ".") {
		parts = append([]string{"0"}, parts...)
	}
	if len(parts) < 2 || len(parts) > 3 {
		return intervalValue{}, errDateTimeUnhandled
	}
	seconds := "0"
	if len(parts) == 3 {
		seconds = parts[2]
	}
	whole, fraction, _ := strings.Cut(seconds, ".")
	for _, part := range []string{parts[0], parts[1], whole} {
		if part == "" || len(part) > 9 || !allDigits(part) {
			return intervalValue{}, errDateTimeUnhandled
		}
	}
	if !allDigits(fraction) {
		return intervalValue{}, errDateTimeUnhandled
	}

	minutes, secs := int64(atoi(parts[1])), int64(atoi(whole))
	switch {
	case (minutes > 59 || secs > 60) && sign < 0:
		return intervalValue{}, errDateTimeUnhandled // PostgreSQL rejects some of these as syntax errors
	case minutes > 59 || secs > 60:
		return intervalValue{}, errIntervalRange
	}
	micros := int64(atoi(parts[0]))*microsPerHour + minutes*60_000_000 + secs*1_000_000
	micros += roundFractionalSecond(fraction)
	return intervalValue{micros: sign * micros}, nil
}

// readYearMonth reads the SQL standard's [-]Y-M.
func readYearMonth(text string) (intervalValue, *dateTimeError) {
	sign := int64(1)
	if strings.HasPrefix(text, "-") {
		sign, text = -1, text[1:]
	}
	years, months, _ := strings.Cut(text, "-")
	if years == "" || months == "" || len(years) > 8 || len(months) > 2 || !allDigits(years) || !allDigits(months) || atoi(months) > 11 {
		return intervalValue{}, errDateTimeUnhandled
	}
	return intervalValue{months: sign * (int64(atoi(years))*12 + int64(atoi(months)))}, nil
}

// readISOInterval reads the part after P of ISO 8601's form with
// designators: years, months, weeks and days, then T and hours, minutes
// and seconds, each a number with an optional sign and fraction. The
// alternative form P0001-02-03T04:05:06 is left to
// readISOAlternativeInterval.
func readISOInterval(text string) (intervalValue, *dateTimeError) {
	if text == "" {
		return intervalValue{}, errDateTimeSyntax
	}
	dateUnits := map[byte]intervalUnit{'Y': {bit: 1, months: 12}, 'M': {bit: 2, months: 1}, 'W': {bit: 4, days: 7}, 'D': {bit: 8, days: 1}}
	timeUnits := map[byte]intervalUnit{'H': {bit: 16, micros: microsPerHour}, 'M': {bit: 32, micros: 60_000_000}, 'S': {bit: 64, micros: 1_000_000}}
	units, mask, inTime := dateUnits, 0, false
	var total intervalValue
	for i := 0; i < len(text); {
		if text[i] == 'T' && !inTime {
			units, inTime, i = timeUnits, true, i+1
			continue
		}
		end := scanWhile(text, i, func(b byte) bool { return isDigit(b) || b == '-' || b == '.' })
		if end == i || end >= len(text) {
			return intervalValue{}, errDateTimeUnhandled
		}
		unit, ok := units[text[end]]
		if !ok || mask&unit.bit != 0 {
			return intervalValue{}, errDateTimeUnhandled
		}
		part, err := scaleNumber(text[i:end], unit, true)
		if err != nil {
			return intervalValue{}, errDateTimeUnhandled
		}
		mask |= unit.bit
		total = intervalValue{total.months + part.months, total.days + part.days, total.micros + part.micros}
		i = end + 1
	}
	return total, nil
}

// IntervalInput reads text, the value of an interval parameter, as
// PostgreSQL's interval input does, and returns it as months, days and
// time, such as 14 mons 3 days -02:00:00.500000, which DuckDB and
// pgtype read exactly. DuckDB's own cast rejects forms such as ISO
// 8601's P1Y2M and PostgreSQL's output '-1 mons +3 days'. A form that
// pgway leaves to DuckDB comes back as it is; input PostgreSQL rejects
// fails with its SQLSTATE.
func IntervalInput(text string) (string, error) {
	trimmed := strings.TrimSpace(text)
	value, err := parseInterval(trimmed)
	if err != nil {
		if err := err.at(text, "interval", -1); err != nil {
			e := AsError(err)
			e.Position = 0
			return "", e
		}
		return text, nil
	}
	sign, micros := "", value.micros
	if micros < 0 {
		sign, micros = "-", -micros
	}
	return fmt.Sprintf("%d mons %d days %s%02d:%02d:%02d.%06d", value.months, value.days, sign,
		micros/microsPerHour, micros/60_000_000%60, micros/1_000_000%60, micros%1_000_000), nil
}
