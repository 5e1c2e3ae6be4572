package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// charUse is the text form of a cast to char(n) on DuckDB, which has no
// blank-padded type.
type charUse int

const (
	// charUnsupported is a use whose result pgway cannot keep exact.
	charUnsupported charUse = iota
	// charPadded keeps the trailing spaces: the value as it is output, as
	// concat(), octet_length() and LIKE read it.
	charPadded
	// charTrimmed drops them, as a cast to text does and as ||, length()
	// and the comparison operators of char(n) ignore them.
	charTrimmed
)

// rewriteCharCasts writes each cast to char(n) as the text that its use
// reads, since PostgreSQL keeps a char(n) value padded with spaces but
// ignores them in most operations. A cast that is an output column of the
// statement, an argument of concat(), concat_ws() or octet_length(), or
// the left operand of LIKE is padded. One that is an operand of ||, of a
// comparison with another such cast or a string constant, an argument of
// length(), char_length(), upper() or lower(), or cast to text or varchar
// has its trailing spaces removed. Any other use fails with 0A000, as its value would be
// text on DuckDB and lose char(n)'s semantics.
func rewriteCharCasts(stmt *pg.Node) error {
	nodes := map[*pg.TypeCast]*pg.Node{}
	uses := map[*pg.TypeCast]charUse{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if n, ok := msg.(*pg.Node); ok && isCharCast(n) {
			nodes[n.GetTypeCast()] = n
		}
	})
	if len(nodes) == 0 {
		return nil
	}
	mark := func(n *pg.Node, use charUse) {
		if isCharCast(n) {
			uses[n.GetTypeCast()] = use
		}
	}
	if sel := stmt.GetSelectStmt(); sel != nil && sel.Op == pg.SetOperation_SETOP_NONE {
		for _, target := range sel.TargetList {
			mark(target.GetResTarget().GetVal(), charPadded)
		}
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch x := msg.(type) {
		case *pg.A_Expr:
			markCharOperands(x, mark)
		case *pg.FuncCall:
			markCharArguments(x, mark)
		case *pg.TypeCast:
			if name := lastName(x.TypeName.GetNames()); (name == "text" || name == "varchar") && len(x.TypeName.GetArrayBounds()) == 0 {
				mark(x.Arg, charTrimmed)
			}
		}
	})

	for tc, n := range nodes {
		switch uses[tc] {
		case charPadded:
			n.Node = charText(tc, false).Node
		case charTrimmed:
			n.Node = charText(tc, true).Node
		default:
			return unsupported("a char(n) value in this position", tc.Location,
				"Cast it to text, which drops its trailing spaces as PostgreSQL does, or use it as an output column.")
		}
	}
	return nil
}

func isCharCast(n *pg.Node) bool {
	tc := n.GetTypeCast()
	return tc != nil && lastName(tc.TypeName.GetNames()) == "bpchar" && len(tc.TypeName.GetArrayBounds()) == 0
}

// markCharOperands marks the char(n) operands of ||, LIKE and the
// comparison operators. A string constant or a varchar compared with
// char(n) is compared as char(n) in PostgreSQL, so its trailing spaces
// are removed too.
func markCharOperands(e *pg.A_Expr, mark func(*pg.Node, charUse)) {
	op := lastName(e.Name)
	switch {
	case e.Kind == pg.A_Expr_Kind_AEXPR_LIKE || e.Kind == pg.A_Expr_Kind_AEXPR_ILIKE:
		mark(e.Lexpr, charPadded)
	case e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil:
	case op == "||":
		mark(e.Lexpr, charTrimmed)
		mark(e.Rexpr, charTrimmed)
	case comparisonOperators[op]:
		left, right := isCharCast(e.Lexpr), isCharCast(e.Rexpr)
		switch {
		case left && right:
		case left && castsTo(e.Rexpr, "text"), right && castsTo(e.Lexpr, "text"):
			// char(n) = text compares as text, so only char(n) loses its
			// trailing spaces.
		case left && (e.Rexpr.GetAConst().GetSval() != nil || castsTo(e.Rexpr, "varchar")):
			trimOperand(e.Rexpr, e.Location)
		case right && (e.Lexpr.GetAConst().GetSval() != nil || castsTo(e.Lexpr, "varchar")):
			trimOperand(e.Lexpr, e.Location)
		default:
			// Against a value of another type, PostgreSQL compares as
			// text or as char(n) depending on that type.
			return
		}
		mark(e.Lexpr, charTrimmed)
		mark(e.Rexpr, charTrimmed)
	}
}

// trimOperand wraps n, a string constant or a cast to varchar, in
// rtrim(). A constant itself stays as it is, so that a cached rewrite of
// the same statement with another constant trims that one too.
func trimOperand(n *pg.Node, loc int32) {
	operand := &pg.Node{Node: n.Node}
	n.Node = funcCall("rtrim", loc, operand, pg.MakeAConstStrNode(" ", loc)).Node
}

// castsTo reports whether n is a cast to the type name, not an array.
func castsTo(n *pg.Node, name string) bool {
	tc := n.GetTypeCast()
	return tc != nil && lastName(tc.TypeName.GetNames()) == name && len(tc.TypeName.GetArrayBounds()) == 0
}

func markCharArguments(fc *pg.FuncCall, mark func(*pg.Node, charUse)) {
	switch strings.ToLower(lastName(fc.Funcname)) {
	case "length", "char_length", "character_length", "upper", "lower":
		if len(fc.Args) == 1 {
			mark(fc.Args[0], charTrimmed)
		}
	case "octet_length", "concat", "concat_ws":
		for _, arg := range fc.Args {
			mark(arg, charPadded)
		}
	}
}

// charText writes the cast tc to char(n) as varchar: truncated to n
// characters, as an explicit cast does, and then padded with spaces to n
// or, with trim, without trailing spaces. A cast to bpchar without a
// length neither truncates nor pads.
func charText(tc *pg.TypeCast, trim bool) *pg.Node {
	loc := tc.Location
	text := typeCast(tc.Arg, "varchar", loc)
	length, bounded := typmodInt(tc.TypeName, 0)
	if bounded {
		text = funcCall("left", loc, text, pg.MakeAConstIntNode(length, loc))
	}
	switch {
	case trim:
		return funcCall("rtrim", loc, text, pg.MakeAConstStrNode(" ", loc))
	case bounded:
		return funcCall("rpad", loc, text, pg.MakeAConstIntNode(length, loc), pg.MakeAConstStrNode(" ", loc))
	}
	return text
}
