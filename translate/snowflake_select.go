package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Bits of WindowDef.FrameOptions, from PostgreSQL's parsenodes.h.
const (
	frameRange          = 0x2
	frameGroups         = 0x8
	frameOffsets        = 0x800 | 0x1000 | 0x2000 | 0x4000
	frameExclude        = 0x8000 | 0x10000 | 0x20000
	frameDefaultOptions = 0x2 | 0x20 | 0x400
	maxGeneratedSeries  = 1000
)

// rewriteSelect rejects the clauses that Snowflake lacks and rewrites
// DISTINCT ON.
func (r *snowflakeRewriter) rewriteSelect(sel *pg.SelectStmt) error {
	switch {
	case sel.IntoClause != nil:
		return unsupportedf(-1, "SELECT INTO is not supported on this warehouse")
	case len(sel.LockingClause) > 0:
		return unsupportedf(-1, "SELECT FOR UPDATE or FOR SHARE is not supported on this warehouse")
	case len(sel.WindowClause) > 0:
		return unsupportedf(-1, "the WINDOW clause is not supported on this warehouse")
	case sel.LimitOption == pg.LimitOption_LIMIT_OPTION_WITH_TIES:
		return unsupportedf(-1, "FETCH ... WITH TIES is not supported on this warehouse")
	case len(sel.TargetList) == 0 && len(sel.ValuesLists) == 0 && sel.Op == pg.SetOperation_SETOP_NONE:
		return unsupportedf(-1, "SELECT without result columns is not supported on this warehouse")
	}
	if err := checkValuesLengths(sel); err != nil {
		return err
	}
	return r.rewriteDistinctOn(sel)
}

// rewriteDistinctOn turns SELECT DISTINCT ON (keys) ... ORDER BY order
// into QUALIFY ROW_NUMBER() OVER (PARTITION BY keys ORDER BY order) = 1,
// which keeps the first row of each group in the same order. The window
// reads names in the FROM clause only, so a key or order item that is a
// position or a result column alias fails with 0A000.
func (r *snowflakeRewriter) rewriteDistinctOn(sel *pg.SelectStmt) error {
	if len(sel.DistinctClause) == 0 || sel.DistinctClause[0].GetNode() == nil {
		return nil
	}
	aliases := resultAliases(sel)

	var order []*pg.Node
	for _, s := range sel.SortClause {
		if err := checkWindowKey(s.GetSortBy().GetNode(), aliases); err != nil {
			return err
		}
		order = append(order, proto.Clone(s).(*pg.Node))
	}
	var partition []*pg.Node
	for _, key := range sel.DistinctClause {
		if err := checkWindowKey(key, aliases); err != nil {
			return err
		}
		partition = append(partition, proto.Clone(key).(*pg.Node))
	}

	loc := exprLocation(sel.DistinctClause[0])
	rowNumber := r.call("row_number", loc)
	rowNumber.GetFuncCall().Over = &pg.WindowDef{PartitionClause: partition, OrderClause: order,
		FrameOptions: frameDefaultOptions, Location: loc}
	first := r.call(qualifyMarker, loc, binaryOp("=", rowNumber, pg.MakeAConstIntNode(1, loc), loc))

	if sel.HavingClause == nil {
		sel.HavingClause = first
	} else {
		sel.HavingClause = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{sel.HavingClause, first}, loc)
	}
	sel.DistinctClause = nil
	return nil
}

// resultAliases returns the names of result columns that are not the
// plain column of the same name.
func resultAliases(sel *pg.SelectStmt) map[string]bool {
	aliases := map[string]bool{}
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt.GetName() == "" {
			continue
		}
		if fields := rt.GetVal().GetColumnRef().GetFields(); len(fields) > 0 &&
			fields[len(fields)-1].GetString_().GetSval() == rt.Name {
			continue
		}
		aliases[rt.Name] = true
	}
	return aliases
}

