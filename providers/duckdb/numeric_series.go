package duckdb

import (
	"database/sql/driver"
	"math/big"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// PostgreSQL's generate_series(numeric, numeric[, numeric]) adds the step
// to the start exactly until the value passes the stop, where DuckDB's
// generate_series takes no DECIMAL. The DuckDB dialect writes it as
//
//	unnest(pgway_numeric_series(start::varchar, stop::varchar, step::varchar)::DECIMAL(38,s)[])
//
// with s the scale of the values, and this function returns the values'
// text.

// numericSeriesFunctions returns the functions of this file by name, for
// registerBuiltinFunctions.
func numericSeriesFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		"pgway_numeric_series": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo},
			result: mustTypeInfo(duckdb.NewListInfo(varcharInfo)), run: numericSeries}},
	}
}

// numericSeries returns the text of start, start + step, ... up to stop,
// as generate_series_step_numeric computes them in PostgreSQL 15, with
// its 22023 error for a step of zero.
func numericSeries(args []driver.Value) (any, error) {
	var values [3]exactNumeric
	for i := range values {
		n, err := parseNumericInput(args[i].(string))
		if err != nil {
			return nil, err
		}
		values[i] = n
	}
	start, stop, step := values[0], values[1], values[2]
	direction := step.unscaled.Sign()
	if direction == 0 {
		return nil, &providers.Error{Code: "22023", Message: "step size cannot equal zero"}
	}
	var texts []any
	for current := start; compareNumeric(current, stop)*direction <= 0; {
		texts = append(texts, current.String())
		scale := max(current.scale, step.scale)
		current = exactNumeric{new(big.Int).Add(current.rescale(scale), step.rescale(scale)), scale}
	}
	if texts == nil {
		texts = []any{}
	}
	return texts, nil
}
