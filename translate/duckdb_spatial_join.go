package translate

import (
	"math"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB plans a join on geom && geom or ST_Intersects(geom, geom) as a
// nested loop that calls the provider's Go functions for every pair of
// rows, so a join of 171,075 cities with 177 countries takes minutes.
// Without the spatial extension there is no SPATIAL_JOIN operator, but
// DuckDB runs a join on comparisons of numbers as a range join (piecewise
// merge or IEJoin). So boxSpatialJoins writes each such predicate between
// two tables of a join as comparisons of the tables' bounding boxes, which
// a subquery around each table computes once per row with the provider's
// pgway_bbox_* functions.
//
// The rewrite keeps PostGIS's results:
//   - && becomes the four comparisons of the sides of PostGIS's boxes,
//     which pgway_bbox_* round outward to single-precision floats as
//     PostGIS does. Where a geometry is NULL or empty, the comparisons
//     are NULL where PostGIS's && is NULL or false, so the rewrite
//     applies only to a conjunct of a WHERE or JOIN ON condition, which
//     keeps a row in neither case.
//   - ST_Intersects stays, after the comparisons. Geometries that
//     intersect have bounding boxes that intersect, so the comparisons
//     only drop pairs for which ST_Intersects is false or NULL.
//   - ST_Contains(a, b) and ST_Within(b, a) stay too, after comparisons
//     that keep b's box inside a's, which holds for every b inside a.
//   - ST_DWithin(a, b, d) with a finite constant d >= 0 stays too, after the
//     comparisons of a's box with b's box widened by d and a margin for
//     rounding (widenedSide), which hold for every a within d of b.
//
// The subquery adds columns to its table, so a table is not wrapped where
// a statement could see them: through *, alias.* or a whole-row reference,
// a NATURAL join, or a join with an alias that hides its tables.

// spatialBoxSides names the four sides of a box, in the order of the
// provider's functions pgway_bbox_xmin, _ymin, _xmax and _ymax.
var spatialBoxSides = [4]string{"xmin", "ymin", "xmax", "ymax"}

// spatialJoinTable is a table in FROM that a spatial predicate reads.
type spatialJoinTable struct {
	holder *pg.Node // the FROM list node of the RangeVar, replaced by the subquery
	rv     *pg.RangeVar
	alias  string
	query  *pg.SelectStmt // the query whose FROM holds the table
	// exists is set when query is the subquery of an EXISTS, whose
	// result columns do not matter.
	exists  bool
	columns []string // geometry columns that the predicates read
	unsafe  bool
}

// spatialJoinPredicate is a conjunct to rewrite.
type spatialJoinPredicate struct {
	node *pg.Node
	// function is the lower-case name of the PostGIS function that the
	// conjunct calls, st_intersects, st_contains, st_within or
	// st_dwithin, and "" for &&.
	function string
	tables   [2]*spatialJoinTable
	columns  [2]string
	// distance is the constant distance argument of ST_DWithin.
	distance float64
}

// spatialJoinScope maps the FROM names of one query level to their
// tables. A nil table is a FROM item that is not a table, such as a
// subquery, which hides an outer table of the same name.
type spatialJoinScope struct {
	parent *spatialJoinScope
	names  map[string]*spatialJoinTable
}

func (s *spatialJoinScope) lookup(name string) *spatialJoinTable {
	for ; s != nil; s = s.parent {
		if t, ok := s.names[name]; ok {
			return t
		}
	}
	return nil
}

type spatialJoinRewriter struct {
	rel *Relations
	// withNames are the names of the statement's WITH queries, which
	// a FROM name without a schema may mean instead of a table.
	withNames  map[string]bool
	tables     []*spatialJoinTable
	predicates []*spatialJoinPredicate
	seen       map[*pg.SelectStmt]bool
	unsafe     bool
}

// boxSpatialJoins rewrites the spatial predicates of joins as described
// above. It runs last, on the DuckDB tree, because the subqueries hide the
// tables' column types from the passes before it.
func boxSpatialJoins(stmt *pg.Node, rel *Relations) {
	if rel == nil {
		return
	}
	r := &spatialJoinRewriter{rel: rel, seen: map[*pg.SelectStmt]bool{}, withNames: map[string]bool{}}
	r.checkStatement(stmt)
	if r.unsafe {
		return
	}
	r.selects(stmt, nil)
	if len(r.predicates) == 0 {
		return
	}
	r.markUnsafeTables(stmt)
	for _, p := range r.predicates {
		if p.tables[0].unsafe || p.tables[1].unsafe {
			continue
		}
		for i, t := range p.tables {
			t.addColumn(p.columns[i])
		}
		p.rewrite()
	}
	for _, t := range r.tables {
		if !t.unsafe && len(t.columns) > 0 {
			t.wrap()
		}
	}
}

// checkStatement sets unsafe for constructs whose names the subqueries
// would change: schema-qualified columns, DuckDB's rowid (which ctid
// becomes), and joins that are NATURAL or have an alias.
func (r *spatialJoinRewriter) checkStatement(stmt *pg.Node) {
	_ = walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_ColumnRef:
			fields := v.ColumnRef.Fields
			if len(fields) > 2 {
				r.unsafe = true
			}
			for _, f := range fields {
				if strings.EqualFold(f.GetString_().GetSval(), "rowid") {
					r.unsafe = true
				}
			}
		case *pg.Node_JoinExpr:
			if v.JoinExpr.IsNatural || v.JoinExpr.Alias != nil {
				r.unsafe = true
			}
		case *pg.Node_CommonTableExpr:
			r.withNames[strings.ToLower(v.CommonTableExpr.Ctename)] = true
		}
		return nil
	})
}

