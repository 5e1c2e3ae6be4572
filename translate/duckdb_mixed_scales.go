package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL keeps each numeric value with its own scale, so the column
// of (VALUES (1), (1.5)) contains 1 and 1.5, and ARRAY[1.50, 2] contains
// 1.50 and 2. DuckDB gives such a column or array one DECIMAL type, which
// writes 1.0 and 2.00. The column or the elements keep their own scales
// only where they take the _result form (promoteRows,
// promoteConstantColumns), which happens where every reader passes the
// values on as they are. checkMixedScales finds, before the rewrite, the
// uses of such values that show a scale: a result column, a cast to text,
// arithmetic whose result is shown, an aggregate that passes a value on.
// Once the rewrite is done, mixedScaleUses.check fails with 0A000 for a
// use whose values kept the DECIMAL form. Comparisons, sorting, grouping,
// count, avg, round and casts to integers, floats or numeric(p,s) show no
// scale and keep running.

// mixedScaleUse is a use that shows the scale of the number constants in
// sources, which must all have taken the _result form.
type mixedScaleUse struct {
	sources  []*pg.Node
	location int32
	what     string
}

// mixedScaleUses are the uses that checkMixedScales found.
type mixedScaleUses []mixedScaleUse

// mixedScaleCheck follows the values of mixed scales through one
// statement's queries.
type mixedScaleCheck struct {
	ctes map[string]*pg.CommonTableExpr
	// outputs are the sources of each result column of the queries
	// already analysed, nil for a column that carries no mixed scales.
	outputs map[*pg.SelectStmt][][]*pg.Node
	uses    mixedScaleUses
	// outer are the relations of the queries around the subquery being
	// analysed, whose columns it may reference.
	outer []mixedRelation
}

// checkMixedScales returns the uses in stmt that show the scale of number
// constants of different scales in one column or array.
func checkMixedScales(stmt *pg.Node) mixedScaleUses {
	foldArrayText(stmt)
	c := &mixedScaleCheck{ctes: map[string]*pg.CommonTableExpr{}, outputs: map[*pg.SelectStmt][][]*pg.Node{}}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if cte, ok := msg.(*pg.CommonTableExpr); ok && cte.Ctequery.GetSelectStmt() != nil {
			c.ctes[cte.Ctename] = cte
		}
	})
	var shown *pg.SelectStmt
	switch {
	case stmt.GetSelectStmt() != nil:
		shown = stmt.GetSelectStmt()
	case stmt.GetCreateTableAsStmt() != nil:
		// A created table or view stores the values, as DuckDB's DECIMAL.
		shown = stmt.GetCreateTableAsStmt().GetQuery().GetSelectStmt()
	case stmt.GetViewStmt() != nil:
		shown = stmt.GetViewStmt().GetQuery().GetSelectStmt()
	}
	if shown != nil {
		for _, sources := range c.analyse(shown) {
			c.addUse(sources, "a result column")
		}
	}
	// The queries that no analysed query reads, such as one in an INSERT,
	// whose values the table's column type converts.
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if sel, ok := msg.(*pg.SelectStmt); ok {
			c.analyse(sel)
		}
	})
	return c.uses
}

// check fails with 0A000 for the first use whose sources kept the DECIMAL
// form in the rewritten statement.
func (uses mixedScaleUses) check() error {
	for _, use := range uses {
		for _, n := range use.sources {
			if fc := n.GetFuncCall(); fc == nil || lastName(fc.Funcname) != numericResultFunction {
				return unsupportedf(use.location,
					"%s of numeric values of different scales, such as 1 and 1.5 in one VALUES column, UNION ALL column or ARRAY[...], is not supported on DuckDB; cast the values to numeric(p,s)", use.what)
			}
		}
	}
	return nil
}

// addUse adds a use of sources, at the first source's location.
func (c *mixedScaleCheck) addUse(sources []*pg.Node, what string) {
	if len(sources) > 0 {
		c.uses = append(c.uses, mixedScaleUse{sources: sources, location: exprLocation(sources[0]), what: what})
	}
}

