package duckdb

import (
	"fmt"
	"regexp"
	"strings"

	"pgway/providers"
)

// unsupportedUnit matches DuckDB's error for extract or date_part of a
// time or interval with a unit that the type does not have, such as the
// day of a time.
var unsupportedUnit = regexp.MustCompile(`"(time|time with time zone|interval)" units "([^"]*)" not recognized`)

// extractTypeNames are PostgreSQL's names of the types in DuckDB's
// message.
var extractTypeNames = map[string]string{
	"time": "time without time zone", "time with time zone": "time with time zone", "interval": "interval",
}

// unsupportedUnitError returns PostgreSQL 15's error for extract or
// date_part of a time or interval with a unit that the type does not
// support, or nil for another message. PostgreSQL raises 0A000 and
// names the unit in lower case, where DuckDB raises an internal error.
func unsupportedUnitError(duckMessage string) *providers.Error {
	m := unsupportedUnit.FindStringSubmatch(duckMessage)
	if m == nil {
		return nil
	}
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("unit %q not supported for type %s", strings.ToLower(m[2]), extractTypeNames[m[1]])}
}
