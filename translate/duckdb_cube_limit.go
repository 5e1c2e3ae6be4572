package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL limits CUBE to 12 elements and raises 54011 beyond. DuckDB
// expands CUBE of 13 columns into 8,192 grouping sets, and on a table of
// 10 rows ran for about a minute until it failed for lack of memory.

// maxCubeElements is PostgreSQL's limit on the elements of CUBE.
const maxCubeElements = 12

// checkCubeSize rejects CUBE with more elements than PostgreSQL allows.
func checkCubeSize(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		set := n.GetGroupingSet()
		if set == nil || set.Kind != pg.GroupingSetKind_GROUPING_SET_CUBE || len(set.Content) <= maxCubeElements {
			return nil
		}
		return &Error{Code: "54011", Message: "CUBE is limited to 12 elements", Position: int(set.Location) + 1}
	})
}

// maxArrayDimensions is PostgreSQL's limit on the dimensions of an
// array. DuckDB nests lists without a limit, and took 77 s to build a
// list of 999 levels.
const maxArrayDimensions = 6

// checkArrayDimensions rejects ARRAY constructors nested deeper than
// PostgreSQL's arrays have dimensions, with PostgreSQL's error.
func checkArrayDimensions(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		if n.GetAArrayExpr() == nil {
			return nil
		}
		if depth := constructorDepth(n); depth > maxArrayDimensions {
			return &Error{Code: "54000",
				Message: fmt.Sprintf("number of array dimensions (%d) exceeds the maximum allowed (%d)", depth, maxArrayDimensions)}
		}
		return nil
	})
}
