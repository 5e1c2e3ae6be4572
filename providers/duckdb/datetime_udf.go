package duckdb

import (
	"database/sql/driver"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/translate"
)

// dateTimeInputFunctions returns pgway_datetime_in(text, type, datestyle,
// transaction_start), which the DuckDB dialect wraps around text that is
// not a constant cast to date, time, timestamp or timestamptz. It reads
// the text as PostgreSQL 15 does and returns text that DuckDB's cast
// reads as the same value, or fails with PostgreSQL's error.
// transaction_start is the text of now() in the session's time zone, which
// now, today, tomorrow and yesterday read.
func dateTimeInputFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		"pgway_datetime_in": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo, varcharInfo},
			result: varcharInfo, run: dateTimeInput}},
	}
}

func dateTimeInput(args []driver.Value) (any, error) {
	text, err := translate.DateTimeInput(args[0].(string), args[1].(string), args[2].(string),
		translate.ParseTransactionStart(args[3].(string)))
	if err != nil {
		return nil, &providers.Error{Code: err.Code, Message: err.Message, Hint: err.Hint}
	}
	return text, nil
}
