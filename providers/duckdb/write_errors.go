package duckdb

import (
	"fmt"
	"regexp"
	"strconv"

	"pgway/providers"
)

// insertWidth matches DuckDB's binder error for an INSERT whose query has
// a number of columns other than the table's, and captures the table's
// name, its width and the query's width.
var insertWidth = regexp.MustCompile(`^Binder Error: table "((?:[^"]|"")*)" has (\d+) columns but (\d+) values were supplied`)

// insertWidthError returns PostgreSQL's error for an INSERT ... SELECT
// whose width the DuckDB dialect could not tell, as of SELECT *. A query
// of fewer columns fills the leading columns in PostgreSQL, which DuckDB
// cannot do without a column list, so that fails with 0A000.
func insertWidthError(duckMessage string) *providers.Error {
	m := insertWidth.FindStringSubmatch(duckMessage)
	if m == nil {
		return nil
	}
	columns, _ := strconv.Atoi(m[2])
	values, _ := strconv.Atoi(m[3])
	if values > columns {
		return &providers.Error{Code: "42601", Message: "INSERT has more expressions than target columns"}
	}
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("INSERT of a query with fewer columns than table %q, where pgway cannot count the query's columns, is not supported on this warehouse", m[1]),
		Hint:    "Name the target columns, as in INSERT INTO t (a, b) SELECT ..."}
}
