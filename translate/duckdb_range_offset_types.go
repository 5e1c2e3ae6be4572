package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// datetimeKeyTypes are the sort key types whose RANGE offsets PostgreSQL
// 15 takes as intervals only, with the names its messages give them.
var datetimeKeyTypes = map[string]string{
	"date": "date", "time": "time without time zone",
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
}

// numberKeyTypes are the sort key types whose RANGE offsets are numbers,
// with the names PostgreSQL's messages give them.
var numberKeyTypes = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric",
	"float4": "real", "float8": "double precision",
}

var integerKeyTypes = map[string]bool{"int2": true, "int4": true, "int8": true}

// checkRangeOffsetTypes raises PostgreSQL 15's 0A000 for a RANGE frame
// whose offset has a type that the sort key cannot take. These are a
// number over a date or time key, as in ORDER BY d RANGE BETWEEN 1
// PRECEDING AND CURRENT ROW, an interval over a number key, and a
// fraction over an integer key. PostgreSQL has no in_range function for
// these pairs, and DuckDB runs some of them. Only the window's own ORDER BY, or
// that of the window it names in the same query, is checked. columns are
// the types of the statement's column references.
func checkRangeOffsetTypes(stmt *pg.Node, columns map[*pg.ColumnRef]string) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		sel, ok := msg.(*pg.SelectStmt)
		if !ok || err != nil {
			return
		}
		named := map[string]*pg.WindowDef{}
		for _, w := range sel.WindowClause {
			named[w.GetWindowDef().GetName()] = w.GetWindowDef()
		}
		check := func(def *pg.WindowDef) {
			order := def.OrderClause
			if len(order) == 0 && def.Refname != "" {
				order = named[def.Refname].GetOrderClause()
			}
			if err == nil {
				err = rangeOffsetTypeError(def, order, columns)
			}
		}
		for _, def := range named {
			check(def)
		}
		for _, t := range sel.TargetList {
			inspect(t.ProtoReflect(), func(inner protoreflect.ProtoMessage) {
				if f, ok := inner.(*pg.FuncCall); ok && f.Over != nil {
					check(f.Over)
				}
			})
		}
	})
	return err
}

func rangeOffsetTypeError(def *pg.WindowDef, order []*pg.Node, columns map[*pg.ColumnRef]string) error {
	if def.FrameOptions&frameRange == 0 || len(order) != 1 {
		return nil
	}
	key := order[0].GetSortBy().GetNode()
	keyType := exactType(key)
	if ref := key.GetColumnRef(); keyType == "" && ref != nil {
		keyType, _, _ = strings.Cut(columns[ref], "(")
	}
	for _, offset := range []*pg.Node{def.StartOffset, def.EndOffset} {
		offsetType := ""
		c := offset.GetAConst()
		switch {
		case datetimeKeyTypes[keyType] != "" && c != nil && c.GetIval() != nil:
			offsetType = "integer"
		case datetimeKeyTypes[keyType] != "" && c != nil && c.GetFval() != nil:
			offsetType = "numeric"
		case integerKeyTypes[keyType] && c != nil && c.GetFval() != nil && windowArgumentType(offset) != "int8":
			// PostgreSQL has in_range for integer keys with integer
			// offsets only.
			offsetType = "numeric"
		case numberKeyTypes[keyType] != "" && lastName(offset.GetTypeCast().GetTypeName().GetNames()) == "interval":
			offsetType = "interval"
		default:
			continue
		}
		return &Error{Code: "0A000", Position: int(exprLocation(offset)) + 1,
			Message: fmt.Sprintf("RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s and offset type %s",
				datetimeKeyTypes[keyType]+numberKeyTypes[keyType], offsetType)}
	}
	return nil
}