// analyse returns the number constants of mixed scales that each result
// column of sel carries, and adds the uses in sel that show them.
func (c *mixedScaleCheck) analyse(sel *pg.SelectStmt) [][]*pg.Node {
	if out, done := c.outputs[sel]; done {
		return out
	}
	// A recursive WITH query reads itself, and carries nothing to itself.
	c.outputs[sel] = nil
	var out [][]*pg.Node
	switch {
	case isSetOperation(sel):
		out = c.analyseSetOperation(sel)
	case len(sel.ValuesLists) > 0:
		var rows [][]*pg.Node
		for _, list := range sel.ValuesLists {
			rows = append(rows, list.GetList().GetItems())
		}
		out = constantSources(rows)
	default:
		out = c.analyseSelect(sel)
	}
	c.outputs[sel] = out
	return out
}

// analyseSetOperation returns the sources of the columns of UNION ALL:
// those of its queries, and its number constants of mixed scales. Another
// set operation compares rows by their values, so a column
// that carries mixed scales into it is a use.
func (c *mixedScaleCheck) analyseSetOperation(sel *pg.SelectStmt) [][]*pg.Node {
	leaves := unionAllLeaves(sel)
	if leaves == nil {
		for _, side := range []*pg.SelectStmt{sel.Larg, sel.Rarg} {
			for _, sources := range c.analyse(side) {
				c.addUse(sources, strings.ToUpper(strings.TrimPrefix(sel.Op.String(), "SETOP_")))
			}
		}
		return nil
	}
	var out [][]*pg.Node
	for _, leaf := range leaves {
		for i, sources := range c.analyse(leaf) {
			out = appendSources(out, i, sources)
		}
	}
	rows, _ := unionAllRows(sel)
	for i, sources := range constantSources(rows) {
		out = appendSources(out, i, sources)
	}
	return out
}

// constantSources returns, for each column of rows whose number constants
// have different scales (mixedScales), those constants.
func constantSources(rows [][]*pg.Node) [][]*pg.Node {
	if len(rows) == 0 {
		return nil
	}
	out := make([][]*pg.Node, len(rows[0]))
	for i := range out {
		if !mixedScales(rows, i, nil) {
			continue
		}
		for _, row := range rows {
			if _, ok := constantText(row[i]); ok {
				out[i] = append(out[i], row[i])
			}
		}
	}
	return out
}

func appendSources(out [][]*pg.Node, i int, sources []*pg.Node) [][]*pg.Node {
	for len(out) <= i {
		out = append(out, nil)
	}
	out[i] = append(out[i], sources...)
	return out
}

// mixedRelation is a derived table or WITH query that sel reads, with
// the sources of its columns by name.
type mixedRelation struct {
	alias   string
	columns map[string][]*pg.Node
	// whole is set for VALUES or UNION ALL of constants (constantRows).
	whole bool
	// sources are the sources of the columns by position.
	sources [][]*pg.Node
}

// analyseSelect adds the uses in the clauses of sel, a query without set
// operations, and returns the sources of its result columns.
func (c *mixedScaleCheck) analyseSelect(sel *pg.SelectStmt) [][]*pg.Node {
	var relations []mixedRelation
	for _, from := range sel.FromClause {
		relations = c.readRelations(from, relations)
	}
	// A relation of sel hides an outer one of the same name.
	a := &selectAnalysis{check: c, sel: sel, relations: append(relations, c.outer...), own: len(relations)}
	for i, t := range sel.TargetList {
		if a.readsStar(t) {
			continue
		}
		a.walk(t.ProtoReflect(), nil, i)
	}
	clauses := [][]*pg.Node{sel.FromClause, sel.GroupClause, sel.DistinctClause, sel.SortClause, sel.WindowClause,
		{sel.WhereClause, sel.HavingClause}}
	for _, clause := range clauses {
		for _, n := range clause {
			if n != nil {
				a.walk(n.ProtoReflect(), nil, -1)
			}
		}
	}
	return a.out
}

