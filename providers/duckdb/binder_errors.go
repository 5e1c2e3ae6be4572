package duckdb

import (
	"fmt"
	"regexp"

	"pgway/providers"
)

// binderErrors are DuckDB's parser, binder and catalog errors for
// statements that PostgreSQL 15 rejects too, with PostgreSQL's SQLSTATE
// and message for each. Without them the client sees XX000 or 42601.
var binderErrors = []struct {
	pattern *regexp.Regexp
	code    string
	message func(m []string) string
}{
	// NOTE: DuckDB reports JOIN ... ON as WHERE, where PostgreSQL's
	// message names JOIN conditions.
	{regexp.MustCompile(`WHERE clause cannot contain aggregates!`), "42803",
		func([]string) string { return "aggregate functions are not allowed in WHERE" }},
	{regexp.MustCompile(`GROUP BY clause cannot contain aggregates!`), "42803",
		func([]string) string { return "aggregate functions are not allowed in GROUP BY" }},
	{regexp.MustCompile(`(WHERE|GROUP BY) clause cannot contain window functions!`), "42P20",
		func(m []string) string { return "window functions are not allowed in " + m[1] }},
	{regexp.MustCompile(`INSERT statement cannot contain aggregates!`), "42803",
		func([]string) string { return "aggregate functions are not allowed in VALUES" }},
	{regexp.MustCompile(`aggregate functions are not allowed in UPDATE`), "42803",
		func([]string) string { return "aggregate functions are not allowed in UPDATE" }},
	{regexp.MustCompile(`GROUPING child .* must be a grouping column|GROUPING statement cannot be used without groups`), "42803",
		func([]string) string {
			return "arguments to GROUPING must be grouping expressions of the associated query level"
		}},
	// DuckDB names a table without an alias by its catalog, schema and
	// name, and PostgreSQL by its name.
	{regexp.MustCompile(`Ambiguous reference to table "(?:[^"]*\.)?([^".]+)" \(duplicate alias`), "42712",
		func(m []string) string { return fmt.Sprintf("table name %q specified more than once", m[1]) }},
	{regexp.MustCompile(`Duplicate CTE name "([^"]+)"`), "42712",
		func(m []string) string { return fmt.Sprintf("WITH query name %q specified more than once", m[1]) }},
	// NOTE: DuckDB's message names the table, where PostgreSQL's names its
	// alias.
	{regexp.MustCompile(`(table "[^"]+" has \d+ columns available but \d+ columns specified)`), "42P10",
		func(m []string) string { return m[1] }},
	{regexp.MustCompile(`Table "([^"]+)" does not have a column with name "([^"]+)"`), "42703",
		func(m []string) string { return fmt.Sprintf("column %q of relation %q does not exist", m[2], m[1]) }},
	{regexp.MustCompile(`Duplicate column name "([^"]+)" in INSERT`), "42701",
		func(m []string) string { return fmt.Sprintf("column %q specified more than once", m[1]) }},
	{regexp.MustCompile(`Column with name "?([^"!]+)"? already exists!`), "42701",
		func(m []string) string { return fmt.Sprintf("column %q specified more than once", m[1]) }},
	{regexp.MustCompile(`Multiple assignments to same column "([^"]+)"`), "42601",
		func(m []string) string { return fmt.Sprintf("multiple assignments to same column %q", m[1]) }},
	{regexp.MustCompile(`RANGE frames must have only one ORDER BY expression`), "42P20",
		func([]string) string {
			return "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column"
		}},
	{regexp.MustCompile(`window "([^"]+)" is already defined`), "42P20",
		func(m []string) string { return fmt.Sprintf("window %q is already defined", m[1]) }},
	{regexp.MustCompile(`[Cc]annot override (PARTITION BY|ORDER BY) clause of window "([^"]+)"`), "42P20",
		func(m []string) string { return fmt.Sprintf("cannot override %s clause of window %q", m[1], m[2]) }},
	{regexp.MustCompile(`cannot copy window "([^"]+)" because it has a frame clause`), "42P20",
		func(m []string) string {
			return fmt.Sprintf("cannot copy window %q because it has a frame clause", m[1])
		}},
	// A PRIMARY KEY or UNIQUE constraint of CREATE TABLE.
	{regexp.MustCompile(`table "[^"]+" does not have a column named "([^"]+)"`), "42703",
		func(m []string) string { return fmt.Sprintf("column %q named in key does not exist", m[1]) }},
	{regexp.MustCompile(`Table does not contain column "([^"]+)" referenced in check constraint`), "42703",
		func(m []string) string { return fmt.Sprintf("column %q does not exist", m[1]) }},
	{regexp.MustCompile(`DEFAULT value cannot contain column names`), "0A000",
		func([]string) string { return "cannot use column reference in DEFAULT expression" }},
	// PostgreSQL writes "subquery has too many columns" for IN and ANY,
	// with the same SQLSTATE.
	{regexp.MustCompile(`Subquery returns \d+ columns - expected 1`), "42601",
		func([]string) string { return "subquery must return only one column" }},
	// PostgreSQL joins such sides as a CROSS JOIN, which the translation
	// writes out where it has the columns of both sides.
	{regexp.MustCompile(`No columns found to join on in NATURAL JOIN`), "0A000",
		func([]string) string {
			return "NATURAL JOIN of sides that share no column name is not supported on this warehouse " +
				"where pgway cannot see the columns of a side"
		}},
	{regexp.MustCompile(`Existing object "([^"]+)" is of type Table, trying to drop type View`), "42809",
		func(m []string) string { return fmt.Sprintf("%q is not a view", m[1]) }},
	{regexp.MustCompile(`Existing object "([^"]+)" is of type View, trying to drop type Table`), "42809",
		func(m []string) string { return fmt.Sprintf("%q is not a table", m[1]) }},
}

// postgresBinderError returns PostgreSQL's error for a DuckDB message in
// binderErrors, or nil.
func postgresBinderError(duckMessage string) *providers.Error {
	for _, e := range binderErrors {
		if m := e.pattern.FindStringSubmatch(duckMessage); m != nil {
			return &providers.Error{Code: e.code, Message: e.message(m)}
		}
	}
	return nil
}
