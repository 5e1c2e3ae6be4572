package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// prefixFunctions are PostgreSQL prefix operators that DuckDB has as
// functions only.
var prefixFunctions = map[string]string{"|/": "sqrt", "||/": "cbrt", "@": "abs"}

// infixFunctions are PostgreSQL infix operators that DuckDB has as
// functions only.
var infixFunctions = map[string]string{"#": "xor"}

// duckDBOperators are the infix operators that DuckDB parses with
// PostgreSQL's meaning, or that rewriteOperator rewrites.
var duckDBOperators = map[string]bool{
	"+": true, "-": true, "*": true, "/": true, "%": true, "^": true, "||": true,
	"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true,
	"~~": true, "!~~": true, "~~*": true, "!~~*": true, "@>": true, "<@": true,
	"&&": true, "->": true, "->>": true, "<<": true, ">>": true, "&": true, "|": true,
	"~": true, "~*": true, "!~": true, "!~*": true, "#>": true, "#>>": true,
}

// duckDBPrefixOperators are the prefix operators among them.
var duckDBPrefixOperators = map[string]bool{"-": true, "+": true, "~": true}

func (d *duckDB) rewriteOperator(n *pg.Node, e *pg.A_Expr) error {
	if typeTIDOperands(n, e); n.GetAExpr() != e {
		return nil
	}
	if rewriteRowComparison(n, e) {
		return nil
	}
	if e.Kind == pg.A_Expr_Kind_AEXPR_BETWEEN_SYM || e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
		return d.rewriteBetweenSymmetric(n, e)
	}
	switch op := lastName(e.Name); {
	case e.Kind == pg.A_Expr_Kind_AEXPR_IN, e.Kind == pg.A_Expr_Kind_AEXPR_BETWEEN, e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		if err := d.typeComparison(e, "="); err != nil {
			return err
		}
	case e.Kind == pg.A_Expr_Kind_AEXPR_OP && comparisonOperators[op]:
		if err := d.typeComparison(e, op); err != nil {
			return err
		}
	}
	if kind, ok := likeOperatorKinds[lastName(e.Name)]; ok && e.Kind == pg.A_Expr_Kind_AEXPR_OP && e.Lexpr != nil {
		// a ~~ b is a LIKE b, whose pattern reads the backslash as its escape.
		e.Kind = kind
	}
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_SIMILAR:
		return rewriteSimilar(n, e)
	case pg.A_Expr_Kind_AEXPR_LIKE:
		rewriteLike(n, e)
		return nil
	case pg.A_Expr_Kind_AEXPR_ILIKE:
		rewriteILike(n, e)
		return nil
	case pg.A_Expr_Kind_AEXPR_OP:
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		if handled, err := d.expandLikeAny(n, e); handled {
			return err
		}
		// DuckDB parses ANY and ALL after comparison operators only.
		if op := lastName(e.Name); !comparisonOperators[op] {
			return unsupportedf(e.Location, "operator %s with ANY or ALL is not supported on this warehouse", op)
		}
		nullArrayIsNull(n, e)
		return nil
	default:
		return nil
	}
	op := lastName(e.Name)
	if schemaOf(e.Name) != "" {
		// OPERATOR(pg_catalog.+) means the built-in operator.
		e.Name = stringNodes(op)
	}
	if handled, err := rewriteJSONBOperator(n, e, op); handled || err != nil {
		return err
	}
	if op == "||" {
		quotientConcatText(e)
	}
	if fn, ok := prefixFunctions[op]; ok && e.Lexpr == nil {
		n.Node = funcCall(fn, e.Location, e.Rexpr).Node
		guardDomain(n, n.GetFuncCall(), fn)
		return nil
	}
	if fn, ok := infixFunctions[op]; ok && e.Lexpr != nil {
		n.Node = funcCall(fn, e.Location, e.Lexpr, e.Rexpr).Node
		return nil
	}
	if !duckDBOperators[op] || (e.Lexpr == nil && !duckDBPrefixOperators[op]) {
		return unsupportedf(e.Location, "operator %s is not supported on this warehouse", op)
	}
	if op == "%" {
		if err := checkFloatModulo(e); err != nil {
			return err
		}
	}
	if strings.Contains("+-*/%", op) {
		if err := d.typeStringOperand(e, op); err != nil {
			return err
		}
		widenIntegerConstant(e)
	}
	if op == "%" && e.Lexpr != nil {
		guardModuloByMinusOne(e.Lexpr, &e.Rexpr, e.Location)
	}
	if handled, err := rewriteIntegerShift(n, e, op); handled || err != nil {
		return err
	}
	if op == "-" && (dateDifference(n, e) || timestampDifference(e) || timeDifference(e)) {
		return nil
	}
	if op == "+" {
		addTimeAsInterval(e)
	}
	if err := checkUntypedOperand(e, op); err != nil {
		return err
	}
	if err := checkArrayOperandTypes(e, op); err != nil {
		return err
	}
	if err := rewriteJSONTypeOperator(e, op); err != nil {
		return err
	}
	if rewriteQuotientArithmetic(n, e, op) || rewriteFloatArithmetic(n, e, op) {
		return nil
	}
	if op == "^" && e.Lexpr != nil {
		// x ^ y of numbers other than numeric is power(), whose range
		// errors guardPowerRange raises, where DuckDB's ^ returns
		// Infinity or 0.
		fc := &pg.FuncCall{Funcname: stringNodes("power"), Args: []*pg.Node{e.Lexpr, e.Rexpr}, Location: e.Location}
		n.Node = &pg.Node_FuncCall{FuncCall: fc}
		guardPowerRange(n, fc)
		return nil
	}
	switch {
	case e.Lexpr == nil:
		// A prefix operator: ~ is bitwise NOT here, not a regular
		// expression match, and DuckDB has it too.
	case comparisonOperators[op] && (showsJSON(e.Lexpr) || showsJSON(e.Rexpr)):
		return rewriteJSONBComparison(e, op)
	case op == "~", op == "~*", op == "!~", op == "!~*":
		n.Node = regexMatch(e, op).Node
	case op == "#>", op == "#>>":
		return rewriteJSONPath(n, e, op)
	case (op == "->" || op == "->>") && rewriteJSONTypeField(n, e, op):
		return nil
	case op == "->", op == "->>":
		rewriteJSONField(n, e, op)
		return nil
	case op == "||" && appendsRow(e.Lexpr, e.Rexpr):
		n.Node = funcCall("list_append", e.Location, e.Lexpr, e.Rexpr).Node
	case op == "||" && appendsRow(e.Rexpr, e.Lexpr):
		n.Node = funcCall("list_prepend", e.Location, e.Lexpr, e.Rexpr).Node
	case op == "||" && arrayAndElement(e.Lexpr, e.Rexpr):
		// anyarray || anyelement appends, where DuckDB's || fails.
		n.Node = funcCall("list_append", e.Location, e.Lexpr, e.Rexpr).Node
	case op == "||" && arrayAndElement(e.Rexpr, e.Lexpr):
		n.Node = funcCall("list_prepend", e.Location, e.Lexpr, e.Rexpr).Node
	case op == "||" && showsArray(e.Lexpr) && untypedNull(e.Rexpr):
		// PostgreSQL reads the NULL as an array of the other operand's
		// type, which counts as an empty one, so the result is the array.
		n.Node = e.Lexpr.Node
	case op == "||" && untypedNull(e.Lexpr) && showsArray(e.Rexpr):
		n.Node = e.Rexpr.Node
	case op == "||" && showsArray(e.Lexpr) && showsArray(e.Rexpr):
		return rewriteArrayConcat(n, e)
	case op == "||" && (showsArray(e.Lexpr) && unseenOperand(e.Rexpr) || unseenOperand(e.Lexpr) && showsArray(e.Rexpr)):
		return rewriteUnseenArrayConcat(n, e)
	case op == "||":
		if err := checkConcatOperands(e); err != nil {
			return err
		}
		e.Lexpr, e.Rexpr = textOperand(e.Lexpr, e.Location), textOperand(e.Rexpr, e.Location)
	case op == "/":
		rewriteDivision(n, e)
		return nil
	case op == "@>" || op == "<@":
		rewriteArrayContainment(n, e, op)
		return nil
	}
	return d.rewriteGISOperator(e, op)
}

