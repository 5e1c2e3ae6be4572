package duckdb

import (
	"database/sql/driver"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/translate"
)

// intervalInputFunctions returns pgway_interval_in(text), which the
// DuckDB dialect wraps around text that is not a constant cast to
// interval, and pgway_interval_array_in(text) for a cast to interval[].
// They read the text as PostgreSQL 15's interval input does, including
// ISO 8601's P1DT2H and fractions that PostgreSQL rounds to microseconds
// otherwise than DuckDB. They return text, or a list of texts, that
// DuckDB's cast reads as the same values, or fail with PostgreSQL's
// error.
func intervalInputFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		translate.IntervalInputFunction: {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo, run: intervalInput}},
		translate.IntervalArrayInputFunction: {udfSpec{params: []duckdb.TypeInfo{varcharInfo},
			result: mustTypeInfo(duckdb.NewListInfo(varcharInfo)), run: intervalArrayInput}},
	}
}

func intervalArrayInput(args []driver.Value) (any, error) {
	elements, err := translate.IntervalArrayInput(args[0].(string))
	if err != nil {
		e := translate.AsError(err)
		return nil, &providers.Error{Code: e.Code, Message: e.Message, Hint: e.Hint}
	}
	return elements, nil
}

func intervalInput(args []driver.Value) (any, error) {
	text, err := translate.IntervalInput(args[0].(string))
	if err != nil {
		e := translate.AsError(err)
		return nil, &providers.Error{Code: e.Code, Message: e.Message, Hint: e.Hint}
	}
	return text, nil
}
