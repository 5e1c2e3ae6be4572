package jsonb

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// Keys returns the keys of obj in the order in which jsonb stores them,
// shorter keys first and keys of equal length in byte order. jsonb_each()
// and jsonb_object_keys() return them in this order.
func Keys(obj map[string]any) []string {
	return slices.SortedFunc(maps.Keys(obj), func(x, y string) int {
		return cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(x, y))
	})
}