// arrayAndElement reports whether array shows that it is an array and
// element that it is a value of another type: a cast to one, or a number
// constant. A NULL or a string constant would be read as an array.
func arrayAndElement(array, element *pg.Node) bool {
	if !showsArray(array) || showsArray(element) {
		return false
	}
	if c := element.GetAConst(); element.GetTypeCast() == nil && (c == nil || c.GetIval() == nil && c.GetFval() == nil) {
		return false
	}
	// The element must be of the array's elements' kind; PostgreSQL
	// rejects integer[] || text, and so does DuckDB's ||.
	have, want := staticType(element), elementClass(array)
	numbers := func(c staticTypeClass) bool { return c == typeInteger || c == typeNumeric || c == typeFloat }
	return have != typeUnknown && (have == want || numbers(have) && numbers(want))
}

// elementClass returns the class of the elements of an array that
// showsArray accepts, as its cast or its first element shows it.
func elementClass(array *pg.Node) staticTypeClass {
	switch v := array.GetNode().(type) {
	case *pg.Node_TypeCast:
		return castClasses[lastName(v.TypeCast.TypeName.GetNames())]
	case *pg.Node_AArrayExpr:
		for _, e := range v.AArrayExpr.Elements {
			if e.GetAConst().GetSval() != nil {
				return typeText
			}
			if c := staticType(e); c != typeUnknown {
				return c
			}
		}
	case *pg.Node_FuncCall:
		if name := strings.ToLower(lastName(v.FuncCall.Funcname)); name == "string_to_array" || name == "regexp_split_to_array" {
			return typeText
		}
	}
	return typeUnknown
}

