package translate

import (
	"fmt"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// jsonbSetFunction describes one of jsonb's set-returning functions,
// which the DuckDB dialect runs as unnest() of lists that the provider's
// functions return.
type jsonbSetFunction struct {
	// columns are PostgreSQL's names of the result columns. "" is the
	// column of a function without an OUT parameter, named after the
	// alias or else after the function.
	columns []string
	// lists build the lists that are unnested into the columns, from the
	// function's name, the document's text and as_text.
	lists func(name string, doc *pg.Node, asText bool, loc int32) []*pg.Node
	// asText makes the values text, as ->> writes them, where they are
	// otherwise jsonb.
	asText bool
	// jsonbValues are the indexes of the columns of type jsonb.
	jsonbValues []int
}

// jsonbSetFunctions are jsonb's set-returning functions by name. The
// order of the rows is PostgreSQL's: the array's order, and an object's
// keys in jsonb's order (shorter keys first).
var jsonbSetFunctions = map[string]*jsonbSetFunction{
	"jsonb_array_elements":      {columns: []string{"value"}, lists: elementLists, jsonbValues: []int{0}},
	"jsonb_array_elements_text": {columns: []string{"value"}, lists: elementLists, asText: true},
	"jsonb_each":                {columns: []string{"key", "value"}, lists: eachLists, jsonbValues: []int{1}},
	"jsonb_each_text":           {columns: []string{"key", "value"}, lists: eachLists, asText: true},
	"jsonb_object_keys":         {columns: []string{""}, lists: keyLists},
	// json's functions that return text (jsonTextSetFunctions).
	"json_array_elements_text": {columns: []string{"value"}, lists: jsonElementLists, asText: true},
	"json_each_text":           {columns: []string{"key", "value"}, lists: jsonEachLists, asText: true},
	"json_object_keys":         {columns: []string{""}, lists: jsonKeyLists},
}

func elementLists(_ string, doc *pg.Node, asText bool, loc int32) []*pg.Node {
	return []*pg.Node{funcCall("pgway_jsonb_elements", loc, doc, boolConst(asText, loc))}
}

func eachLists(name string, doc *pg.Node, asText bool, loc int32) []*pg.Node {
	return []*pg.Node{
		funcCall("pgway_jsonb_keys", loc, doc, pg.MakeAConstStrNode(name, loc)),
		funcCall("pgway_jsonb_values", loc, proto.Clone(doc).(*pg.Node), boolConst(asText, loc), pg.MakeAConstStrNode(name, loc)),
	}
}

func keyLists(name string, doc *pg.Node, _ bool, loc int32) []*pg.Node {
	return []*pg.Node{funcCall("pgway_jsonb_keys", loc, doc, pg.MakeAConstStrNode(name, loc))}
}

// unsupportedJSONSetFunctions are json's set-returning functions whose
// value column is of type json, which pgway cannot return from DuckDB.
// DuckDB has a json_each() of other columns and rows, so the call must
// not reach it.
var unsupportedJSONSetFunctions = map[string]bool{"json_array_elements": true, "json_each": true}

// jsonValueColumnReason is the reason that unsupportedJSONSetFunctions
// fail.
const jsonValueColumnReason = "its value column is of type json, which pgway cannot return from DuckDB, " +
	"so use its _text version, such as json_each_text(), or its jsonb version"

// rewriteJSONBSetFunction rewrites a call of one of jsonb's
// set-returning functions in the select list, which DuckDB runs as
// unnest(), with PostgreSQL's semantics for several set-returning
// functions in one select list: they advance together and the shorter
// ones give NULL. The calls in FROM are rewritten by
// rewriteJSONBRangeFunction. It reports false for other functions.
func rewriteJSONBSetFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if unsupportedJSONSetFunctions[name] {
		return true, unsupportedf(fc.Location, "function %s() is not supported on this warehouse because %s", name, jsonValueColumnReason)
	}
	fn, ok := jsonbSetFunctions[name]
	if !ok {
		return false, nil
	}
	doc, err := jsonbSetArgument(fc, name)
	if err != nil {
		return true, err
	}
	if len(fn.columns) > 1 {
		return true, unsupportedf(fc.Location, "function %s() in the select list returns a record, which is not supported on this warehouse", name)
	}
	loc := fc.Location
	value := funcCall("unnest", loc, fn.lists(name, doc, fn.asText, loc)[0])
	if len(fn.jsonbValues) > 0 {
		value = typeCast(value, "json", loc)
	}
	n.Node = value.Node
	return true, nil
}

