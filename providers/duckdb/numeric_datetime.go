package duckdb

import (
	"database/sql/driver"
	"fmt"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// The DuckDB dialect keeps DuckDB's + and - where an operand shows a
// date, a time or an interval (translate/duckdb_numeric_time.go). An
// operand whose type the statement does not show, such as d + 1 in
// (d + 1) + i / 2 or a derived table's column, still reaches pgway_add
// or pgway_sub. These overloads add days to a date as PostgreSQL's
// date + integer does, and raise PostgreSQL's error for a date and a
// bigint. They reject an interval quotient with 0A000, because DuckDB's
// own date and time arithmetic cannot run inside a function.

// dateTimeOverloads returns the overloads of the arithmetic function
// name (pgway_add or pgway_sub) for dates, times and timestamps.
func dateTimeOverloads(name string) []duckdb.ScalarFunc {
	operator := map[string]string{"pgway_add": "+", "pgway_sub": "-"}[name]
	if operator == "" {
		return nil
	}
	var fs []duckdb.ScalarFunc
	add := func(x, y, r duckdb.TypeInfo, run func(args []driver.Value) (any, error)) {
		fs = append(fs, udfSpec{params: []duckdb.TypeInfo{x, y, varcharInfo, varcharInfo}, result: r, run: run})
	}
	date, integer, bigint := typeInfo(duckdb.TYPE_DATE), typeInfo(duckdb.TYPE_INTEGER), typeInfo(duckdb.TYPE_BIGINT)
	sign := map[string]int{"+": 1, "-": -1}[operator]
	add(date, integer, date, func(args []driver.Value) (any, error) {
		return addDays(args[0].(time.Time), sign*int(args[1].(int32)))
	})
	undefined := func(left, right string) func([]driver.Value) (any, error) {
		err := &providers.Error{Code: "42883",
			Message: fmt.Sprintf("operator does not exist: %s %s %s", left, operator, right),
			Hint:    "No operator matches the given name and argument types. You might need to add explicit type casts."}
		return func([]driver.Value) (any, error) { return nil, err }
	}
	add(date, bigint, date, undefined("date", "bigint"))
	if operator == "+" {
		add(integer, date, date, func(args []driver.Value) (any, error) {
			return addDays(args[1].(time.Time), int(args[0].(int32)))
		})
		add(bigint, date, date, undefined("bigint", "date"))
	}
	interval := typeInfo(duckdb.TYPE_INTERVAL)
	unsupported := &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("%s of a date, time or timestamp and an interval computed with a division is not supported on DuckDB "+
			"when the statement does not show the operands' types", operator),
		Hint: "Cast the date, time or timestamp operand to its type, such as x::timestamp."}
	reject := func([]driver.Value) (any, error) { return nil, unsupported }
	for _, t := range []duckdb.Type{duckdb.TYPE_DATE, duckdb.TYPE_TIME, duckdb.TYPE_TIMESTAMP, duckdb.TYPE_TIMESTAMP_TZ} {
		add(typeInfo(t), interval, typeInfo(t), reject)
		if operator == "+" {
			add(interval, typeInfo(t), typeInfo(t), reject)
		}
	}
	return fs
}

// addDays returns date plus days, with PostgreSQL's error for a result
// outside its range of dates.
// NOTE: this does not check for DuckDB's infinite dates, so they fail
// with the range error where PostgreSQL keeps them infinite.
func addDays(date time.Time, days int) (any, error) {
	sum := date.AddDate(0, 0, days)
	if sum.Before(firstDate) || !sum.Before(endDate) {
		return nil, &providers.Error{Code: "22008", Message: "date out of range"}
	}
	return sum, nil
}
