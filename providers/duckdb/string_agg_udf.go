package duckdb

import (
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"
)

// stringAggFunctions returns the functions of this file, for string_agg
// and array_to_string, by name, for registerBuiltinFunctions.
func stringAggFunctions() map[string][]duckdb.ScalarFunc {
	pairs := mustTypeInfo(duckdb.NewListInfo(mustTypeInfo(duckdb.NewListInfo(varcharInfo))))
	return map[string][]duckdb.ScalarFunc{
		"pgway_string_agg_join": {udfSpec{params: []duckdb.TypeInfo{pairs}, result: varcharInfo, run: stringAggJoin}},
		"pgway_array_to_string": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo, varcharInfo},
			result: varcharInfo, run: arrayToString, nulls: true}},
	}
}

// stringAggJoin joins the [delimiter, value] pairs of string_agg's rows
// as PostgreSQL does: each value after the first follows its own row's
// delimiter. The dialect collects the pairs of the rows whose value is
// not NULL, with an empty string for a NULL delimiter.
func stringAggJoin(args []driver.Value) (any, error) {
	pairs, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("pgway_string_agg_join: argument of Go type %T, expected a list", args[0])
	}
	var out strings.Builder
	for i, p := range pairs {
		pair, ok := p.([]any)
		if !ok || len(pair) != 2 {
			return nil, fmt.Errorf("pgway_string_agg_join: element %v, expected a [delimiter, value] pair", p)
		}
		delimiter, _ := pair[0].(string)
		value, _ := pair[1].(string)
		if i > 0 {
			out.WriteString(delimiter)
		}
		out.WriteString(value)
	}
	return out.String(), nil
}

// arrayToString is pgway_array_to_string(text, delimiter, null_string):
// PostgreSQL's array_to_string of the array whose output text is text,
// which the dialect writes with pgway_text. The elements of an array of
// any number of dimensions are joined in order, and a NULL element is
// written as null_string, or left out when null_string is NULL.
func arrayToString(args []driver.Value) (any, error) {
	text, ok := args[0].(string)
	delimiter, delimiterOK := args[1].(string)
	if !ok || !delimiterOK {
		return nil, nil
	}
	nullString, hasNullString := args[2].(string)
	types := arrayTypes.Get().(*pgtype.Map)
	defer arrayTypes.Put(types)
	var array pgtype.Array[*string]
	if err := types.Scan(pgtype.TextArrayOID, pgtype.TextFormatCode, []byte(text), &array); err != nil {
		return nil, fmt.Errorf("pgway_array_to_string: read array text %q: %w", text, err)
	}
	var out strings.Builder
	first := true
	for _, e := range array.Elements {
		if e == nil && !hasNullString {
			continue
		}
		if !first {
			out.WriteString(delimiter)
		}
		first = false
		if e == nil {
			out.WriteString(nullString)
		} else {
			out.WriteString(*e)
		}
	}
	return out.String(), nil
}