// showsArray reports whether the expression shows that n is an array:
// an ARRAY constructor or subquery, a cast to an array type, or a
// function that returns an array.
func showsArray(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_AArrayExpr:
		return true
	case *pg.Node_SubLink:
		return v.SubLink.SubLinkType == pg.SubLinkType_ARRAY_SUBLINK
	case *pg.Node_TypeCast:
		return len(v.TypeCast.TypeName.GetArrayBounds()) > 0
	case *pg.Node_FuncCall:
		return arrayFunctions[strings.ToLower(lastName(v.FuncCall.Funcname))]
	}
	return false
}

// rewriteSimilar turns SIMILAR TO with a constant pattern into a full
// regular expression match. DuckDB's own SIMILAR TO treats the pattern as
// a regular expression, where _ and % are not wildcards.
func rewriteSimilar(n *pg.Node, e *pg.A_Expr) error {
	// The parser wraps the pattern in similar_to_escape(pattern [, escape]).
	escape := e.Rexpr.GetFuncCall()
	if escape == nil || len(escape.Args) != 1 {
		return unsupportedf(e.Location, "SIMILAR TO with an ESCAPE clause is not supported")
	}
	pattern := escape.Args[0].GetAConst().GetSval()
	if pattern == nil {
		return unsupportedf(e.Location, "SIMILAR TO with a pattern that is not a constant is not supported")
	}
	regex, ok := similarToRegex(pattern.Sval)
	if !ok {
		return unsupportedf(e.Location, "SIMILAR TO pattern %q is not supported", pattern.Sval)
	}
	// PostgreSQL reads the converted pattern as a regular expression
	// anchored at both ends, whose . matches a newline too.
	match := funcCall("pgway_regex_test", e.Location, e.Lexpr,
		pg.MakeAConstStrNode("^(?:"+regex+")$", e.Location), pg.MakeAConstStrNode("", e.Location))
	if lastName(e.Name) == "!~" {
		match = pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{match}, e.Location)
	}
	n.Node = match.Node
	return nil
}

