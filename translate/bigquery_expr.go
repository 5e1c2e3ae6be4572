package translate

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// expr writes an expression. Every node type that it does not list fails
// with 0A000.
func (w *bqWriter) expr(n *pg.Node) {
	if w.err != nil || n == nil {
		return
	}
	switch v := n.Node.(type) {
	case *pg.Node_ColumnRef:
		w.columnRef(v.ColumnRef)
	case *pg.Node_AConst:
		w.constant(v.AConst)
	case *pg.Node_ParamRef:
		w.write(fmt.Sprintf("@p%d", v.ParamRef.Number))
	case *pg.Node_TypeCast:
		w.cast(v.TypeCast)
	case *pg.Node_AExpr:
		w.operator(v.AExpr)
	case *pg.Node_BoolExpr:
		w.boolExpr(v.BoolExpr)
	case *pg.Node_FuncCall:
		w.function(v.FuncCall)
	case *pg.Node_CaseExpr:
		w.caseExpr(v.CaseExpr)
	case *pg.Node_CoalesceExpr:
		w.guardTimeTextSiblings(v.CoalesceExpr.Args, v.CoalesceExpr.Location)
		w.write("COALESCE(")
		w.list(v.CoalesceExpr.Args, w.expr)
		w.write(")")
	case *pg.Node_MinMaxExpr:
		w.minMax(v.MinMaxExpr)
	case *pg.Node_NullTest:
		w.nullTest(v.NullTest)
	case *pg.Node_BooleanTest:
		w.booleanTest(v.BooleanTest)
	case *pg.Node_SubLink:
		w.subLink(v.SubLink)
	case *pg.Node_AArrayExpr:
		w.arrayExpr(v.AArrayExpr, "")
	case *pg.Node_AIndirection:
		w.indirection(v.AIndirection)
	case *pg.Node_GroupingFunc:
		if len(v.GroupingFunc.Args) != 1 {
			w.failf(v.GroupingFunc.Location, "GROUPING() with more than one argument is not supported on BigQuery")
			return
		}
		w.write("GROUPING(")
		w.expr(v.GroupingFunc.Args[0])
		w.write(")")
	default:
		w.failf(exprLocation(n), "%s is not supported on BigQuery", bqDescribeNode(n))
	}
}

// bqDescribeNode names an expression that the dialect does not translate.
func bqDescribeNode(n *pg.Node) string {
	switch v := n.Node.(type) {
	case *pg.Node_RowExpr:
		return "a row constructor"
	case *pg.Node_CollateClause:
		return "COLLATE"
	case *pg.Node_SqlvalueFunction:
		return valueFunctionName(v.SqlvalueFunction.Op)
	case *pg.Node_SetToDefault:
		return "DEFAULT"
	}
	return "expression " + bqNodeName(n)
}

// operand writes an expression as the operand of an operator, in
// parentheses unless it binds tighter than every operator.
func (w *bqWriter) operand(n *pg.Node) {
	switch v := n.Node.(type) {
	case *pg.Node_AExpr, *pg.Node_BoolExpr, *pg.Node_NullTest, *pg.Node_BooleanTest:
		w.write("(")
		w.expr(n)
		w.write(")")
		return
	case *pg.Node_AConst:
		if bqIsNegativeConstant(v.AConst) {
			w.write("(")
			w.expr(n)
			w.write(")")
			return
		}
	case *pg.Node_SubLink:
		if v.SubLink.SubLinkType != pg.SubLinkType_EXPR_SUBLINK && v.SubLink.SubLinkType != pg.SubLinkType_ARRAY_SUBLINK {
			w.write("(")
			w.expr(n)
			w.write(")")
			return
		}
	}
	w.expr(n)
}

// columnRef writes a column reference. A schema-qualified reference such
// as public.cities.id keeps the table and column, because BigQuery names
// a table in FROM after its last part.
func (w *bqWriter) columnRef(c *pg.ColumnRef) {
	fields := c.Fields
	if last := fields[len(fields)-1].GetString_(); last != nil && last.Sval == "ctid" {
		// A value made up from the row, such as its number in a scan,
		// would not find the same row again, so clients that keep ctid as
		// a feature id, as QGIS does, would show or edit the wrong rows.
		w.unsupportedOn("system column ctid", c.Location,
			"BigQuery has no row address. QGIS and other clients identify rows by the table's primary key "+
				"instead when the table declares one: declare a PRIMARY KEY NOT ENFORCED on the BigQuery "+
				"table, whose values must be unique since BigQuery does not enforce it.")
		return
	}
	if len(fields) > 2 {
		fields = fields[len(fields)-2:]
	}
	for i, f := range fields {
		if i > 0 {
			w.write(".")
		}
		if f.GetAStar() != nil {
			w.write("*")
			continue
		}
		w.write(bqQuoteIdent(f.GetString_().GetSval()))
	}
}

