package duckdb

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"pgway/providers"
)

// strptimeRange matches DuckDB's error for a field of strptime's input,
// which the DuckDB dialect runs for to_date and to_timestamp, that is out
// of its range. DuckDB writes the input, a caret under the field, and the
// field's name.
var strptimeRange = regexp.MustCompile(`Could not parse string "(.*)" according to format specifier ".*"\n.*\n( *)\^\nError: (Month|Day|Year day|Hour|Hour12|Minutes|Seconds) out of range`)

// strptimeRangeError returns PostgreSQL 15's error of to_date or
// to_timestamp for a field that DuckDB's strptime finds out of range, or
// nil for another message. PostgreSQL raises 22008 for such a field, and
// 22007 for a 12-hour clock hour, but reads a month, day or day of the
// year of 0 as unset, which fails with 0A000 here.
func strptimeRangeError(duckMessage string) *providers.Error {
	m := strptimeRange.FindStringSubmatch(duckMessage)
	if m == nil {
		return nil
	}
	input, field := m[1], m[3]
	digits := ""
	if start := len(m[2]); start <= len(input) {
		rest := input[start:]
		digits = rest[:len(rest)-len(strings.TrimLeft(rest, "0123456789"))]
	}
	value, err := strconv.Atoi(digits)
	switch {
	case err != nil:
		return nil
	case field == "Hour12":
		return &providers.Error{Code: "22007", Message: fmt.Sprintf("hour \"%d\" is invalid for the 12-hour clock", value),
			Hint: "Use the 24-hour clock, or give an hour between 1 and 12."}
	case value == 0 && (field == "Month" || field == "Day" || field == "Year day"):
		return &providers.Error{Code: "0A000",
			Message: fmt.Sprintf("to_date() and to_timestamp() with a %s of 0 are not supported on DuckDB: %q", strings.ToLower(field), input)}
	}
	return &providers.Error{Code: "22008", Message: fmt.Sprintf("date/time field value out of range: %q", input)}
}
