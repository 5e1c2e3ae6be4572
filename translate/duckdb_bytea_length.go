package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// renameByteaLengths writes length() of a bytea expression as octet_length(),
// because PostgreSQL's length(bytea) counts bytes and DuckDB has no
// length() of a BLOB. types are the columns' types (resolveColumns).
// rewriteFunction renames length() of a cast to bytea.
// NOTE: length() of another bytea expression, such as a CASE of bytea
// columns, still fails with DuckDB's 42883.
func renameByteaLengths(stmt *pg.Node, types map[*pg.ColumnRef]string) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || len(fc.Args) != 1 || lastName(fc.Funcname) != "length" {
			return
		}
		if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
			return
		}
		if byteaExpression(fc.Args[0], types) {
			fc.Funcname = stringNodes("octet_length")
		}
	})
}

// byteaFunctions are the functions of PostgreSQL that return bytea and
// that the dialect runs on DuckDB.
var byteaFunctions = map[string]bool{
	"decode": true, "sha224": true, "sha256": true, "sha384": true, "sha512": true,
}

// byteaExpression reports whether n is a bytea column, a call of one of
// byteaFunctions, or a concatenation of such operands.
func byteaExpression(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	if ref := n.GetColumnRef(); ref != nil {
		return types[ref] == "bytea"
	}
	if fc := n.GetFuncCall(); fc != nil {
		schema := schemaOf(fc.Funcname)
		return (schema == "" || schema == "pg_catalog") && byteaFunctions[lastName(fc.Funcname)]
	}
	if e := n.GetAExpr(); e != nil && e.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(e.Name) == "||" && e.Lexpr != nil {
		// bytea || text is text, and bytea || 'abc' is bytea || bytea.
		left, right := byteaOperand(e.Lexpr, types), byteaOperand(e.Rexpr, types)
		return left && (right || untypedString(e.Rexpr)) || right && untypedString(e.Lexpr)
	}
	return false
}

func byteaOperand(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	return isBytea(n) || byteaExpression(n, types)
}

// untypedString reports whether n is a string constant without a cast,
// whose type PostgreSQL takes from the other operand.
func untypedString(n *pg.Node) bool {
	return n.GetAConst().GetSval() != nil
}

// byteaValue reports whether n is a cast to bytea or a bytea column.
func byteaValue(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	ref := n.GetColumnRef()
	return isBytea(n) || ref != nil && types[ref] == "bytea"
}