func (w *bqWriter) constant(c *pg.A_Const) {
	switch {
	case c.Isnull:
		w.write("NULL")
	case c.GetIval() != nil:
		w.write(strconv.Itoa(int(c.GetIval().Ival)))
	case c.GetFval() != nil:
		w.numericLiteral(c.GetFval().Fval, c.Location)
	case c.GetSval() != nil:
		w.write(quoteEscapedString(c.GetSval().Sval))
	case c.GetBoolval() != nil:
		if c.GetBoolval().Boolval {
			w.write("TRUE")
		} else {
			w.write("FALSE")
		}
	default:
		w.failf(c.Location, "bit string constants are not supported on BigQuery")
	}
}

// numericLiteral writes a number that PostgreSQL reads as bigint or
// numeric: an INT64 literal when it fits, else a NUMERIC or BIGNUMERIC
// literal, because a BigQuery literal with a point is FLOAT64.
func (w *bqWriter) numericLiteral(text string, location int32) {
	if _, err := strconv.ParseInt(text, 10, 64); err == nil {
		w.write(text)
		return
	}
	typ, plain, ok := bqNumericLiteralType(text)
	if !ok {
		w.failf(location, "numeric constant %s does not fit BigQuery's BIGNUMERIC", text)
		return
	}
	w.write(typ, " ", quoteEscapedString(plain))
}

// bqNumericLiteralType returns the BigQuery type that holds the decimal
// text exactly and the text without an exponent.
func bqNumericLiteralType(text string) (typ, plain string, ok bool) {
	plain = text
	if strings.ContainsAny(text, "eE") {
		r, valid := new(big.Rat).SetString(text)
		if !valid {
			return "", "", false
		}
		scale := 0
		for x, ten := new(big.Rat).Set(r), big.NewRat(10, 1); !x.IsInt(); scale++ {
			if scale > 38 {
				return "", "", false
			}
			x.Mul(x, ten)
		}
		plain = r.FloatString(scale)
	}
	whole, fraction, _ := strings.Cut(strings.TrimLeft(plain, "-+"), ".")
	whole = strings.TrimLeft(whole, "0")
	switch {
	case len(fraction) <= 9 && len(whole) <= 29:
		return "NUMERIC", plain, true
	case len(fraction) <= 38 && len(whole) <= 38:
		return "BIGNUMERIC", plain, true
	}
	return "", "", false
}

func (w *bqWriter) boolExpr(b *pg.BoolExpr) {
	if b.Boolop == pg.BoolExprType_NOT_EXPR {
		w.write("NOT ")
		w.operand(b.Args[0])
		return
	}
	op := " AND "
	if b.Boolop == pg.BoolExprType_OR_EXPR {
		op = " OR "
	}
	for i, a := range b.Args {
		if i > 0 {
			w.write(op)
		}
		w.operand(a)
	}
}

func (w *bqWriter) caseExpr(c *pg.CaseExpr) {
	results := []*pg.Node{c.Defresult}
	comparands := []*pg.Node{c.Arg}
	for _, n := range c.Args {
		results = append(results, n.GetCaseWhen().Result)
		comparands = append(comparands, n.GetCaseWhen().Expr)
	}
	w.guardTimeTextSiblings(results, c.Location)
	if c.Arg != nil {
		w.guardTimeTextSiblings(comparands, c.Location)
	}
	w.write("CASE")
	if c.Arg != nil {
		w.write(" ")
		w.expr(c.Arg)
	}
	for _, n := range c.Args {
		when := n.GetCaseWhen()
		w.write(" WHEN ")
		w.expr(when.Expr)
		w.write(" THEN ")
		w.expr(when.Result)
	}
	if c.Defresult != nil {
		w.write(" ELSE ")
		w.expr(c.Defresult)
	}
	w.write(" END")
}

