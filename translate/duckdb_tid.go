package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// The provider sends DuckDB's rowid as a tid through pgway_ctid(rowid)
// (rewriteCtid), a STRUCT of block and offset. pgway_tid(text) reads a
// tid's text into the same STRUCT as PostgreSQL's tidin reads it, so
// that clients find a row again by its ctid, as QGIS does with
// WHERE ctid = '(0,5)'.

// isCtid reports whether n is the system column ctid, which rewriteCtid
// turns into a call of pgway_ctid.
func isCtid(n *pg.Node) bool {
	fields := n.GetColumnRef().GetFields()
	return len(fields) > 0 && fields[len(fields)-1].GetString_().GetSval() == "ctid"
}

// showsTID reports whether n is a tid: ctid or a cast to tid.
func showsTID(n *pg.Node) bool {
	name := lastName(n.GetFuncCall().GetFuncname())
	return name == "pgway_ctid" || name == "pgway_tid"
}

// tidText returns the call of pgway_tid that reads n, a string constant
// or a parameter compared with a tid, or nil for another operand.
func tidText(n *pg.Node, loc int32) *pg.Node {
	if n.GetAConst().GetSval() == nil && n.GetParamRef() == nil {
		return nil
	}
	return funcCall("pgway_tid", loc, typeCast(n, "varchar", loc))
}

// typeTIDOperands reads the string constants and parameters compared
// with a tid, by a comparison operator, IN or BETWEEN, as tids.
func typeTIDOperands(n *pg.Node, e *pg.A_Expr) {
	switch op := lastName(e.Name); {
	case e.Kind == pg.A_Expr_Kind_AEXPR_OP && comparisonOperators[op] && e.Lexpr != nil:
		if showsTID(e.Lexpr) {
			if tid := tidText(e.Rexpr, e.Location); tid != nil {
				e.Rexpr = tid
			}
		} else if showsTID(e.Rexpr) {
			if tid := tidText(e.Lexpr, e.Location); tid != nil {
				e.Lexpr = tid
			}
		}
		if (showsTID(e.Lexpr) || showsTID(e.Rexpr)) && op != "=" && op != "<>" && op != "!=" {
			e.Lexpr, e.Rexpr = tidKey(e.Lexpr, e.Location), tidKey(e.Rexpr, e.Location)
		}
	case (e.Kind == pg.A_Expr_Kind_AEXPR_IN || e.Kind == pg.A_Expr_Kind_AEXPR_BETWEEN ||
		e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN) && showsTID(e.Lexpr):
		items := e.Rexpr.GetList().GetItems()
		for i, item := range items {
			if tid := tidText(item, e.Location); tid != nil {
				items[i] = tid
			}
		}
		if e.Kind != pg.A_Expr_Kind_AEXPR_IN && len(items) == 2 {
			// DuckDB's BETWEEN takes no STRUCT, so it becomes the
			// comparisons it stands for.
			x, a, b := tidKey(e.Lexpr, e.Location), tidKey(items[0], e.Location), tidKey(items[1], e.Location)
			low, high, join := binaryOp(">=", x, a, e.Location), binaryOp("<=", x, b, e.Location), pg.BoolExprType_AND_EXPR
			if e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN {
				low, high, join = binaryOp("<", x, a, e.Location), binaryOp(">", x, b, e.Location), pg.BoolExprType_OR_EXPR
			}
			n.Node = pg.MakeBoolExprNode(join, []*pg.Node{low, high}, e.Location).Node
		}
	}
}

// tidKey returns the order of the tid n as a BIGINT, block * 65536 +
// offset. DuckDB's optimizer turns x >= a AND x <= b into BETWEEN, which
// fails for a STRUCT, so tids are ordered by this key.
func tidKey(n *pg.Node, loc int32) *pg.Node {
	field := func(name string) *pg.Node {
		return funcCall("struct_extract", loc, proto.Clone(n).(*pg.Node), pg.MakeAConstStrNode(name, loc))
	}
	block := binaryOp("*", typeCast(field("pgway_tid_block"), "int8", loc), pg.MakeAConstIntNode(65536, loc), loc)
	return binaryOp("+", block, field("pgway_tid_offset"), loc)
}

// rewriteTIDCast turns a cast to tid into pgway_tid(text), and a cast of
// a tid to text into its text '(block,offset)'. It reports whether it
// rewrote n.
func rewriteTIDCast(n *pg.Node, tc *pg.TypeCast, name string) bool {
	if len(tc.TypeName.GetArrayBounds()) > 0 {
		return false
	}
	switch {
	case name == "tid":
		if !showsTID(tc.Arg) {
			n.Node = funcCall("pgway_tid", tc.Location, typeCast(tc.Arg, "varchar", tc.Location)).Node
		} else {
			n.Node = tc.Arg.Node
		}
		return true
	case (name == "text" || name == "varchar") && showsTID(tc.Arg):
		field := func(f string) *pg.Node {
			return funcCall("struct_extract", tc.Location, tc.Arg, pg.MakeAConstStrNode(f, tc.Location))
		}
		text := funcCall("printf", tc.Location, pg.MakeAConstStrNode("(%d,%d)", tc.Location),
			field("pgway_tid_block"), field("pgway_tid_offset"))
		tc.Arg = text
		return false
	}
	return false
}
