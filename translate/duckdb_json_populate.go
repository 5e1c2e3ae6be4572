package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// populateRecordItem is the alias of the FROM item that
// populateRecordTargets adds for a call of jsonb_populate_record() in the
// select list.
const populateRecordItem = "pgway_populated"

// populateFunctionItem returns the FROM item of
// jsonb_populate_record(NULL::t, doc) or jsonb_populate_recordset(), whose
// columns are those of the table t, when Relations know their types.
// Its whole row is then a record of those columns, as in PostgreSQL.
func populateFunctionItem(rf *pg.RangeFunction, relations *Relations) (fromItem, bool) {
	if rf == nil || rf.IsRowsfrom || len(rf.Coldeflist) > 0 || rf.Ordinality {
		return fromItem{}, false
	}
	fc := singleCall(rf)
	name := strings.ToLower(lastName(fc.GetFuncname()))
	if _, ok := jsonbPopulateFunctions[name]; !ok || len(fc.Args) != 2 {
		return fromItem{}, false
	}

	base := fc.Args[0].GetTypeCast()
	if base == nil || !base.Arg.GetAConst().GetIsnull() || len(base.TypeName.GetArrayBounds()) > 0 || len(base.TypeName.GetNames()) > 2 {
		return fromItem{}, false
	}
	typeNames := names(base.TypeName.Names)
	schema := ""
	if len(typeNames) == 2 {
		schema = typeNames[0]
	}
	rel := relations.lookup(schema, typeNames[len(typeNames)-1])
	if rel == nil || rel.opaque {
		return fromItem{}, false
	}

	for _, column := range rel.columns {
		if column.typ == "" {
			return fromItem{}, false
		}
	}

	item := fromItem{alias: name, rel: &relationType{columns: rel.columns}, row: recordRow}
	if rf.Alias != nil {
		item.alias = rf.Alias.Aliasname
		item.rel = renamed(item.rel, rf.Alias.Colnames)
	}
	return item, true
}

// populateRecordTargets moves jsonb_populate_record(NULL::t, 'doc'), a
// result column of a SELECT without grouping, into its FROM list as a
// LATERAL item and makes the column that item's whole row:
//
//	SELECT jsonb_populate_record(NULL::t, 'doc') FROM x
//	SELECT pgway_populated AS jsonb_populate_record FROM x, LATERAL jsonb_populate_record(NULL::t, 'doc') pgway_populated
//
// The item has one row for each row of x. The document must be a string
// constant, because for a NULL document PostgreSQL returns a NULL record
// where the item has a row of NULL columns. Other calls outside FROM
// fail with 0A000, where DuckDB would fail to find the type t.
func populateRecordTargets(stmt *pg.Node) error {
	moved := map[*pg.FuncCall]bool{}
	if sel := stmt.GetSelectStmt(); sel != nil && !isSetOperation(sel) && len(sel.GroupClause) == 0 &&
		sel.HavingClause == nil && len(sel.DistinctClause) == 0 && !callsAggregate(sel.TargetList) {
		count := 0
		for _, t := range sel.TargetList {
			rt := t.GetResTarget()
			fc := rt.GetVal().GetFuncCall()
			if fc == nil || strings.ToLower(lastName(fc.Funcname)) != "jsonb_populate_record" || len(fc.Args) != 2 ||
				!isStringConstant(fc.Args[1]) {
				continue
			}
			count++
			alias := populateRecordItem
			if count > 1 {
				alias += strings.Repeat("_", count-1)
			}
			if rt.Name == "" {
				rt.Name = "jsonb_populate_record"
			}
			item := &pg.RangeFunction{Lateral: true, Alias: &pg.Alias{Aliasname: alias},
				Functions: []*pg.Node{{Node: &pg.Node_List{List: &pg.List{Items: []*pg.Node{rt.Val, {}}}}}}}
			sel.FromClause = append(sel.FromClause, &pg.Node{Node: &pg.Node_RangeFunction{RangeFunction: item}})
			moved[fc] = true
			rt.Val = &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{Fields: stringNodes(alias), Location: fc.Location}}}
		}
	}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.RangeFunction:
			for _, f := range v.Functions {
				for _, call := range f.GetList().GetItems() {
					if fc := call.GetFuncCall(); fc != nil {
						moved[fc] = true
					}
				}
			}
		case *pg.FuncCall:
			if err == nil && !moved[v] && strings.ToLower(lastName(v.Funcname)) == "jsonb_populate_record" {
				err = unsupportedf(v.Location, "jsonb_populate_record() outside FROM is not supported on DuckDB, "+
					"except as a result column with NULL::table and a string constant")
			}
		}
	})
	return err
}

// callsAggregate reports whether an expression of targets calls an
// aggregate function.
func callsAggregate(targets []*pg.Node) bool {
	found := false
	for _, t := range targets {
		inspect(t.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
			if fc, ok := msg.(*pg.FuncCall); ok && (aggregateFunctions[strings.ToLower(lastName(fc.Funcname))] || fc.Over != nil) {
				found = true
			}
		})
	}
	return found
}

// isStringConstant reports whether n is a string constant, cast or not.
func isStringConstant(n *pg.Node) bool {
	for n.GetTypeCast() != nil {
		n = n.GetTypeCast().Arg
	}
	return n.GetAConst().GetSval() != nil
}
