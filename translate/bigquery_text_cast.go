package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// bqTimestampText matches BigQuery's text of a TIMESTAMP, which CAST
// writes in UTC with the offset +00. bigquery-emulator writes it with a T
// and Z instead.
const bqTimestampText = `^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(\+00|Z)$`

// textOfUnknownType writes a cast to text of a value whose type the
// expression does not show. PostgreSQL writes a timestamptz in the
// session's TimeZone, such as 2024-01-01 11:00:00+01 for 10:00 UTC in
// Europe/Paris, where BigQuery's CAST writes a TIMESTAMP in UTC. A value
// whose text looks like a TIMESTAMP's, and whose TO_JSON_STRING differs
// from that of its text, is a TIMESTAMP: a STRING's two JSON texts are
// equal. It is written as its DATETIME in the session's zone, cast to
// STRING as the dialect casts a timestamp to text, and the zone's offset,
// with minutes only where they are not zero. A volatile value is
// evaluated once, in a subquery.
// NOTE: bigquery-emulator writes a DATETIME's text with a T and no %z
// offset, so only the translation is tested. An offset with seconds, such
// as a zone's local mean time before 1900, loses its seconds.
func (w *bqWriter) textOfUnknownType(x *pg.Node) {
	value := func() { w.expr(x) }
	if bqContainsVolatile(x) {
		value = func() { w.write("_pgway_value") }
		w.write("(SELECT ")
		defer func() {
			w.write(" FROM UNNEST([")
			w.expr(x)
			w.write("]) AS _pgway_value)")
		}()
	}
	text := func() {
		w.write("CAST(")
		value()
		w.write(" AS STRING)")
	}
	timestamp := func() {
		w.write("TIMESTAMP(")
		text()
		w.write(")")
	}

	w.write("IF(REGEXP_CONTAINS(")
	text()
	w.write(", ", quoteEscapedString(bqTimestampText), ") AND TO_JSON_STRING(")
	value()
	w.write(") != TO_JSON_STRING(")
	text()
	w.write("), CONCAT(CAST(DATETIME(")
	timestamp()
	w.write(", ")
	w.zone()
	// %z writes the offset as +0530 or +0100, which PostgreSQL writes as
	// +05:30 and +01.
	w.write(") AS STRING), REGEXP_REPLACE(REGEXP_REPLACE(FORMAT_TIMESTAMP('%z', ")
	timestamp()
	w.write(", ")
	w.zone()
	w.write("), '00$', ''), ", quoteEscapedString(`^([+-]\d\d)(\d\d)$`), ", ", quoteEscapedString(`\1:\2`), ")), ")
	text()
	w.write(")")
}

// textOfUnknownTypeNeeded reports whether a cast of x to text needs
// textOfUnknownType: the expression does not show x's type, and x may be
// a TIMESTAMP.
func textOfUnknownTypeNeeded(x *pg.Node) bool {
	return bqStaticType(x) == "" && bqMayBeTimestamp(x)
}

// bqValueFunctions return one of their arguments, or a value of the type
// of their first argument.
var bqValueFunctions = map[string]bool{
	"min": true, "max": true, "first_value": true, "last_value": true, "nth_value": true,
	"lag": true, "lead": true, "coalesce": true, "greatest": true, "least": true, "nullif": true,
}

// bqMayBeTimestamp reports whether n may be a TIMESTAMP: it is a
// timestamptz, or its type is unknown and it is a column, a subquery, or
// an expression that returns one of its operands. Constants, parameters,
// casts to other types and the other functions have other types.
func bqMayBeTimestamp(n *pg.Node) bool {
	if typ := bqStaticType(n); typ != "" {
		return typ == "timestamptz"
	}
	switch v := n.GetNode().(type) {
	case *pg.Node_AConst, *pg.Node_ParamRef, *pg.Node_TypeCast:
		return false
	case *pg.Node_FuncCall:
		return bqValueFunctions[strings.ToLower(lastName(v.FuncCall.Funcname))] && bqAnyMayBeTimestamp(v.FuncCall.Args)
	case *pg.Node_CoalesceExpr:
		return bqAnyMayBeTimestamp(v.CoalesceExpr.Args)
	case *pg.Node_MinMaxExpr:
		return bqAnyMayBeTimestamp(v.MinMaxExpr.Args)
	case *pg.Node_CaseExpr:
		results := []*pg.Node{v.CaseExpr.Defresult}
		for _, when := range v.CaseExpr.Args {
			results = append(results, when.GetCaseWhen().GetResult())
		}
		return bqAnyMayBeTimestamp(results)
	case *pg.Node_AExpr:
		switch v.AExpr.Kind {
		case pg.A_Expr_Kind_AEXPR_NULLIF:
			return bqMayBeTimestamp(v.AExpr.Lexpr)
		case pg.A_Expr_Kind_AEXPR_OP:
			op := lastName(v.AExpr.Name)
			return (op == "+" || op == "-") && bqAnyMayBeTimestamp([]*pg.Node{v.AExpr.Lexpr, v.AExpr.Rexpr})
		}
		return false
	case nil:
		return false
	}
	return true
}

func bqAnyMayBeTimestamp(nodes []*pg.Node) bool {
	for _, n := range nodes {
		if n != nil && bqMayBeTimestamp(n) {
			return true
		}
	}
	return false
}
