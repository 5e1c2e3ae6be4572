package duckdb

import (
	"slices"

	bindings "github.com/duckdb/duckdb-go-bindings"
)

// sameResultTypes reports whether an executed result has the columns of
// types, down to the element types of lists and the scale of decimals.
// The rows are decoded with types, so a list of BIGINT read as a list of
// INTEGER would give wrong elements and read past the child vector.
func sameResultTypes(result *bindings.Result, types []logicalType) bool {
	if int(bindings.ColumnCount(result)) != len(types) {
		return false
	}
	for i := range types {
		if bindings.ColumnType(result, bindings.IdxT(i)) != types[i].id {
			return false
		}
		if !isNested(types[i].id) && types[i].id != bindings.TypeDecimal && types[i].id != bindings.TypeEnum {
			continue
		}
		actual := readLogicalType(bindings.ColumnLogicalType(result, bindings.IdxT(i)))
		if !sameLayout(actual, types[i]) {
			return false
		}
	}
	return true
}

func isNested(id bindings.Type) bool {
	switch id {
	case bindings.TypeList, bindings.TypeArray, bindings.TypeMap, bindings.TypeStruct:
		return true
	}
	return false
}

// sameLayout reports whether values of a and b are stored and decoded
// alike: the same type ids, decimal storage and scale, enum dictionary
// and array size, throughout their children.
func sameLayout(a, b logicalType) bool {
	if a.id != b.id || a.storage != b.storage || a.width != b.width || a.scale != b.scale ||
		a.arraySize != b.arraySize || len(a.children) != len(b.children) || !slices.Equal(a.dictionary, b.dictionary) {
		return false
	}
	for i := range a.children {
		if !sameLayout(a.children[i], b.children[i]) {
			return false
		}
	}
	return true
}
