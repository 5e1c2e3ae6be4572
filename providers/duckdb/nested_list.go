package duckdb

import (
	"fmt"

	bindings "github.com/duckdb/duckdb-go-bindings"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// A DuckDB list of lists, such as array_agg of int[] values, is a
// PostgreSQL array of more dimensions: int4[] '{{1,1},{2,2}}'. PostgreSQL
// arrays are rectangular, so the inner lists of one value must have the
// same length and be neither NULL nor empty. A value that is not
// rectangular fails with the errors of PostgreSQL's array_agg, which
// builds such arrays from rows.

// nestedListType returns the type of a LIST or ARRAY whose elements are
// lists, nested to any depth, of a scalar type that has an array type. It
// reports false for other lists.
//
// NOTE: a list of lists of DECIMAL is described as numeric[] but its
// values fail with 0A000, because DuckDB gives the elements of a list one
// scale, where each element of a PostgreSQL numeric[] keeps its own.
// pgway's exact numerics keep each element's scale and are sent as is.
func nestedListType(child *logicalType) (pgType, bool) {
	depth := 1
	leaf := child
	for leaf.id == bindings.TypeList || leaf.id == bindings.TypeArray {
		leaf = &leaf.children[0]
		depth++
	}
	if depth < 2 {
		return pgType{}, false
	}
	if leaf.id == bindings.TypeDecimal {
		return pgType{pgtype.NumericArrayOID, -1, -1, rejectDecimalLists}, true
	}
	element := mapType(leaf)
	arrayOID, ok := arrayOIDs[element.oid]
	if !ok {
		return pgType{}, false
	}
	convert := func(v any) (any, error) { return multiArray(v, depth, element.convert) }
	return pgType{arrayOID, -1, -1, convert}, true
}

// rejectDecimalLists fails on a value of a list of lists of DECIMAL.
func rejectDecimalLists(any) (any, error) {
	return nil, &providers.Error{Code: "0A000",
		Message: "an array of more than one dimension of numeric with a fixed scale is not supported on this warehouse",
		Hint:    "Cast the inner arrays to text[] before array_agg()."}
}

// multiArray converts a list nested depth levels deep into a
// providers.MultiArray, converting each non-NULL element with convert.
func multiArray(v any, depth int, convert convertFunc) (any, error) {
	outer, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("DuckDB list value has type %T", v)
	}
	if len(outer) == 0 {
		return outer, nil
	}
	array := providers.MultiArray{Dims: make([]int, depth)}
	array.Dims[0] = len(outer)
	if err := flattenLists(&array, outer, 1, convert); err != nil {
		return nil, err
	}
	return array, nil
}

// flattenLists appends the elements of the lists in items, which are the
// values at dimension level of array, checking that each has the length
// of the first list at that level.
func flattenLists(array *providers.MultiArray, items []any, level int, convert convertFunc) error {
	if level == len(array.Dims) {
		for _, item := range items {
			if item != nil {
				converted, err := convert(item)
				if err != nil {
					return err
				}
				item = converted
			}
			array.Elements = append(array.Elements, item)
		}
		return nil
	}
	for i, item := range items {
		if item == nil {
			return &providers.Error{Code: "22004", Message: "cannot accumulate null arrays"}
		}
		list, ok := item.([]any)
		if !ok {
			return fmt.Errorf("DuckDB list element has type %T", item)
		}
		if len(list) == 0 && level == 1 && i == 0 {
			return &providers.Error{Code: "2202E", Message: "cannot accumulate empty arrays"}
		}
		if array.Dims[level] == 0 {
			array.Dims[level] = len(list) // the first list at this level
		}
		if len(list) == 0 || len(list) != array.Dims[level] {
			return &providers.Error{Code: "2202E", Message: "cannot accumulate arrays of different dimensionality"}
		}
		if err := flattenLists(array, list, level+1, convert); err != nil {
			return err
		}
	}
	return nil
}