// readsStar reports whether target is * or alias.*, and passes on the
// sources of the relations it reads. Their positions are known only for
// SELECT * of one relation, so * elsewhere counts as a use.
func (a *selectAnalysis) readsStar(target *pg.Node) bool {
	ref := target.GetResTarget().GetVal().GetColumnRef()
	if ref == nil || ref.Fields[len(ref.Fields)-1].GetAStar() == nil {
		return false
	}
	for _, r := range a.relations[:a.own] {
		if len(ref.Fields) > 1 && fieldName(ref.Fields, 2) != r.alias {
			continue
		}
		if len(a.sel.TargetList) == 1 && len(a.sel.FromClause) == 1 && a.own == 1 &&
			a.sel.FromClause[0].GetJoinExpr() == nil {
			a.out = r.sources
			continue
		}
		for _, sources := range r.sources {
			if len(sources) > 0 {
				a.check.uses = append(a.check.uses, mixedScaleUse{sources: sources, location: ref.Location, what: "a result column"})
			}
		}
	}
	return true
}

// readRelations adds the derived tables and WITH queries that from reads,
// on both sides of a join, to relations when they carry mixed scales.
func (c *mixedScaleCheck) readRelations(from *pg.Node, relations []mixedRelation) []mixedRelation {
	var query *pg.SelectStmt
	var alias string
	var colnames []*pg.Node
	switch v := from.Node.(type) {
	case *pg.Node_JoinExpr:
		relations = c.readRelations(v.JoinExpr.Larg, relations)
		return c.readRelations(v.JoinExpr.Rarg, relations)
	case *pg.Node_RangeSubselect:
		query = v.RangeSubselect.Subquery.GetSelectStmt()
		if v.RangeSubselect.Alias != nil {
			alias, colnames = v.RangeSubselect.Alias.Aliasname, v.RangeSubselect.Alias.Colnames
		}
	case *pg.Node_RangeVar:
		// NOTE: a table of the same name as a WITH query elsewhere in the
		// statement counts as that query, which can only add uses.
		cte := c.ctes[v.RangeVar.Relname]
		if v.RangeVar.Schemaname != "" || cte == nil {
			return relations
		}
		query, alias, colnames = cte.Ctequery.GetSelectStmt(), v.RangeVar.Relname, cte.Aliascolnames
		if v.RangeVar.Alias != nil {
			alias = v.RangeVar.Alias.Aliasname
			if len(v.RangeVar.Alias.Colnames) > 0 {
				colnames = v.RangeVar.Alias.Colnames
			}
		}
	default:
		return relations
	}
	if query == nil {
		return relations
	}
	sources := c.analyse(query)
	names := outputNames(query)
	columns := map[string][]*pg.Node{}
	for i, s := range sources {
		name := ""
		if i < len(names) {
			name = names[i]
		}
		if i < len(colnames) {
			name = colnames[i].GetString_().GetSval()
		}
		if len(s) > 0 && name != "" {
			columns[name] = append(columns[name], s...)
		}
	}
	if len(columns) > 0 {
		relations = append(relations, mixedRelation{alias: alias, columns: columns, whole: constantRows(query), sources: sources})
	}
	return relations
}

// outputNames returns the names of sel's result columns, "" where a
// column has none that a reader can use.
func outputNames(sel *pg.SelectStmt) []string {
	for isSetOperation(sel) && sel.Larg != nil {
		sel = sel.Larg
	}
	if len(sel.ValuesLists) > 0 {
		names := make([]string, len(sel.ValuesLists[0].GetList().GetItems()))
		for i := range names {
			names[i] = "column" + strconv.Itoa(i+1)
		}
		return names
	}
	names := make([]string, len(sel.TargetList))
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		names[i] = rt.GetName()
		if ref := rt.GetVal().GetColumnRef(); names[i] == "" && ref != nil {
			names[i] = fieldName(ref.Fields, 1)
		}
	}
	return names
}

