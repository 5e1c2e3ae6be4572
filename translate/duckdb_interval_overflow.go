package translate

import (
	"regexp"
	"strconv"
)

// integerParts matches the integer part of each number of interval input.
var integerParts = regexp.MustCompile(`(?:^|[^0-9.-])(-?)([0-9]+)`)

// intervalOverflow returns PostgreSQL 15's error for interval input text
// whose value does not fit an interval. A number beyond the 32 bits that
// PostgreSQL reads it into fails with 22015, and years and months beyond
// 32 bits of months fail with 22008. Other sizes stay with DuckDB
// (errDateTimeUnhandled).
func intervalOverflow(text string, value intervalValue) *dateTimeError {
	for _, m := range integerParts.FindAllStringSubmatch(text, -1) {
		sign := int64(1)
		if m[1] == "-" {
			sign = -1
		}
		if err := checkIntervalNumber(m[2], sign); err != nil {
			return err
		}
	}
	if abs64(value.months) > 1<<31-1 {
		return &dateTimeError{code: "22008", message: "interval out of range", complete: true}
	}
	return errDateTimeUnhandled
}

// checkIntervalNumber returns PostgreSQL's 22015 error for the digits of
// a number of interval input, with its sign, beyond 32 bits.
func checkIntervalNumber(digits string, sign int64) *dateTimeError {
	if digits == "" || !allDigits(digits) {
		return nil
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || sign*n > 1<<31-1 || sign*n < -1<<31 {
		return errIntervalRange
	}
	return nil
}