// minMax writes GREATEST and LEAST, which skip NULL arguments in
// PostgreSQL and return NULL for them in BigQuery, as MAX or MIN over the
// arguments.
func (w *bqWriter) minMax(m *pg.MinMaxExpr) {
	w.guardTimeTextSiblings(m.Args, m.Location)
	agg := "MIN"
	if m.Op == pg.MinMaxOp_IS_GREATEST {
		agg = "MAX"
	}
	w.write("(SELECT ", agg, "(_pgway_value) FROM UNNEST([")
	w.list(m.Args, w.expr)
	w.write("]) AS _pgway_value)")
}

func (w *bqWriter) nullTest(t *pg.NullTest) {
	if t.Arg.GetRowExpr() != nil {
		w.failf(t.Location, "IS NULL on a row is not supported on BigQuery")
		return
	}
	w.operand(t.Arg)
	if t.Nulltesttype == pg.NullTestType_IS_NOT_NULL {
		w.write(" IS NOT NULL")
	} else {
		w.write(" IS NULL")
	}
}

func (w *bqWriter) booleanTest(t *pg.BooleanTest) {
	w.operand(t.Arg)
	w.write(map[pg.BoolTestType]string{
		pg.BoolTestType_IS_TRUE: " IS TRUE", pg.BoolTestType_IS_NOT_TRUE: " IS NOT TRUE",
		pg.BoolTestType_IS_FALSE: " IS FALSE", pg.BoolTestType_IS_NOT_FALSE: " IS NOT FALSE",
		pg.BoolTestType_IS_UNKNOWN: " IS NULL", pg.BoolTestType_IS_NOT_UNKNOWN: " IS NOT NULL",
	}[t.Booltesttype])
}

func (w *bqWriter) subLink(s *pg.SubLink) {
	sel := s.Subselect.GetSelectStmt()
	switch s.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK:
		w.write("EXISTS (")
	case pg.SubLinkType_EXPR_SUBLINK:
		w.write("(")
	case pg.SubLinkType_ARRAY_SUBLINK:
		w.write("ARRAY(")
	case pg.SubLinkType_ANY_SUBLINK:
		if len(s.OperName) > 0 && lastName(s.OperName) != "=" {
			w.failf(s.Location, "%s ANY (subquery) is not supported on BigQuery", lastName(s.OperName))
			return
		}
		w.operand(s.Testexpr)
		w.write(" IN (")
	case pg.SubLinkType_ALL_SUBLINK:
		if lastName(s.OperName) != "<>" {
			w.failf(s.Location, "%s ALL (subquery) is not supported on BigQuery", lastName(s.OperName))
			return
		}
		w.operand(s.Testexpr)
		w.write(" NOT IN (")
	default:
		w.failf(s.Location, "this kind of subquery is not supported on BigQuery")
		return
	}
	w.query(sel, false)
	w.write(")")
}

// arrayExpr writes ARRAY[...] as an array literal, typed when elemType is
// set.
func (w *bqWriter) arrayExpr(a *pg.A_ArrayExpr, elemType string) {
	for _, el := range a.Elements {
		if el.GetAArrayExpr() != nil {
			w.failf(a.Location, "multidimensional arrays are not supported on BigQuery")
			return
		}
	}
	if elemType != "" {
		w.write("ARRAY<", elemType, ">")
	} else if len(a.Elements) == 0 {
		w.failf(a.Location, "an empty ARRAY[] without a type is not supported")
		return
	}
	w.write("[")
	w.list(a.Elements, w.expr)
	w.write("]")
}

// indirection writes a subscript: arr[i] is 1-based and NULL out of
// range in PostgreSQL, as arr[SAFE_ORDINAL(i)] is in BigQuery.
func (w *bqWriter) indirection(ind *pg.A_Indirection) {
	w.operand(ind.Arg)
	for _, n := range ind.Indirection {
		idx := n.GetAIndices()
		if idx == nil || idx.IsSlice {
			w.failf(exprLocation(ind.Arg), "field selection and array slices are not supported on BigQuery")
			return
		}
		w.write("[SAFE_ORDINAL(")
		w.expr(idx.Uidx)
		w.write(")]")
	}
}

func bqIsNegativeConstant(c *pg.A_Const) bool {
	return c.GetIval() != nil && c.GetIval().Ival < 0 || c.GetFval() != nil && strings.HasPrefix(c.GetFval().Fval, "-")
}
