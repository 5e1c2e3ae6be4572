package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// widerRangeKeyTypes are the types that widenRangeKeys casts a sort key
// of a RANGE frame with an offset to. An integer key gets a type in which
// the key plus or minus any offset of the key's type cannot overflow, and
// a bigint key becomes numeric(20,0). A real key becomes double precision
// because PostgreSQL's in_range_float4_float8 adds the offset in double
// precision, where DuckDB adds in single precision and rounds the bounds.
var widerRangeKeyTypes = map[string]string{"int2": "int8", "int4": "int8", "int8": "numeric", "float4": "float8"}

// widenRangeKeys casts the integer sort key and the offsets of a RANGE
// frame, as in ORDER BY x RANGE BETWEEN 2147483647 PRECEDING AND CURRENT
// ROW, to a wider type. DuckDB computes the frame's bounds in the key's
// type and fails with 22003 where one overflows, where PostgreSQL's
// in_range functions take such a bound as beyond every row. The wider
// type sorts the keys in the same order and keeps every bound. Only a
// window whose own ORDER BY has the one key is widened; columns are the
// types of the statement's column references.
func widenRangeKeys(stmt *pg.Node, columns map[*pg.ColumnRef]string) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		def, ok := msg.(*pg.WindowDef)
		if !ok || def.FrameOptions&frameRange == 0 || len(def.OrderClause) != 1 ||
			def.StartOffset == nil && def.EndOffset == nil {
			return
		}
		sortBy := def.OrderClause[0].GetSortBy()
		key := sortBy.GetNode()
		keyType := exactType(key)
		if ref := key.GetColumnRef(); keyType == "" && ref != nil {
			keyType, _, _ = strings.Cut(columns[ref], "(")
		}
		wider, ok := widerRangeKeyTypes[keyType]
		if !ok {
			return
		}
		loc := exprLocation(key)
		widen := func(n *pg.Node) *pg.Node {
			cast := typeCast(n, wider, loc)
			if wider == "numeric" {
				// numeric(20,0) holds every bigint plus or minus a bigint.
				cast.GetTypeCast().TypeName.Typmods = []*pg.Node{pg.MakeAConstIntNode(20, loc), pg.MakeAConstIntNode(0, loc)}
			}
			return cast
		}
		sortBy.Node = widen(key)
		for _, offset := range []**pg.Node{&def.StartOffset, &def.EndOffset} {
			if *offset != nil && (wider != "float8" || exactType(*offset) != "float8") {
				*offset = widen(*offset)
			}
		}
	})
}