// selects visits the queries under n that no query has visited yet, with
// the scope of the query around them. inspect goes parents first, so each
// query is visited before the queries inside it, which it visits itself
// with its own scope.
func (r *spatialJoinRewriter) selects(n *pg.Node, scope *spatialJoinScope) {
	if n == nil {
		return
	}
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.SubLink:
			if sub := v.Subselect.GetSelectStmt(); sub != nil && !r.seen[sub] {
				r.query(sub, scope, v.SubLinkType == pg.SubLinkType_EXISTS_SUBLINK)
			}
		case *pg.SelectStmt:
			if !r.seen[v] {
				r.query(v, scope, false)
			}
		}
	})
}

// query visits one SELECT: its FROM names, its predicates, then the
// queries inside it.
func (r *spatialJoinRewriter) query(s *pg.SelectStmt, parent *spatialJoinScope, exists bool) {
	r.seen[s] = true
	if s.Op != pg.SetOperation_SET_OPERATION_UNDEFINED && s.Op != pg.SetOperation_SETOP_NONE {
		r.query(s.Larg, parent, false)
		r.query(s.Rarg, parent, false)
		return
	}
	for _, cte := range s.GetWithClause().GetCtes() {
		r.selects(cte, parent)
	}

	scope := &spatialJoinScope{parent: parent, names: map[string]*spatialJoinTable{}}
	var conditions []*pg.Node
	var from func(n *pg.Node)
	from = func(n *pg.Node) {
		switch v := n.Node.(type) {
		case *pg.Node_RangeVar:
			rv := v.RangeVar
			name := rv.Relname
			if rv.Alias != nil {
				name = rv.Alias.Aliasname
			}
			if (rv.Alias != nil && len(rv.Alias.Colnames) > 0) || (rv.Schemaname == "" && r.withNames[strings.ToLower(rv.Relname)]) {
				scope.names[name] = nil
				return
			}
			t := &spatialJoinTable{holder: n, rv: rv, alias: name, query: s, exists: exists}
			r.tables = append(r.tables, t)
			scope.names[name] = t
		case *pg.Node_JoinExpr:
			from(v.JoinExpr.Larg)
			from(v.JoinExpr.Rarg)
			if v.JoinExpr.Quals != nil {
				conditions = append(conditions, v.JoinExpr.Quals)
			}
		case *pg.Node_RangeSubselect:
			if a := v.RangeSubselect.Alias; a != nil {
				scope.names[a.Aliasname] = nil
			}
			// Only a LATERAL subquery can refer to the FROM items before it.
			if v.RangeSubselect.Lateral {
				r.selects(v.RangeSubselect.Subquery, scope)
			} else {
				r.selects(v.RangeSubselect.Subquery, parent)
			}
		case *pg.Node_RangeFunction:
			if a := v.RangeFunction.Alias; a != nil {
				scope.names[a.Aliasname] = nil
			}
			r.selects(n, scope)
		default:
			r.selects(n, scope)
		}
	}
	for _, item := range s.FromClause {
		from(item)
	}

	if s.WhereClause != nil {
		conditions = append(conditions, s.WhereClause)
	}
	for _, c := range conditions {
		for _, conjunct := range conjuncts(c) {
			r.predicate(conjunct, scope)
		}
	}

	// The queries inside, which see this query's names.
	for _, part := range []*pg.Node{s.WhereClause, s.HavingClause} {
		r.selects(part, scope)
	}
	for _, c := range conditions {
		r.selects(c, scope)
	}
	for _, list := range [][]*pg.Node{s.TargetList, s.SortClause, s.GroupClause, s.DistinctClause} {
		for _, n := range list {
			r.selects(n, scope)
		}
	}
}

// conjuncts returns the operands of the top-level ANDs of a condition.
func conjuncts(n *pg.Node) []*pg.Node {
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg.BoolExprType_AND_EXPR {
		var out []*pg.Node
		for _, arg := range b.Args {
			out = append(out, conjuncts(arg)...)
		}
		return out
	}
	return []*pg.Node{n}
}

