package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// In HAVING, PostgreSQL binds a name to a column of the FROM items, and
// DuckDB to an output column of that name where the column is neither
// grouped nor inside an aggregate. For a name that is both,
// qualifyHavingNames qualifies the column with its FROM item, so that
// DuckDB binds it as PostgreSQL does, and raises PostgreSQL's 42803 error
// where the column is certainly not grouped.

// aggregateFunctions are PostgreSQL's aggregates whose arguments may
// name columns outside GROUP BY.
var aggregateFunctions = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true, "bool_and": true,
	"bool_or": true, "every": true, "string_agg": true, "array_agg": true, "jsonb_agg": true,
	"json_agg": true, "jsonb_object_agg": true, "json_object_agg": true, "stddev": true,
	"stddev_samp": true, "stddev_pop": true, "variance": true, "var_samp": true, "var_pop": true,
	"bit_and": true, "bit_or": true, "bit_xor": true, "corr": true, "covar_pop": true,
	"covar_samp": true, "regr_slope": true, "regr_intercept": true, "regr_count": true,
	"regr_r2": true, "regr_avgx": true, "regr_avgy": true, "regr_sxx": true, "regr_syy": true,
	"regr_sxy": true, "percentile_cont": true, "percentile_disc": true, "mode": true,
}

// isAggregate reports whether fc is a call of an aggregate outside a
// window.
func isAggregate(fc *pg.FuncCall) bool {
	if fc.Over != nil {
		return false
	}
	return fc.AggStar || fc.AggDistinct || fc.AggFilter != nil || len(fc.AggOrder) > 0 ||
		fc.AggWithinGroup || aggregateFunctions[strings.ToLower(lastName(fc.Funcname))]
}

// columnUse is a column reference of an expression, and whether a
// function call encloses it: any call for inCall, an aggregate for
// inAggregate.
type columnUse struct {
	ref                 *pg.ColumnRef
	inCall, inAggregate bool
}

// columnUses returns the column references under m, outside subqueries.
func columnUses(m protoreflect.Message, inCall, inAggregate bool, out []columnUse) []columnUse {
	switch v := m.Interface().(type) {
	case *pg.ColumnRef:
		return append(out, columnUse{ref: v, inCall: inCall, inAggregate: inAggregate})
	case *pg.SelectStmt:
		return out
	case *pg.FuncCall:
		inCall = true
		inAggregate = inAggregate || isAggregate(v)
	}
	rangeFields(m, func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		if fd.IsList() {
			list := val.List()
			for i := 0; i < list.Len(); i++ {
				out = columnUses(list.Get(i).Message(), inCall, inAggregate, out)
			}
		} else {
			out = columnUses(val.Message(), inCall, inAggregate, out)
		}
		return true
	})
	return out
}

// qualifyHavingNames qualifies the unqualified names in sel's HAVING
// that are both an output column's name and a column of exactly one of
// level's FROM items. It returns PostgreSQL's 42803 error for the first
// of them that is certainly not grouped: one outside function calls and
// named nowhere in GROUP BY, with no other column before it that
// PostgreSQL would report first.
// NOTE: PostgreSQL also accepts a column of a table whose primary key is
// grouped, which pgway does not know, so such a statement fails here.
func qualifyHavingNames(sel *pg.SelectStmt, level *scope) *Error {
	if sel.HavingClause == nil {
		return nil
	}
	outputs := map[string]bool{}
	for _, t := range sel.TargetList {
		if name := t.GetResTarget().GetName(); name != "" {
			outputs[strings.ToLower(name)] = true
		}
	}
	if len(outputs) == 0 {
		return nil
	}

	grouped, positional := groupedNames(sel.GroupClause)
	// A column that PostgreSQL may report before those of HAVING, from the
	// select list and ORDER BY, makes the first error not certain.
	certain := !positional
	for _, use := range columnUses(listMessage(sel.TargetList), false, false, nil) {
		certain = certain && (use.inAggregate || grouped[refName(use.ref)])
	}
	for _, s := range sel.SortClause {
		by := s.GetSortBy().GetNode()
		if ref := by.GetColumnRef(); ref != nil && len(ref.Fields) == 1 && outputs[refName(ref)] {
			continue
		}
		for _, use := range columnUses(by.ProtoReflect(), false, false, nil) {
			certain = certain && (use.inAggregate || grouped[refName(use.ref)])
		}
	}

	var first *Error
	for _, use := range columnUses(sel.HavingClause.ProtoReflect(), false, false, nil) {
		name := refName(use.ref)
		alias, ok := "", false
		if len(use.ref.Fields) == 1 && outputs[name] {
			alias, ok = soleItem(level, name)
		}
		if ok {
			use.ref.Fields = append([]*pg.Node{pg.MakeStrNode(alias)}, use.ref.Fields...)
		}
		if first != nil || !certain || use.inAggregate || grouped[name] {
			continue
		}
		if !ok || use.inCall {
			certain = false // a column PostgreSQL may report first
			continue
		}
		first = &Error{Code: "42803", Position: int(use.ref.Location) + 1,
			Message: fmt.Sprintf("column %q must appear in the GROUP BY clause or be used in an aggregate function",
				alias+"."+fieldName(use.ref.Fields, 1))}
	}
	return first
}

// refName returns the lower-case column name of a reference.
func refName(ref *pg.ColumnRef) string {
	return strings.ToLower(fieldName(ref.Fields, 1))
}

// groupedNames returns the column names that GROUP BY mentions anywhere,
// and whether it has a position or other constant, which groups by a
// select-list expression.
func groupedNames(group []*pg.Node) (map[string]bool, bool) {
	names := map[string]bool{}
	positional := false
	for _, g := range group {
		if g.GetAConst() != nil {
			positional = true
		}
		for _, use := range columnUses(g.ProtoReflect(), false, false, nil) {
			names[refName(use.ref)] = true
		}
	}
	return names, positional
}

// soleItem returns the alias of the one FROM item of level that has a
// column name, when every item's columns are known.
func soleItem(level *scope, name string) (string, bool) {
	alias, count := "", 0
	for _, item := range level.items {
		if item.rel.opaque {
			return "", false
		}
		if item.rel.has(name) {
			alias = item.alias
			count++
		}
	}
	return alias, count == 1 && alias != ""
}

// has reports whether rel has a column name.
func (rel *relationType) has(name string) bool {
	for _, c := range rel.columns {
		if c.name == name {
			return true
		}
	}
	return false
}