// jsonbSetArgument checks the arguments of a call of a jsonb
// set-returning function and returns its document's text, which fails
// when the statement runs unless the value is jsonb (jsonbOperand).
func jsonbSetArgument(fc *pg.FuncCall, name string) (*pg.Node, error) {
	if len(fc.Args) != 1 || fc.FuncVariadic || fc.AggStar || fc.Over != nil || fc.AggDistinct ||
		fc.AggFilter != nil || len(fc.AggOrder) > 0 || fc.AggWithinGroup {
		return nil, missingFunction(name, fc.Location, argumentTypes(fc.Args)...)
	}
	if fc.Args[0].GetNamedArgExpr() != nil {
		return nil, unsupportedf(fc.Location, "a named argument of %s() is not supported on this warehouse", name)
	}
	if strings.HasPrefix(name, "json_") {
		return jsonTextArgument(fc, name)
	}
	return jsonbOperand(fc.Args[0], fmt.Sprintf("function %s({}) does not exist", name), fc.Location), nil
}

// rewriteJSONBRangeFunction replaces a call of one of jsonb's
// set-returning functions in FROM, which jsonbSetPlaces found, by a
// LATERAL subquery of the same columns:
//
//	LATERAL (SELECT unnest(c1)::json, unnest(generate_series(1, len(c1)))
//	         FROM (SELECT pgway_jsonb_elements(pgway_doc, false) AS c1
//	               FROM (SELECT doc::varchar AS pgway_doc) AS pgway_doc) AS pgway_lists)
//	    AS alias(value, ordinality)
//
// The innermost query computes the document once. The alias is
// PostgreSQL's: the function's name unless one is aliasColumns, and column
// names from the alias's list, else from the function's OUT parameters.
func rewriteJSONBRangeFunction(n *pg.Node, rf *pg.RangeFunction) error {
	fc := rf.Functions[0].GetList().GetItems()[0].GetFuncCall()
	name := strings.ToLower(lastName(fc.Funcname))
	fn, loc := jsonbSetFunctions[name], fc.Location
	doc, err := jsonbSetArgument(fc, name)
	if err != nil {
		return err
	}
	alias, err := jsonbSetAlias(rf, fn, name)
	if err != nil {
		return err
	}

	docQuery := selectOf(nil, resTarget("pgway_doc", doc))
	lists := fn.lists(name, columnRef("pgway_doc"), fn.asText, loc)
	listTargets := make([]*pg.Node, len(lists))
	for i, list := range lists {
		listTargets[i] = resTarget(fmt.Sprintf("c%d", i+1), list)
	}
	listQuery := selectOf([]*pg.Node{derivedTable(docQuery, "pgway_doc", false)}, listTargets...)

	columns := make([]*pg.Node, 0, len(lists)+1)
	for i := range lists {
		value := funcCall("unnest", loc, columnRef(fmt.Sprintf("c%d", i+1)))
		for _, j := range fn.jsonbValues {
			if i == j {
				value = typeCast(value, "json", loc)
			}
		}
		columns = append(columns, resTarget(fmt.Sprintf("c%d", i+1), value))
	}
	if rf.Ordinality {
		ordinals := funcCall("generate_series", loc, pg.MakeAConstIntNode(1, loc),
			funcCall("len", loc, columnRef("c1")))
		columns = append(columns, resTarget("ordinality", funcCall("unnest", loc, ordinals)))
	}
	query := selectOf([]*pg.Node{derivedTable(listQuery, "pgway_lists", false)}, columns...)
	n.Node = &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{Lateral: true, Subquery: query, Alias: alias}}
	return nil
}

// jsonbSetAlias returns the alias of the subquery that replaces a call in
// FROM, with every column named as PostgreSQL names it.
func jsonbSetAlias(rf *pg.RangeFunction, fn *jsonbSetFunction, name string) (*pg.Alias, error) {
	aliasName := name
	var aliasColumns []*pg.Node
	if rf.Alias != nil {
		aliasName, aliasColumns = rf.Alias.Aliasname, rf.Alias.Colnames
	}
	var columns []string
	for _, column := range fn.columns {
		if column == "" {
			column = aliasName
		}
		columns = append(columns, column)
	}
	if rf.Ordinality {
		columns = append(columns, "ordinality")
	}
	if len(aliasColumns) > len(columns) {
		return nil, &Error{Code: "42P10", Message: fmt.Sprintf("table %q has %d columns available but %d columns specified",
			aliasName, len(columns), len(aliasColumns))}
	}
	for i, column := range aliasColumns {
		columns[i] = column.GetString_().GetSval()
	}
	return &pg.Alias{Aliasname: aliasName, Colnames: stringNodes(columns...)}, nil
}

// selectOf is SELECT targets FROM from.
func selectOf(from []*pg.Node, targets ...*pg.Node) *pg.Node {
	return &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: &pg.SelectStmt{TargetList: targets, FromClause: from,
		LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE}}}
}