// spatialJoinFunctions are the PostGIS functions whose joins the rewrite
// prefilters with the tables' boxes.
var spatialJoinFunctions = map[string]bool{"st_intersects": true, "st_contains": true, "st_within": true, "st_dwithin": true}

// predicate records n when it is geom && geom, ST_Intersects,
// ST_Contains or ST_Within of (geom, geom), or ST_DWithin(geom, geom, d)
// with a constant d >= 0, on geometry columns of two tables of the scope.
func (r *spatialJoinRewriter) predicate(n *pg.Node, scope *spatialJoinScope) {
	var left, right *pg.Node
	var distance float64
	function := ""
	switch v := n.Node.(type) {
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || lastName(e.Name) != "&&" {
			return
		}
		left, right = e.Lexpr, e.Rexpr
	case *pg.Node_FuncCall:
		fc := v.FuncCall
		function = strings.ToLower(lastName(fc.Funcname))
		if !spatialJoinFunctions[function] || len(fc.Args) < 2 ||
			fc.Over != nil || fc.AggFilter != nil || fc.AggStar || fc.AggDistinct {
			return
		}
		left, right = fc.Args[0], fc.Args[1]
		if function == "st_dwithin" {
			// A negative distance raises an error in the provider, which
			// the box test must not hide by dropping every row. A NaN or
			// infinite distance has no constant to widen the boxes by.
			var ok bool
			if len(fc.Args) < 3 {
				return
			}
			if distance, ok = constantDistance(fc.Args[2]); !ok || !(distance >= 0) || math.IsInf(distance, 1) {
				return
			}
		}
	default:
		return
	}
	p := &spatialJoinPredicate{node: n, function: function, distance: distance}
	for i, operand := range []*pg.Node{left, right} {
		ref := operand.GetColumnRef()
		if ref == nil || len(ref.Fields) != 2 {
			return
		}
		alias, column := ref.Fields[0].GetString_().GetSval(), ref.Fields[1].GetString_().GetSval()
		t := scope.lookup(alias)
		if t == nil || !r.rel.geometryColumn(t.rv, column) {
			return
		}
		p.tables[i], p.columns[i] = t, column
	}
	if p.tables[0] == p.tables[1] {
		return
	}
	r.predicates = append(r.predicates, p)
}

func (t *spatialJoinTable) addColumn(column string) {
	for _, c := range t.columns {
		if c == column {
			return
		}
	}
	t.columns = append(t.columns, column)
}

// markUnsafeTables marks the tables whose added columns the statement
// could see: by *, alias.* or alias alone (a whole row, or a column of
// that name, which the check cannot tell apart).
func (r *spatialJoinRewriter) markUnsafeTables(stmt *pg.Node) {
	byName := map[string][]*spatialJoinTable{}
	for _, t := range r.tables {
		byName[t.alias] = append(byName[t.alias], t)
		if t.exists {
			continue
		}
		for _, target := range t.query.TargetList {
			if ref := target.GetResTarget().GetVal().GetColumnRef(); ref != nil && len(ref.Fields) == 1 && ref.Fields[0].GetAStar() != nil {
				t.unsafe = true
			}
		}
	}
	_ = walkNode(stmt, func(n *pg.Node) error {
		ref := n.GetColumnRef()
		if ref == nil {
			return nil
		}
		first := ref.Fields[0].GetString_().GetSval()
		if len(ref.Fields) == 1 || ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			for _, t := range byName[first] {
				t.unsafe = true
			}
		}
		return nil
	})
}

// rewrite replaces the predicate with the comparisons of the boxes, and
// for a function the call after them.
func (p *spatialJoinPredicate) rewrite() {
	loc := exprLocation(p.node)
	side := func(i, s int) *pg.Node {
		return pg.MakeColumnRefNode(stringNodes(p.tables[i].alias, boxColumnName(p.columns[i], spatialBoxSides[s])), loc)
	}
	// xmin, ymin of one side against xmax, ymax of the other: a box
	// overlaps another unless it lies wholly to one side of it.
	args := []*pg.Node{
		binaryOp("<=", side(0, 0), side(1, 2), loc),
		binaryOp("<=", side(1, 0), side(0, 2), loc),
		binaryOp("<=", side(0, 1), side(1, 3), loc),
		binaryOp("<=", side(1, 1), side(0, 3), loc),
	}
	if p.function == "st_dwithin" {
		args = []*pg.Node{
			binaryOp("<=", side(0, 0), widenedSide(side(1, 2), "+", p.distance, loc), loc),
			binaryOp("<=", widenedSide(side(1, 0), "-", p.distance, loc), side(0, 2), loc),
			binaryOp("<=", side(0, 1), widenedSide(side(1, 3), "+", p.distance, loc), loc),
			binaryOp("<=", widenedSide(side(1, 1), "-", p.distance, loc), side(0, 3), loc),
		}
	}
	if outer, inner := 0, 1; p.function == "st_contains" || p.function == "st_within" {
		if p.function == "st_within" {
			outer, inner = 1, 0
		}
		// A geometry inside another has its box inside the other's box,
		// and rounding both boxes outward keeps it inside.
		args = []*pg.Node{
			binaryOp("<=", side(outer, 0), side(inner, 0), loc),
			binaryOp("<=", side(inner, 2), side(outer, 2), loc),
			binaryOp("<=", side(outer, 1), side(inner, 1), loc),
			binaryOp("<=", side(inner, 3), side(outer, 3), loc),
		}
	}
	if p.function != "" {
		args = append(args, &pg.Node{Node: p.node.Node})
	}
	p.node.Node = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, args, loc).Node
}

