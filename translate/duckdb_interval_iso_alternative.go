package translate

import (
	"math"
	"strconv"
	"strings"
)

// This file reads ISO 8601's alternative format of an interval, such as
// P0001-02-03T04:05:06.5 or P00010203T040506, which PostgreSQL 15's
// DecodeISO8601Interval takes besides the form with designators (P1Y2M),
// and either form on each side of the T.

// isoDateUnits and isoTimeUnits are the designators before and after T.
var (
	isoDateUnits = map[byte]intervalUnit{'Y': {bit: 1, months: 12}, 'M': {bit: 1, months: 1},
		'W': {bit: 1, days: 7}, 'D': {bit: 1, days: 1}}
	isoTimeUnits = map[byte]intervalUnit{'H': {bit: 1, micros: microsPerHour},
		'M': {bit: 1, micros: 60_000_000}, 'S': {bit: 1, micros: 1_000_000}}
)

// readISOAlternativeInterval reads the text after P as
// DecodeISO8601Interval does. Numbers that strtod would read otherwise
// than ParseFloat, such as 1e2, are left to DuckDB.
func readISOAlternativeInterval(text string) (intervalValue, *dateTimeError) {
	var total intervalValue
	add := func(part intervalValue) {
		total = intervalValue{total.months + part.months, total.days + part.days, total.micros + part.micros}
	}
	datePart, haveField := true, false
	for i := 0; i < len(text); {
		if text[i] == 'T' {
			datePart, haveField, i = false, false, i+1
			continue
		}
		number, end, err := isoNumber(text, i)
		if err != nil {
			return intervalValue{}, err
		}
		var unit byte
		if end < len(text) {
			unit = text[end]
		}
		i = end + 1
		units := isoTimeUnits
		if datePart {
			units = isoDateUnits
		}
		if u, ok := units[unit]; ok {
			part, err := scaleNumber(number, u, true)
			if err != nil {
				return intervalValue{}, err
			}
			add(part)
			haveField = true
			continue
		}
		switch {
		case datePart && (unit == 'T' || unit == 0) && isoIntegerWidth(number) == 8 && !haveField:
			part, err := isoBasic(number, true)
			if err != nil {
				return intervalValue{}, err
			}
			add(part)
		case !datePart && unit == 0 && isoIntegerWidth(number) == 6 && !haveField:
			part, err := isoBasic(number, false)
			if err != nil {
				return intervalValue{}, err
			}
			add(part)
		case haveField:
			return intervalValue{}, errDateTimeSyntax
		case datePart && (unit == 'T' || unit == 0 || unit == '-'):
			part, next, err := isoExtended(text, i, number, unit, '-', []intervalUnit{isoDateUnits['Y'], isoDateUnits['M'], isoDateUnits['D']})
			if err != nil {
				return intervalValue{}, err
			}
			add(part)
			if next >= len(text) {
				return total, nil
			}
			i = next
		case !datePart && (unit == 0 || unit == ':'):
			part, next, err := isoExtended(text, i, number, unit, ':', []intervalUnit{isoTimeUnits['H'], isoTimeUnits['M'], isoTimeUnits['S']})
			if err != nil {
				return intervalValue{}, err
			}
			add(part)
			if next < len(text) {
				return intervalValue{}, errDateTimeSyntax
			}
			return total, nil
		default:
			return intervalValue{}, errDateTimeSyntax
		}
		if unit == 0 {
			return total, nil
		}
		datePart, haveField = false, false
	}
	return total, nil
}

// isoExtended reads the extended alternative format Y-M-D or H:M:S from
// its first number, which unit follows, with separator between the
// numbers. Every number but the first is optional. It returns where the
// text after the last number starts: at T, or at the end for the time.
func isoExtended(text string, i int, first string, unit, separator byte, units []intervalUnit) (intervalValue, int, *dateTimeError) {
	total, err := scaleNumber(first, units[0], true)
	if err != nil || unit != separator {
		return total, i - 1, err
	}
	for n := 1; n < len(units); n++ {
		number, end, err := isoNumber(text, i)
		if err != nil {
			return intervalValue{}, 0, err
		}
		part, err := scaleNumber(number, units[n], true)
		if err != nil {
			return intervalValue{}, 0, err
		}
		total = intervalValue{total.months + part.months, total.days + part.days, total.micros + part.micros}
		switch {
		case end == len(text) || separator == '-' && text[end] == 'T':
			return total, end, nil
		case text[end] != separator || n == len(units)-1:
			return intervalValue{}, 0, errDateTimeSyntax
		}
		i = end + 1
	}
	return total, i, nil
}

// isoBasic reads the basic alternative format YYYYMMDD, or with time
// HHMMSS, with an optional fraction of the last field.
func isoBasic(number string, date bool) (intervalValue, *dateTimeError) {
	all, err := strconv.ParseFloat(number, 64)
	if err != nil {
		return intervalValue{}, errDateTimeUnhandled
	}
	whole := int64(math.Trunc(all))
	frac := float64(all - float64(whole))
	if date {
		return intervalValue{months: whole/10000*12 + whole/100%100, days: whole % 100,
			micros: fractionMicros(frac, 24*microsPerHour)}, nil
	}
	micros := whole/10000*microsPerHour + whole/100%100*60_000_000 + whole%100*1_000_000
	return intervalValue{micros: micros + fractionMicros(frac, 1_000_000)}, nil
}

// isoNumber returns the number at text[i:] as ParseISO8601Number reads
// it: a sign, digits and a fraction, and the index after it.
func isoNumber(text string, i int) (string, int, *dateTimeError) {
	end := i
	if end < len(text) && text[end] == '-' {
		end++
	}
	digits := scanWhile(text, end, isDigit)
	end = digits
	if end < len(text) && text[end] == '.' {
		end = scanWhile(text, end+1, isDigit)
	}
	number := text[i:end]
	switch {
	case i < len(text) && !isDigit(text[i]) && text[i] != '-' && text[i] != '.':
		return "", 0, errDateTimeSyntax
	case strings.Trim(number, "-.") == "":
		return "", 0, errDateTimeUnhandled
	case end < len(text) && strings.ContainsRune("eEnNiIxX", rune(text[end])):
		return "", 0, errDateTimeUnhandled // strtod reads exponents, inf and nan
	}
	return number, end, nil
}

// isoIntegerWidth returns the number of digits before the fraction.
func isoIntegerWidth(number string) int {
	return len(strings.TrimPrefix(strings.SplitN(number, ".", 2)[0], "-"))
}
