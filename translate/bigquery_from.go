package translate

import (
	"encoding/hex"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func (w *bqWriter) fromItem(n *pg.Node) {
	switch v := n.Node.(type) {
	case *pg.Node_RangeVar:
		w.relation(v.RangeVar)
	case *pg.Node_JoinExpr:
		w.join(v.JoinExpr)
	case *pg.Node_RangeSubselect:
		w.subquery(v.RangeSubselect)
	case *pg.Node_RangeFunction:
		w.tableFunction(v.RangeFunction)
	default:
		w.failf(exprLocation(n), "%s in FROM is not supported on BigQuery", bqNodeName(n))
	}
}

// relation writes a table name: unqualified for the schema public, which
// is the connection's default dataset, dataset.table for another schema
// and project.dataset.table for catalog.schema.table.
func (w *bqWriter) relation(rv *pg.RangeVar) {
	var parts []string
	switch {
	case rv.Catalogname != "":
		parts = []string{rv.Catalogname, rv.Schemaname}
	case rv.Schemaname != "" && rv.Schemaname != "public" && w.d.opts.Project != "":
		parts = []string{w.d.opts.Project, rv.Schemaname}
	case rv.Schemaname != "" && rv.Schemaname != "public":
		parts = []string{rv.Schemaname}
	}
	for _, p := range parts {
		w.write(bqQuoteIdent(p), ".")
	}
	w.write(bqQuoteIdent(rv.Relname))
	w.alias(rv.Alias, rv.Location)
}

func (w *bqWriter) alias(a *pg.Alias, location int32) {
	if a == nil {
		return
	}
	if len(a.Colnames) > 0 {
		w.failf(location, "column aliases on table %s are not supported on BigQuery", a.Aliasname)
	}
	w.write(" AS ", bqQuoteIdent(a.Aliasname))
}

func (w *bqWriter) join(j *pg.JoinExpr) {
	switch {
	case j.IsNatural:
		w.failf(-1, "NATURAL JOIN is not supported on BigQuery")
		return
	case j.Alias != nil || j.JoinUsingAlias != nil:
		w.failf(-1, "an alias on a JOIN is not supported on BigQuery")
		return
	}
	w.joinOperand(j.Larg)
	kind := map[pg.JoinType]string{
		pg.JoinType_JOIN_INNER: " JOIN ", pg.JoinType_JOIN_LEFT: " LEFT JOIN ",
		pg.JoinType_JOIN_FULL: " FULL JOIN ", pg.JoinType_JOIN_RIGHT: " RIGHT JOIN ",
	}[j.Jointype]
	if kind == "" {
		w.failf(-1, "this join type is not supported on BigQuery")
		return
	}
	if j.Quals == nil && len(j.UsingClause) == 0 {
		kind = " CROSS JOIN "
	}
	w.write(kind)
	w.joinOperand(j.Rarg)
	switch {
	case j.Quals != nil:
		w.write(" ON ")
		w.expr(j.Quals)
	case len(j.UsingClause) > 0:
		w.write(" USING (")
		w.list(j.UsingClause, func(n *pg.Node) { w.write(bqQuoteIdent(n.GetString_().GetSval())) })
		w.write(")")
	}
}

func (w *bqWriter) joinOperand(n *pg.Node) {
	if n.GetJoinExpr() != nil {
		w.write("(")
		w.fromItem(n)
		w.write(")")
		return
	}
	w.fromItem(n)
}

// subquery writes a derived table. Column aliases rename the columns of
// a VALUES list or of a plain SELECT; BigQuery has no column aliases.
func (w *bqWriter) subquery(rs *pg.RangeSubselect) {
	if rs.Lateral {
		w.failf(-1, "LATERAL subqueries are not supported on BigQuery")
		return
	}
	sel := rs.Subquery.GetSelectStmt()
	if rs.Alias == nil {
		w.failf(-1, "a subquery in FROM without an alias is not supported")
		return
	}
	w.write("(")
	switch {
	case len(sel.ValuesLists) > 0:
		w.values(sel, rs.Alias.Colnames)
	case len(rs.Alias.Colnames) > 0:
		if !bqRenameTargets(sel, rs.Alias.Colnames) {
			w.failf(-1, "column aliases on subquery %s are not supported on BigQuery", rs.Alias.Aliasname)
			return
		}
		w.query(sel, false)
	default:
		w.query(sel, false)
	}
	w.write(") AS ", bqQuoteIdent(rs.Alias.Aliasname))
}

// bqRenameTargets names the first columns of a plain SELECT after names,
// and reports false when it cannot.
func bqRenameTargets(sel *pg.SelectStmt, names []*pg.Node) bool {
	if sel.Larg != nil || len(names) > len(sel.TargetList) {
		return false
	}
	for i, n := range names {
		rt := sel.TargetList[i].GetResTarget()
		if isStar(rt.Val) {
			return false
		}
		rt.Name = n.GetString_().GetSval()
	}
	return true
}

// tableFunction writes generate_series(start, stop [, step]) of numbers
// as GENERATE_ARRAY, which yields the same numbers, and unnest(array) as
// UNNEST. PostgreSQL names the column after the alias, or after the
// function when there is none.
// NOTE: with one name for the table and its column, t.t fails on
// BigQuery, where t is the element itself.
func (w *bqWriter) tableFunction(rf *pg.RangeFunction) {
	switch {
	case rf.Lateral:
		w.failf(-1, "LATERAL functions are not supported on BigQuery")
		return
	case rf.Ordinality:
		w.failf(-1, "WITH ORDINALITY is not supported on BigQuery")
		return
	case rf.IsRowsfrom || len(rf.Functions) != 1 || len(rf.Coldeflist) > 0:
		w.failf(-1, "ROWS FROM and column definition lists are not supported on BigQuery")
		return
	}
	fc := rf.Functions[0].GetList().GetItems()[0].GetFuncCall()
	if fc == nil {
		w.failf(-1, "this function in FROM is not supported on BigQuery")
		return
	}
	name := strings.ToLower(lastName(fc.Funcname))
	table, column := name, name
	if rf.Alias != nil {
		table, column = rf.Alias.Aliasname, rf.Alias.Aliasname
		if len(rf.Alias.Colnames) > 0 {
			column = rf.Alias.Colnames[0].GetString_().GetSval()
		}
		if len(rf.Alias.Colnames) > 1 {
			w.failf(fc.Location, "more than one column alias for %s() is not supported", name)
			return
		}
	}
	switch {
	case name == "generate_series" && !bqNumericArgs(fc.Args):
		w.unsupportedOn("generate_series() of timestamps", fc.Location, "BigQuery's GENERATE_ARRAY steps through numbers only.")
	case name == "generate_series" && (len(fc.Args) == 2 || len(fc.Args) == 3) && table == column:
		// The alias of UNNEST names the element, so g of generate_series(...) g
		// is the value, as in PostgreSQL. A subquery's alias would name its
		// row, a STRUCT.
		w.write("UNNEST(GENERATE_ARRAY(")
		w.list(fc.Args, w.expr)
		w.write(")) AS ", bqQuoteIdent(column))
	case name == "generate_series" && (len(fc.Args) == 2 || len(fc.Args) == 3):
		w.write("(SELECT _pgway_value AS ", bqQuoteIdent(column), " FROM UNNEST(GENERATE_ARRAY(")
		w.list(fc.Args, w.expr)
		w.write(")) AS _pgway_value) AS ", bqQuoteIdent(table))
	case name == "unnest" && len(fc.Args) == 1 && table == column:
		// UNNEST in FROM may refer to the tables before it, as
		// PostgreSQL's functions in FROM may.
		w.write("UNNEST(")
		w.expr(fc.Args[0])
		w.write(") AS ", bqQuoteIdent(column))
	default:
		w.failf(fc.Location, "function %s() in FROM is not supported on BigQuery", name)
	}
}

// bigQueryColumnPrefix starts the alias of a result column whose
// PostgreSQL name BigQuery rejects.
const bigQueryColumnPrefix = "_pgway_col"

// encodeBigQueryColumnName returns the alias of the position-th result
// column, whose PostgreSQL name is name: the prefix, the position, and
// the name in hexadecimal, such as _pgway_col1_3f636f6c756d6e3f for the
// first column named ?column?.
func encodeBigQueryColumnName(position int, name string) string {
	return bigQueryColumnPrefix + strconv.Itoa(position) + "_" + hex.EncodeToString([]byte(name))
}

// DecodeBigQueryColumnName returns the PostgreSQL name of a result
// column of a statement that the BigQuery dialect rewrote: the name
// itself, or the name that encodeBigQueryColumnName encoded in it.
func DecodeBigQueryColumnName(name string) string {
	rest, ok := strings.CutPrefix(name, bigQueryColumnPrefix)
	if !ok {
		return name
	}
	_, encoded, ok := strings.Cut(rest, "_")
	if !ok {
		return name
	}
	decoded, err := hex.DecodeString(encoded)
	if err != nil {
		return name
	}
	return string(decoded)
}

// bigQueryColumnNameValid reports whether BigQuery accepts name as the
// name of a result column: letters, digits and underscores, not starting
// with a digit or with a prefix that BigQuery reserves, at most 300
// characters, and not the prefix of encoded names.
func bigQueryColumnNameValid(name string) bool {
	if !bqPlainIdent(name) || len(name) > 300 {
		return false
	}
	lower := strings.ToLower(name)
	for _, reserved := range []string{"_table_", "_file_", "_partition", "_row_timestamp", "__root__", "_colidentifier", bigQueryColumnPrefix} {
		if strings.HasPrefix(lower, reserved) {
			return false
		}
	}
	return true
}

// bigQueryFold returns the form of a column name that BigQuery compares:
// column names do not depend on case.
func bigQueryFold(name string) string {
	return strings.ToLower(name)
}

// bqNodeName returns the parse node type of n, such as RowExpr, for error
// messages.
func bqNodeName(n *pg.Node) string {
	m := n.ProtoReflect()
	if oneof := m.WhichOneof(m.Descriptor().Oneofs().Get(0)); oneof != nil {
		return string(oneof.Message().Name())
	}
	return "empty expression"
}

// bqNumericArgs reports whether no argument is evidently other than a
// number.
func bqNumericArgs(args []*pg.Node) bool {
	for _, a := range args {
		if t := bqStaticType(a); t != "" && t != "int" && t != "numeric" && t != "float" {
			return false
		}
	}
	return true
}