func checkWindowKey(n *pg.Node, aliases map[string]bool) error {
	if n.GetAConst() != nil {
		return unsupported("DISTINCT ON or ORDER BY with a column position together with DISTINCT ON", exprLocation(n),
			"Name the column instead of its position.")
	}
	if fields := n.GetColumnRef().GetFields(); len(fields) == 1 && aliases[fields[0].GetString_().GetSval()] {
		return unsupported("DISTINCT ON or ORDER BY with a result column alias together with DISTINCT ON", exprLocation(n),
			"Repeat the expression instead of its alias.")
	}
	return nil
}

// explicitNullOrder spells out PostgreSQL's null order, NULLS LAST for
// ASC and NULLS FIRST for DESC, which Snowflake's DEFAULT_NULL_ORDERING
// parameter could change.
func explicitNullOrder(s *pg.SortBy) error {
	if s.SortbyDir == pg.SortByDir_SORTBY_USING {
		return unsupported("ORDER BY ... USING", s.Location, "")
	}
	if s.SortbyNulls != pg.SortByNulls_SORTBY_NULLS_DEFAULT {
		return nil
	}
	if s.SortbyDir == pg.SortByDir_SORTBY_DESC {
		s.SortbyNulls = pg.SortByNulls_SORTBY_NULLS_FIRST
	} else {
		s.SortbyNulls = pg.SortByNulls_SORTBY_NULLS_LAST
	}
	return nil
}

// checkWindowFrame rejects named windows and the frames that Snowflake
// lacks: GROUPS, EXCLUDE and RANGE with an offset.
func checkWindowFrame(w *pg.WindowDef) error {
	switch {
	case w.Name != "" || w.Refname != "":
		return unsupported("a named window", w.Location, "Write the window in OVER (...).")
	case w.FrameOptions&frameGroups != 0:
		return unsupported("a GROUPS frame", w.Location, "")
	case w.FrameOptions&frameExclude != 0:
		return unsupported("a frame with EXCLUDE", w.Location, "")
	case w.FrameOptions&frameRange != 0 && w.FrameOptions&frameOffsets != 0:
		return unsupported("a RANGE frame with an offset", w.Location, "")
	}
	return nil
}

func (r *snowflakeRewriter) rewriteMinMax(n *pg.Node, m *pg.MinMaxExpr) error {
	// Snowflake's GREATEST and LEAST return NULL for any NULL argument;
	// PostgreSQL's skip NULLs.
	name := "least_ignore_nulls"
	if m.Op == pg.MinMaxOp_IS_GREATEST {
		name = "greatest_ignore_nulls"
	}
	n.Node = r.call(name, m.Location, m.Args...).Node
	return nil
}

// rewriteRangeFunction turns generate_series with integer constants in
// FROM into a VALUES list of at most maxGeneratedSeries rows, named as
// PostgreSQL names the function's column. Snowflake has no
// generate_series, and its GENERATOR numbers rows with gaps.
func (r *snowflakeRewriter) rewriteRangeFunction(n *pg.Node, rf *pg.RangeFunction) error {
	if len(rf.Functions) != 1 || rf.Ordinality || rf.IsRowsfrom {
		return unsupportedf(-1, "functions in FROM other than generate_series are not supported on this warehouse")
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 {
		return unsupportedf(-1, "functions in FROM other than generate_series are not supported on this warehouse")
	}
	fc := items[0].GetFuncCall()
	if fc == nil || lastName(fc.Funcname) != "generate_series" || (len(items) > 1 && items[1] != nil && items[1].GetNode() != nil) {
		return unsupportedf(-1, "functions in FROM other than generate_series are not supported on this warehouse")
	}
	values, ok := seriesValues(fc.Args)
	if !ok {
		return unsupported("generate_series() with arguments other than integer constants or with more than 1000 rows",
			fc.Location, "")
	}
	alias, err := seriesAlias(rf, fc)
	if err != nil {
		return err
	}

	n.Node = &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Lateral:  rf.Lateral,
		Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: seriesSelect(values, fc.Location)}},
		Alias:    alias,
	}}
	return nil
}