// similarToRegex converts a SIMILAR TO pattern to an RE2 expression: _ and
// % become . and .*, and the characters that are special only in regular
// expressions are escaped. A pattern with an escape character is rejected.
func similarToRegex(pattern string) (string, bool) {
	var b strings.Builder
	inBracket := false
	for _, r := range pattern {
		switch {
		case r == '\\':
			return "", false
		case inBracket:
			inBracket = r != ']'
			b.WriteRune(r)
		case r == '[':
			inBracket = true
			b.WriteRune(r)
		case r == '_':
			b.WriteByte('.')
		case r == '%':
			b.WriteString(".*")
		case r == '.' || r == '^' || r == '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), true
}

// NOTE: PostgreSQL reads a numeric path element as an array index on
// arrays and as a key on objects. The JSONPath always reads it as an index.
func isArrayIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// likeFunctions are DuckDB's functions for LIKE and ILIKE with an escape
// character, by PostgreSQL's operator name.
var likeFunctions = map[string]string{
	"~~": "like_escape", "!~~": "not_like_escape", "~~*": "ilike_escape", "!~~*": "not_ilike_escape",
}

// rewriteLike gives LIKE and ILIKE PostgreSQL's escape character, the
// backslash unless ESCAPE names another. DuckDB's LIKE has none, so a
// pattern that may contain a backslash becomes a call of like_escape() or
// one of its variants. A constant pattern without a backslash keeps the
// operator, which DuckDB optimizes. The shape cache keeps a string with
// a backslash in its key, so the two forms never share a rewrite.
func rewriteLike(n *pg.Node, e *pg.A_Expr) {
	fn, ok := likeFunctions[lastName(e.Name)]
	if !ok {
		return
	}
	pattern, escape := e.Rexpr, pg.MakeAConstStrNode(`\`, e.Location)
	if fc := pattern.GetFuncCall(); fc != nil && lastName(fc.Funcname) == "like_escape" && len(fc.Args) == 2 {
		pattern, escape = fc.Args[0], fc.Args[1]
	} else if c := pattern.GetAConst(); c != nil && c.GetSval() != nil && !strings.Contains(c.GetSval().Sval, `\`) {
		return
	}
	n.Node = funcCall(fn, e.Location, e.Lexpr, pattern, escape).Node
}

// rewriteILike gives ILIKE the C locale's case folding, which PostgreSQL
// applies under the C locale that lc_ctype reports: ASCII letters only,
// where DuckDB's ILIKE folds Ñ to ñ too. x ILIKE p becomes
// pgway_lower(x) LIKE pgway_lower(p), and where both operands are
// cheap to repeat, ASCII text keeps DuckDB's ILIKE, which folds it alike:
//
//	CASE WHEN strlen(x) = length(x) AND strlen(p) = length(p)
//	THEN x ILIKE p ELSE pgway_lower(x) LIKE pgway_lower(p) END
func rewriteILike(n *pg.Node, e *pg.A_Expr) {
	pattern := e.Rexpr
	escaped := pattern.GetFuncCall()
	if escaped != nil && (lastName(escaped.Funcname) != "like_escape" || len(escaped.Args) != 2) {
		escaped = nil
	}
	if escaped != nil {
		pattern = escaped.Args[0]
	}

	op := "~~"
	if lastName(e.Name) == "!~~*" {
		op = "!~~"
	}
	lower := func(x *pg.Node) *pg.Node { return funcCall("pgway_lower", e.Location, proto.Clone(x).(*pg.Node)) }
	folded := &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_LIKE, Name: stringNodes(op), Lexpr: lower(e.Lexpr),
		Rexpr: lower(pattern), Location: e.Location}
	if escaped != nil {
		folded.Rexpr = funcCall("like_escape", e.Location, lower(pattern), escaped.Args[1])
	}
	slow := &pg.Node{Node: &pg.Node_AExpr{AExpr: folded}}
	rewriteLike(slow, folded)
	if !isRepeatable(e.Lexpr) || !isRepeatable(pattern) {
		n.Node = slow.Node
		return
	}

	both := pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR,
		[]*pg.Node{asciiTest(e.Lexpr, e.Location), asciiTest(pattern, e.Location)}, e.Location)
	fast := &pg.Node{Node: &pg.Node_AExpr{AExpr: e}}
	rewriteLike(fast, e)
	n.Node = searchedCase(e.Location, slow, both, fast).Node
}

// rewriteBetweenSymmetric rewrites BETWEEN SYMMETRIC, which DuckDB cannot
// parse, as PostgreSQL's parser expands it. x BETWEEN SYMMETRIC a AND b
// becomes x BETWEEN a AND b OR x BETWEEN b AND a. The NOT form becomes
// x NOT BETWEEN a AND b AND x NOT BETWEEN b AND a.
func (d *duckDB) rewriteBetweenSymmetric(n *pg.Node, e *pg.A_Expr) error {
	bounds := e.Rexpr.GetList().GetItems()
	if len(bounds) != 2 {
		return nil
	}
	kind, join := pg.A_Expr_Kind_AEXPR_BETWEEN, pg.BoolExprType_OR_EXPR
	if e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
		kind, join = pg.A_Expr_Kind_AEXPR_NOT_BETWEEN, pg.BoolExprType_AND_EXPR
	}
	var branches []*pg.Node
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		low, high := proto.Clone(bounds[order[0]]).(*pg.Node), proto.Clone(bounds[order[1]]).(*pg.Node)
		branch := &pg.A_Expr{Kind: kind, Name: stringNodes(strings.TrimSuffix(lastName(e.Name), " SYMMETRIC")),
			Lexpr: proto.Clone(e.Lexpr).(*pg.Node), Location: e.Location,
			Rexpr: &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: []*pg.Node{low, high}}}}}
		node := &pg.Node{Node: &pg.Node_AExpr{AExpr: branch}}
		if err := d.rewriteOperator(node, branch); err != nil {
			return err
		}
		branches = append(branches, node)
	}
	n.Node = pg.MakeBoolExprNode(join, branches, e.Location).Node
	return nil
}

// nullArrayIsNull makes x op ANY (a) and x op ALL (a) NULL where the
// array a is NULL, as in PostgreSQL, where DuckDB returns false for ANY
// and true for ALL:
//
//	CASE WHEN a IS NOT NULL THEN x op ANY (a) END
//
// An ARRAY[...] constructor is never NULL and stays as it is.
func nullArrayIsNull(n *pg.Node, e *pg.A_Expr) {
	array := e.Rexpr
	if array.GetAArrayExpr() != nil || array.GetTypeCast().GetArg().GetAArrayExpr() != nil {
		return
	}
	if c := array.GetAConst(); c != nil && !c.Isnull {
		return
	}
	if c := array.GetTypeCast().GetArg().GetAConst(); c != nil && !c.Isnull {
		return
	}
	compared := &pg.Node{Node: n.Node}
	n.Node = searchedCase(e.Location, nil, isNotNull(proto.Clone(array).(*pg.Node), e.Location), compared).Node
}

// likeOperatorKinds are the operators of LIKE, NOT LIKE, ILIKE and NOT
// ILIKE, which the parser writes for those keywords and which clients
// may also write themselves.
var likeOperatorKinds = map[string]pg.A_Expr_Kind{
	"~~": pg.A_Expr_Kind_AEXPR_LIKE, "!~~": pg.A_Expr_Kind_AEXPR_LIKE,
	"~~*": pg.A_Expr_Kind_AEXPR_ILIKE, "!~~*": pg.A_Expr_Kind_AEXPR_ILIKE,
}
