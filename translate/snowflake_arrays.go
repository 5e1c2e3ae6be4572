package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// arrayQuotedChars are the characters that make PostgreSQL's array_out
// quote a text element: the braces, the delimiter, the double quote, the
// backslash and the white space that array_isspace accepts.
const arrayQuotedChars = "{},\"\\ \t\n\r\v\f"

// rewriteSnowflakeArrayAgg maps array_agg(x) and array_agg(DISTINCT x) of
// a text x to a LISTAGG that writes the array as PostgreSQL's text output
// of text[] writes it: {a,b,NULL}, each element quoted where array_out
// quotes it. Snowflake's ARRAY_AGG returns an untyped ARRAY, which
// clients would read as JSON. QGIS reads the geometry types and SRIDs of
// a layer in this form.
//
// NOTE: the result is text, not text[]: clients that read the text
// output, as QGIS does through libpq, see PostgreSQL's value, but a driver
// that decodes by type gets a string instead of an array. DISTINCT sorts
// the elements in Snowflake's collation, by their quoted form, where
// PostgreSQL sorts them in the database's collation.
func rewriteSnowflakeArrayAgg(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	loc := fc.Location
	switch {
	case len(fc.Args) != 1:
		return unsupportedf(loc, "array_agg() with %d arguments is not supported on this warehouse", len(fc.Args))
	case fc.Over != nil:
		return unsupportedf(loc, "array_agg() as a window function is not supported on this warehouse")
	case !isSnowflakeText(fc.Args[0]):
		return unsupported("array_agg() of a value that is not text", loc,
			"Snowflake arrays are untyped; cast the argument to text for PostgreSQL's text output of the array.")
	case hasVolatileCall(fc.Args[0]):
		return unsupported("array_agg() of a volatile expression", loc, "")
	}
	x := fc.Args[0]
	text := func(s string) *pg.Node { return pg.MakeAConstStrNode(s, loc) }

	needsQuotes := pg.MakeBoolExprNode(pg.BoolExprType_OR_EXPR, []*pg.Node{
		binaryOp("=", x, text(""), loc),
		binaryOp("=", r.call("upper", loc, x), text("NULL"), loc),
		binaryOp("<>", r.call("length", loc, r.call("translate", loc, x, text(arrayQuotedChars), text(""))),
			r.call("length", loc, x), loc),
	}, loc)
	escaped := r.call("replace", loc, r.call("replace", loc, x, text(`\`), text(`\\`)), text(`"`), text(`\"`))
	element := caseWhen(needsQuotes, binaryOp("||", binaryOp("||", text(`"`), escaped, loc), text(`"`), loc), x, loc)

	elements := r.call("listagg", loc, element, text(","))
	countAll := r.call("count", loc)
	countAll.GetFuncCall().AggStar = true
	nulls := binaryOp("-", countAll, r.call("count", loc, x), loc)
	if fc.AggDistinct {
		agg := elements.GetFuncCall()
		agg.AggDistinct = true
		agg.AggWithinGroup = true
		agg.AggOrder = []*pg.Node{{Node: &pg.Node_SortBy{SortBy: &pg.SortBy{Node: element,
			SortbyDir: pg.SortByDir_SORTBY_ASC, SortbyNulls: pg.SortByNulls_SORTBY_NULLS_LAST, Location: loc}}}}
		// DISTINCT keeps one NULL, which sorts last.
		nulls = r.call("iff", loc, binaryOp(">", nulls, pg.MakeAConstIntNode(0, loc), loc),
			pg.MakeAConstIntNode(1, loc), pg.MakeAConstIntNode(0, loc))
	}
	// A quoted element starts with a double quote, so the body starts with
	// a comma only when it has no element before the NULLs.
	body := r.call("ltrim", loc, binaryOp("||", elements, r.call("repeat", loc, text(",NULL"), nulls), loc), text(","))
	array := binaryOp("||", binaryOp("||", text("{"), body, loc), text("}"), loc)
	isEmpty := binaryOp("=", countAll, pg.MakeAConstIntNode(0, loc), loc)
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
	n.Node = caseWhen(isEmpty, null, array, loc).Node
	return nil
}

// isSnowflakeText reports whether an expression of the rewrite is text in
// PostgreSQL: a string constant, a cast to text or varchar, or a
// concatenation whose left operand is such a cast or concatenation, since
// text || x is text for any x but an array.
// NOTE: a VECTOR column reaches clients as an array, so text || v is an
// array in PostgreSQL, which this does not detect.
func isSnowflakeText(n *pg.Node) bool {
	if e := n.GetAExpr(); e != nil && e.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(e.Name) == "||" {
		return e.Lexpr != nil && isSnowflakeText(e.Lexpr) && e.Lexpr.GetAConst() == nil
	}
	return snowflakeStaticType(n) == typeText
}