// resTarget is the result column value AS name.
func resTarget(name string, value *pg.Node) *pg.Node {
	return &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: name, Val: value, Location: -1}}}
}

// columnRef is a reference to the column name.
func columnRef(name string) *pg.Node {
	return &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{Fields: stringNodes(name), Location: -1}}}
}

// derivedTable is (query) AS alias in FROM.
func derivedTable(query *pg.Node, alias string, lateral bool) *pg.Node {
	return &pg.Node{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{Lateral: lateral, Subquery: query,
		Alias: &pg.Alias{Aliasname: alias}}}}
}

// jsonbSetPlaces returns the calls of jsonb's set-returning functions
// that are the functions of FROM items, which rewriteJSONBRangeFunction
// rewrites. It fails for a call where PostgreSQL raises an error, such as
// in WHERE, with PostgreSQL's error, and with 0A000 for other places but
// the select list, where DuckDB's unnest() does not run.
func jsonbSetPlaces(stmt *pg.Node) (map[*pg.FuncCall]bool, error) {
	scan := &setPlaceScan{from: map[*pg.FuncCall]bool{}}
	place := ""
	if stmt.GetSelectStmt() == nil {
		place = "other"
	}
	if err := scan.message(stmt.ProtoReflect(), place); err != nil {
		return nil, err
	}
	return scan.from, nil
}

type setPlaceScan struct {
	from map[*pg.FuncCall]bool
}

// selectPlaces name the clauses of a SELECT by their fields, as
// PostgreSQL's errors name them. The select list, "", allows calls, and
// a clause not listed is "other".
var selectPlaces = map[protoreflect.Name]string{
	"target_list": "", "where_clause": "WHERE", "having_clause": "HAVING", "from_clause": "FROM",
	"limit_count": "LIMIT", "limit_offset": "OFFSET",
}

// message scans m, which is at place: "" in a select list, otherwise a
// name of the clause or of the enclosing construct.
func (s *setPlaceScan) message(m protoreflect.Message, place string) error {
	switch v := m.Interface().(type) {
	case *pg.SelectStmt:
		return s.fields(m, func(fd protoreflect.FieldDescriptor) string {
			if place, ok := selectPlaces[fd.Name()]; ok {
				return place
			}
			return "other"
		})
	case *pg.JoinExpr:
		return s.fields(m, func(fd protoreflect.FieldDescriptor) string {
			if fd.Name() == "quals" {
				return "JOIN/ON"
			}
			return place
		})
	case *pg.RangeFunction:
		if err := checkColumnDefinitions(v); err != nil {
			return err
		}
		if fc := jsonbRangeCall(v); fc != nil {
			s.from[fc] = true
			return s.calls(fc.Args, "FROM function")
		}
		// ROWS FROM, or another function: the functions are at place
		// "ROWS FROM" and their arguments inside a FROM function.
		for _, function := range v.Functions {
			items := function.GetList().GetItems()
			if len(items) == 0 || items[0].GetFuncCall() == nil {
				continue
			}
			fc := items[0].GetFuncCall()
			if name := strings.ToLower(lastName(fc.Funcname)); jsonbSetFunctions[name] != nil {
				return setPlaceError(fc, name, "ROWS FROM")
			}
			if err := s.calls(fc.Args, "FROM function"); err != nil {
				return err
			}
		}
		return nil
	case *pg.FuncCall:
		name := strings.ToLower(lastName(v.Funcname))
		_, isSet := jsonbSetFunctions[name]
		if isSet && place != "" {
			return setPlaceError(v, name, place)
		}
		switch {
		case isSet:
			place = "set-returning function"
		case v.Over != nil:
			place = "window"
		case isAggregate(v):
			place = "aggregate"
		}
	case *pg.CaseExpr:
		place = "CASE"
	case *pg.CoalesceExpr:
		place = "COALESCE"
	}
	return s.fields(m, func(protoreflect.FieldDescriptor) string { return place })
}

// fields scans the fields of m, each at the place that placeOf gives.
func (s *setPlaceScan) fields(m protoreflect.Message, placeOf func(protoreflect.FieldDescriptor) string) error {
	var err error
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		place := placeOf(fd)
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len() && err == nil; i++ {
				err = s.message(list.Get(i).Message(), place)
			}
			return err == nil
		}
		err = s.message(v.Message(), place)
		return err == nil
	})
	return err
}

func (s *setPlaceScan) calls(args []*pg.Node, place string) error {
	for _, arg := range args {
		if err := s.message(arg.ProtoReflect(), place); err != nil {
			return err
		}
	}
	return nil
}