// seriesAlias returns the alias of generate_series in FROM, which names
// its column as PostgreSQL does: after the column alias, else after the
// table alias, else generate_series.
func seriesAlias(rf *pg.RangeFunction, fc *pg.FuncCall) (*pg.Alias, error) {
	alias := &pg.Alias{Aliasname: snowflakeIdent("generate_series")}
	if rf.Alias != nil {
		alias.Aliasname = rf.Alias.Aliasname
	}
	column := alias.Aliasname
	switch {
	case rf.Alias != nil && len(rf.Alias.Colnames) == 1:
		column = rf.Alias.Colnames[0].GetString_().GetSval()
	case rf.Alias != nil && len(rf.Alias.Colnames) > 1:
		return nil, unsupported("generate_series() with more than one column alias", fc.Location, "")
	}
	alias.Colnames = stringNodes(column)
	return alias, nil
}

// seriesSelect returns VALUES of the series, or a SELECT of no rows for
// an empty series.
func seriesSelect(values []int64, loc int32) *pg.SelectStmt {
	if len(values) == 0 {
		null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: loc}}}
		typed := &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
			Arg: null, TypeName: parseSnowflakeType("number(10,0)", loc), Location: loc,
		}}}
		return &pg.SelectStmt{
			TargetList:  []*pg.Node{pg.MakeResTargetNodeWithVal(typed, loc)},
			WhereClause: boolConst(false, loc),
		}
	}
	sel := &pg.SelectStmt{}
	for _, v := range values {
		row := &pg.List{Items: []*pg.Node{pg.MakeAConstIntNode(v, loc)}}
		sel.ValuesLists = append(sel.ValuesLists, &pg.Node{Node: &pg.Node_List{List: row}})
	}
	return sel
}

// seriesValues returns the values of generate_series(start, stop [,
// step]) with integer constants.
func seriesValues(args []*pg.Node) ([]int64, bool) {
	if len(args) != 2 && len(args) != 3 {
		return nil, false
	}
	ints := make([]int64, 3)
	ints[2] = 1
	for i, a := range args {
		v := a.GetAConst().GetIval()
		if v == nil || a.GetAConst().GetIsnull() {
			return nil, false
		}
		ints[i] = int64(v.Ival)
	}
	start, stop, step := ints[0], ints[1], ints[2]
	if step == 0 {
		return nil, false
	}
	var out []int64
	for v := start; (step > 0 && v <= stop) || (step < 0 && v >= stop); v += step {
		if len(out) == maxGeneratedSeries {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// checkLeftovers rejects what the walk left for a parent to consume and
// no parent did: interval values, ST_MakeEnvelope outside &&,
// generate_series outside FROM, and arrays that are not operands of the
// array operators.
func (r *snowflakeRewriter) checkLeftovers(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.TypeCast:
			if lastName(v.TypeName.GetNames()) == "interval" {
				err = unsupported("an interval value", v.Location,
					"Snowflake has no interval values; intervals work only added to or subtracted from a date or timestamp.")
			}
		case *pg.FuncCall:
			switch lastName(v.Funcname) {
			case "st_makeenvelope":
				err = unsupported("ST_MakeEnvelope() outside &&", v.Location, snowflakeGISHint)
			case "generate_series":
				err = unsupported("generate_series() outside FROM", v.Location, "Call it in FROM: select g from generate_series(1, 3) g.")
			case "similar_to_escape":
				err = unsupportedf(v.Location, "function similar_to_escape() is not supported on this warehouse")
			case "array_construct":
				if !r.arrayOperands[v] {
					err = unsupported("an array value", v.Location,
						"Snowflake arrays are untyped and print as JSON; arrays work only as operands of @>, <@, && and = ANY.")
				}
			}
		}
	})
	return err
}