// pathStep is a message on the way from a query's clause down to a node,
// with the field that leads on.
type pathStep struct {
	msg   protoreflect.ProtoMessage
	field string
}

// selectAnalysis follows the mixed scales in the clauses of one query.
type selectAnalysis struct {
	check     *mixedScaleCheck
	sel       *pg.SelectStmt
	relations []mixedRelation
	// own is the number of relations, first in relations, that sel reads
	// in its FROM.
	own int
	out [][]*pg.Node
}

// walk looks for values of mixed scales under m, which path leads to.
// position is the index of the result column that contains m, or -1.
func (a *selectAnalysis) walk(m protoreflect.Message, path []pathStep, position int) {
	switch v := m.Interface().(type) {
	case *pg.SelectStmt, *pg.RangeSubselect:
		// Analysed on their own, as a subquery or a derived table.
		return
	case *pg.Node:
		if sources, whole := a.carried(v); len(sources) > 0 {
			a.classify(sources, whole, path, position, exprLocation(v))
		}
		if oneof := m.WhichOneof(m.Descriptor().Oneofs().Get(0)); oneof != nil {
			a.walk(m.Get(oneof).Message(), path, position)
		}
		return
	}
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		step := append(path[:len(path):len(path)], pathStep{msg: m.Interface(), field: string(fd.Name())})
		if fd.IsList() {
			for i := 0; i < v.List().Len(); i++ {
				a.walk(v.List().Get(i).Message(), step, position)
			}
			return true
		}
		a.walk(v.Message(), step, position)
		return true
	})
}

// carried returns the number constants of mixed scales whose values n
// has: a column of a relation that carries them, ARRAY[...] of them, or
// a subquery's result column. whole is set for a column of VALUES or
// UNION ALL of constants, whose every row n reads.
func (a *selectAnalysis) carried(n *pg.Node) (sources []*pg.Node, whole bool) {
	switch v := n.Node.(type) {
	case *pg.Node_ColumnRef:
		for _, r := range a.relations {
			if len(v.ColumnRef.Fields) > 1 && fieldName(v.ColumnRef.Fields, 2) != r.alias {
				continue
			}
			if s := r.columns[fieldName(v.ColumnRef.Fields, 1)]; len(s) > 0 {
				return s, r.whole
			}
		}
	case *pg.Node_AArrayExpr:
		elements := make([][]*pg.Node, len(v.AArrayExpr.Elements))
		for i, e := range v.AArrayExpr.Elements {
			elements[i] = []*pg.Node{e}
		}
		if s := constantSources(elements); len(s) > 0 {
			return s[0], false
		}
	case *pg.Node_SubLink:
		sub := v.SubLink.Subselect.GetSelectStmt()
		if sub == nil {
			return nil, false
		}
		outer := a.check.outer
		a.check.outer = a.relations
		out := a.check.analyse(sub)
		a.check.outer = outer
		t := v.SubLink.SubLinkType
		if (t == pg.SubLinkType_EXPR_SUBLINK || t == pg.SubLinkType_ARRAY_SUBLINK) && len(out) > 0 {
			return out[0], false
		}
	}
	return nil, false
}

// sumsAllRows reports whether fc, a call of sum in the analysed query,
// adds up every row of the one relation that the query reads.
func (a *selectAnalysis) sumsAllRows(fc *pg.FuncCall) bool {
	sel := a.sel
	return sel.WhereClause == nil && len(sel.GroupClause) == 0 && len(sel.FromClause) == 1 &&
		sel.FromClause[0].GetJoinExpr() == nil && fc.AggFilter == nil && fc.Over == nil && !fc.AggDistinct
}

// constantRows reports whether sel is VALUES or UNION ALL of queries
// without FROM, whose result columns contain every constant that it lists.
func constantRows(sel *pg.SelectStmt) bool {
	for _, leaf := range unionAllLeaves(sel) {
		if len(leaf.FromClause) > 0 || leaf.WhereClause != nil || leaf.HavingClause != nil {
			return false
		}
	}
	return unionAllLeaves(sel) != nil
}
