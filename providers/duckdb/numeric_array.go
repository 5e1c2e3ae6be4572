package duckdb

import (
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// numericArrayFunction is pgway_numeric_array_result(elements), the
// _result form of a numeric[] parameter whose elements pgway_text_array
// has split: a list of the _result form, which mapType sends as numeric[]
// with each element's own scale, as PostgreSQL's array_in keeps it.
const numericArrayFunction = "pgway_numeric_array_result"

// numericArrayOverloads returns the overload of pgway_numeric_array_result.
func numericArrayOverloads() []duckdb.ScalarFunc {
	return []duckdb.ScalarFunc{udfSpec{params: []duckdb.TypeInfo{mustTypeInfo(duckdb.NewListInfo(varcharInfo))},
		result: numericStructListInfo, run: numericArray}}
}

// numericArray reads each element of a list of strings as numeric_in
// does. NaN and the infinities fail with 0A000, which a DECIMAL cannot
// hold either.
func numericArray(args []driver.Value) (any, error) {
	list, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("numeric array elements have type %T", args[0])
	}
	out := make([]any, len(list))
	for i, element := range list {
		if element == nil {
			continue
		}
		text, ok := element.(string)
		if !ok {
			return nil, fmt.Errorf("numeric array element has type %T", element)
		}
		switch strings.ToLower(strings.TrimLeft(strings.TrimSpace(text), "+-")) {
		case "nan", "infinity", "inf":
			return nil, unsupportedNumeric(strings.TrimSpace(text))
		}
		n, err := parseNumericInput(text)
		if err != nil {
			return nil, err
		}
		if out[i], err = resultNumeric(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}
