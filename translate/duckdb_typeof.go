package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// regType is a type's name as PostgreSQL's regtype output writes it, and
// its OID.
type regType struct {
	name string
	oid  int64
}

// regTypes are the regtype of each type in the names of typeNameOf.
var regTypes = map[string]regType{
	"int2": {"smallint", 21}, "int4": {"integer", 23}, "int8": {"bigint", 20}, "numeric": {"numeric", 1700},
	"float4": {"real", 700}, "float8": {"double precision", 701}, "text": {"text", 25}, "bool": {"boolean", 16},
	"date": {"date", 1082}, "timestamp": {"timestamp without time zone", 1114},
	"timestamptz": {"timestamp with time zone", 1184}, "time": {"time without time zone", 1083},
	"bytea": {"bytea", 17}, "jsonb": {"jsonb", 3802}, "unknown": {"unknown", 705},
	"int2[]": {"smallint[]", 1005}, "int4[]": {"integer[]", 1007}, "int8[]": {"bigint[]", 1016},
	"numeric[]": {"numeric[]", 1231}, "float4[]": {"real[]", 1021}, "float8[]": {"double precision[]", 1022},
	"text[]": {"text[]", 1009}, "bool[]": {"boolean[]", 1000}, "date[]": {"date[]", 1182},
	"timestamp[]": {"timestamp without time zone[]", 1115}, "timestamptz[]": {"timestamp with time zone[]", 1185},
	"time[]": {"time without time zone[]", 1183}, "bytea[]": {"bytea[]", 1001}, "jsonb[]": {"jsonb[]", 3807},
}

// isTypeOfCall reports whether fc is PostgreSQL's pg_typeof().
func isTypeOfCall(fc *pg.FuncCall) bool {
	schema := schemaOf(fc.Funcname)
	return (schema == "" || schema == "pg_catalog") && strings.ToLower(lastName(fc.Funcname)) == "pg_typeof"
}

// foldTypeOf replaces each pg_typeof(x) that is a result column of the
// statement's select list by pgway_regtype(oid, name), which the provider
// sends as a regtype, where x is a column whose type types has or a
// constant. The folded call does not evaluate x, whose evaluation cannot
// fail for a column or a constant. Any other pg_typeof() fails with
// 0A000, because DuckDB's own pg_typeof() names DuckDB's types. A
// varchar(n) column of rel, whose type in types is text, is character
// varying.
func foldTypeOf(stmt *pg.Node, types map[*pg.ColumnRef]string, rel *Relations) error {
	var varcharLengths map[*pg.ColumnRef]int64
	if sel := stmt.GetSelectStmt(); sel != nil {
		for _, n := range sel.TargetList {
			rt := n.GetResTarget()
			fc := rt.GetVal().GetFuncCall()
			if fc == nil || !isTypeOfCall(fc) || len(fc.Args) != 1 || fc.Over != nil || fc.AggStar || fc.AggDistinct ||
				fc.FuncVariadic || len(fc.AggOrder) > 0 || fc.AggFilter != nil {
				continue
			}
			t, ok := regTypes[argumentTypeName(fc.Args[0], types)]
			if !ok {
				continue
			}
			if ref := fc.Args[0].GetColumnRef(); ref != nil && t.name == "text" {
				if varcharLengths == nil {
					varcharLengths = varcharColumnLengths(stmt, rel)
				}
				if varcharLengths[ref] > 0 {
					t = varcharRegType
				}
			}
			if rt.Name == "" {
				rt.Name = "pg_typeof"
			}
			rt.Val = funcCall("pgway_regtype", fc.Location, pg.MakeAConstIntNode(t.oid, fc.Location),
				pg.MakeAConstStrNode(t.name, fc.Location))
		}
	}
	return walkNode(stmt, func(n *pg.Node) error {
		if fc := n.GetFuncCall(); fc != nil && isTypeOfCall(fc) {
			return unsupportedf(fc.Location, "pg_typeof() is not supported on this warehouse except as a result column "+
				"of a column whose type pgway knows or of a constant")
		}
		return nil
	})
}

// argumentTypeName returns the name typeNameOf uses for the type of a
// column reference that types has, or of a constant, and "" otherwise.
// numeric(p,s) is numeric.
func argumentTypeName(n *pg.Node, types map[*pg.ColumnRef]string) string {
	if ref := n.GetColumnRef(); ref != nil {
		typ := types[ref]
		if strings.HasPrefix(typ, "numeric(") {
			return "numeric"
		}
		return typ
	}
	if typ := foldedClockType(n); typ != "" {
		return typ
	}
	c := n.GetAConst()
	switch {
	case c == nil:
		return ""
	case c.Isnull || c.GetSval() != nil:
		return "unknown"
	case c.GetBoolval() != nil:
		return "bool"
	case c.GetIval() != nil:
		return "int4"
	case c.GetFval() != nil:
		// PostgreSQL types an integer constant outside integer's range
		// as bigint when it fits bigint, and as numeric otherwise.
		if _, err := strconv.ParseInt(c.GetFval().GetFval(), 10, 64); err == nil {
			return "int8"
		}
		return "numeric"
	}
	return ""
}