// constantDistance returns the value of a number constant, or of a
// string constant cast to a number type, and false for any other node.
func constantDistance(n *pg.Node) (float64, bool) {
	text := ""
	if tc := n.GetTypeCast(); tc != nil {
		switch strings.ToLower(lastName(tc.TypeName.GetNames())) {
		case "numeric", "float8", "float4", "int2", "int4", "int8":
		default:
			return 0, false
		}
		n = tc.Arg
		if sval := n.GetAConst().GetSval(); sval != nil {
			text = sval.Sval
		}
	}
	c := n.GetAConst()
	switch {
	case c == nil:
		return 0, false
	case c.GetIval() != nil:
		return float64(c.GetIval().Ival), true
	case c.GetFval() != nil:
		text = c.GetFval().Fval
	}
	value, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	return value, err == nil
}

// widenedSide returns nextafter(side op margin, ±1e308): the side of a
// box moved outward by distance and a margin, computed by DuckDB in
// doubles. The margin, distance * (1 + 2^-50), exceeds distance by about 8
// units in its last place, and nextafter moves the rounded sum outward,
// so the result lies beyond side ± distance exactly. When PostGIS's
// rounded distance of two points is at most distance, so is each rounded
// difference of their coordinates. Each coordinate of one point then lies
// within distance and the margin of the other's, so the widened box of
// one point overlaps the box of the other.
func widenedSide(side *pg.Node, op string, distance float64, loc int32) *pg.Node {
	margin := distance + distance*0x1p-50
	bound := "1e308"
	if op == "-" {
		bound = "-1e308"
	}
	sum := binaryOp(op, side, floatConstant(strconv.FormatFloat(margin, 'e', -1, 64), loc), loc)
	return funcCall("nextafter", loc, sum, floatConstant(bound, loc))
}

// boxColumnName is the name of the subquery column with one side of a
// geometry column's box. Its parentheses keep it apart from any column
// name that a table is likely to have.
func boxColumnName(column, side string) string {
	return "pgway_bbox_" + side + "(" + column + ")"
}

// wrap replaces the table in FROM with a subquery of the same name that
// adds the sides of its geometry columns' boxes to its columns.
func (t *spatialJoinTable) wrap() {
	loc := t.rv.Location
	inner := proto.Clone(t.rv).(*pg.RangeVar)
	inner.Alias = nil
	targets := []*pg.Node{pg.MakeResTargetNodeWithVal(
		pg.MakeColumnRefNode([]*pg.Node{pg.MakeAStarNode()}, loc), loc)}
	for _, column := range t.columns {
		for _, s := range spatialBoxSides {
			call := funcCall("pgway_bbox_"+s, loc, pg.MakeColumnRefNode(stringNodes(column), loc))
			targets = append(targets, pg.MakeResTargetNodeWithNameAndVal(boxColumnName(column, s), call, loc))
		}
	}
	sub := &pg.SelectStmt{TargetList: targets,
		FromClause: []*pg.Node{{Node: &pg.Node_RangeVar{RangeVar: inner}}},
		Op:         pg.SetOperation_SETOP_NONE}
	t.holder.Node = &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sub}},
		Alias:    &pg.Alias{Aliasname: t.alias},
	}}
}

// geometryColumn reports whether column is a geometry column of the
// table that rv names. publicToMain has already renamed the schema public
// to main.
func (r *Relations) geometryColumn(rv *pg.RangeVar, column string) bool {
	table := r.lookup(rv.Schemaname, rv.Relname)
	if table == nil && rv.Schemaname == "main" {
		table = r.lookup("public", rv.Relname)
	}
	if table == nil {
		return false
	}
	for _, c := range table.columns {
		if c.name == strings.ToLower(column) {
			return c.geometry
		}
	}
	return false
}