// jsonbRangeCall returns the call of a FROM item that is one of jsonb's
// set-returning functions alone, without ROWS FROM or a column
// definition list, and nil for any other FROM item.
func jsonbRangeCall(rf *pg.RangeFunction) *pg.FuncCall {
	if rf.IsRowsfrom || len(rf.Functions) != 1 || len(rf.Coldeflist) > 0 {
		return nil
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 || (len(items) > 1 && items[1] != nil && items[1].Node != nil) {
		return nil
	}
	fc := items[0].GetFuncCall()
	if fc == nil {
		return nil
	}
	if _, ok := jsonbSetFunctions[strings.ToLower(lastName(fc.Funcname))]; !ok {
		return nil
	}
	return fc
}

// setPlaceError is PostgreSQL's error for a set-returning function at
// place, or 0A000 for the places where PostgreSQL runs it and DuckDB
// cannot.
func setPlaceError(fc *pg.FuncCall, name, place string) error {
	message := ""
	switch place {
	case "WHERE", "HAVING", "JOIN/ON", "LIMIT", "OFFSET", "CASE", "COALESCE":
		message = "set-returning functions are not allowed in " + place
	case "aggregate":
		message = "aggregate function calls cannot contain set-returning function calls"
	case "window":
		message = "window function calls cannot contain set-returning function calls"
	case "FROM function":
		message = "set-returning functions must appear at top level of FROM"
	case "ROWS FROM":
		return unsupportedf(fc.Location, "function %s() in ROWS FROM or with a column definition list is not supported on this warehouse", name)
	default:
		return unsupportedf(fc.Location, "function %s() outside the select list and FROM is not supported on this warehouse", name)
	}
	return &Error{Code: CodeFeatureNotSupported, Message: message, Position: int(fc.Location) + 1}
}

// checkColumnDefinitions raises PostgreSQL's error for a column
// definition list, as in AS t(a int), after one of jsonb's set-returning
// functions, which do not return record.
func checkColumnDefinitions(rf *pg.RangeFunction) error {
	if len(rf.Coldeflist) == 0 || rf.IsRowsfrom || len(rf.Functions) != 1 {
		return nil
	}
	fc := singleCall(rf)
	if _, ok := jsonbSetFunctions[strings.ToLower(lastName(fc.GetFuncname()))]; !ok {
		return nil
	}
	return &Error{Code: CodeSyntaxError, Message: `a column definition list is only allowed for functions returning "record"`,
		Position: int(exprLocation(rf.Coldeflist[0])) + 1}
}

// jsonbFunctionItem returns the FROM item of a call of one of jsonb's
// set-returning functions or of jsonb_to_record(set), with the types of
// its columns, so that a jsonb column shows that it is jsonb as a
// table's does. It reports false for other FROM items.
func jsonbFunctionItem(rf *pg.RangeFunction) (fromItem, bool) {
	if rf == nil || rf.IsRowsfrom {
		return fromItem{}, false
	}
	name := strings.ToLower(lastName(singleCall(rf).GetFuncname()))
	rel := &relationType{}
	if fn, ok := jsonbSetFunctions[name]; ok && len(rf.Coldeflist) == 0 {
		alias, err := jsonbSetAlias(rf, fn, name)
		if err != nil {
			return fromItem{}, false
		}
		for i, column := range alias.Colnames {
			typ := "text"
			switch {
			case i == len(fn.columns):
				typ = "int8" // ordinality
			case slices.Contains(fn.jsonbValues, i):
				typ = "jsonb"
			}
			rel.columns = append(rel.columns, typedColumn{name: strings.ToLower(column.GetString_().GetSval()), typ: typ})
		}
		row := recordRow
		if len(rel.columns) == 1 {
			// A function of one result column, whose whole row is that
			// column's value.
			row = scalarRow
		}
		return fromItem{alias: alias.Aliasname, rel: rel, row: row}, true
	}
	if _, ok := jsonbRecordFunctions[name]; !ok || len(rf.Coldeflist) == 0 {
		return fromItem{}, false
	}
	for _, item := range rf.Coldeflist {
		def := item.GetColumnDef()
		typ := ""
		if tn := def.GetTypeName(); tn != nil && len(tn.Typmods) == 0 && len(tn.ArrayBounds) == 0 {
			typ = castTypeNames[lastName(tn.Names)]
			if lastName(tn.Names) == "jsonb" {
				typ = "jsonb"
			}
		}
		rel.columns = append(rel.columns, typedColumn{name: strings.ToLower(def.GetColname()), typ: typ})
	}
	aliasName := name
	if rf.Alias != nil {
		aliasName = rf.Alias.Aliasname
	}
	return fromItem{alias: aliasName, rel: rel, row: recordRow}, true
}

// singleCall returns the function call of a FROM item with one function,
// and nil for ROWS FROM of several functions.
func singleCall(rf *pg.RangeFunction) *pg.FuncCall {
	if len(rf.Functions) != 1 {
		return nil
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 {
		return nil
	}
	return items[0].GetFuncCall()
}
