package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// jsonbRecordFunctions are jsonb's functions that turn objects into rows
// of the columns that the call's column definition list declares, by
// whether they take an array of objects.
var jsonbRecordFunctions = map[string]bool{
	"jsonb_to_record": false, "jsonb_to_recordset": true,
	// json's, whose document must be a string constant (jsonTextArgument).
	"json_to_record": false, "json_to_recordset": true,
}

// jsonbRecordTypes are the column types that the rewrite of
// jsonbRecordFunctions reads from a field's text with a cast, as
// PostgreSQL reads them with the type's input function. Types with a
// modifier, such as varchar(10), are not among them, since their input
// fails for a longer value where the cast truncates it. Nor is numeric,
// whose cast from text keeps more fractional digits than the input.
var jsonbRecordTypes = map[string]bool{
	"text": true, "varchar": true, "int2": true, "int4": true, "int8": true, "float4": true, "float8": true,
	"bool": true, "date": true, "timestamp": true, "timestamptz": true, "jsonb": true,
}

// rewriteJSONBRecordFunctions replaces each call of jsonb_to_record() or
// jsonb_to_recordset() in FROM by a LATERAL subquery that reads the
// fields of each object with pgway_jsonb_records(), or of the object with
// pgway_jsonb_record(), and casts their text to the declared types:
//
//	LATERAL (SELECT pgway_r[1]::text::int4 AS a, ...
//	         FROM (SELECT unnest(pgway_jsonb_records(doc, ARRAY['a', ...], ARRAY[false, ...],
//	                                                 'jsonb_to_recordset')) AS pgway_r) AS pgway_records)
//	    AS alias(a, ...)
//
// It runs before the walk, which then rewrites the casts as any other.
func rewriteJSONBRecordFunctions(stmt *pg.Node, relations *Relations) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.SelectStmt:
			err = rewriteRecordItems(v.FromClause, relations)
		case *pg.JoinExpr:
			items := []*pg.Node{v.Larg, v.Rarg}
			err = rewriteRecordItems(items, relations)
			v.Larg, v.Rarg = items[0], items[1]
		}
	})
	return err
}

// rewriteRecordItems rewrites the calls of jsonbRecordFunctions and
// jsonbPopulateFunctions among the FROM items.
func rewriteRecordItems(items []*pg.Node, relations *Relations) error {
	for i, item := range items {
		rf := item.GetRangeFunction()
		if rf == nil || rf.IsRowsfrom {
			continue
		}
		fc := singleCall(rf)
		name := strings.ToLower(lastName(fc.GetFuncname()))
		if set, ok := jsonbPopulateFunctions[name]; ok {
			subquery, err := jsonbPopulateQuery(rf, fc, name, set, relations)
			if err != nil {
				return err
			}
			items[i] = subquery
			continue
		}
		set, ok := jsonbRecordFunctions[name]
		if !ok {
			continue
		}
		subquery, err := jsonbRecordQuery(rf, fc, name, set)
		if err != nil {
			return err
		}
		items[i] = subquery
	}
	return nil
}

// jsonbRecordQuery returns the LATERAL subquery that replaces rf, a call
// of jsonb_to_record() or jsonb_to_recordset().
func jsonbRecordQuery(rf *pg.RangeFunction, fc *pg.FuncCall, name string, set bool) (*pg.Node, error) {
	loc := fc.Location
	switch {
	case len(rf.Coldeflist) == 0:
		return nil, &Error{Code: CodeSyntaxError, Message: `a column definition list is required for functions returning "record"`,
			Position: int(loc) + 1}
	case rf.Ordinality:
		return nil, &Error{Code: CodeSyntaxError, Message: "WITH ORDINALITY cannot be used with a column definition list",
			Position: int(loc) + 1}
	case len(fc.Args) != 1 || fc.FuncVariadic || fc.AggStar || fc.Over != nil || fc.Args[0].GetNamedArgExpr() != nil:
		return nil, missingFunction(name, loc, argumentTypes(fc.Args)...)
	}
	var names, asJSON, columns, targets []*pg.Node
	seen := map[string]bool{}
	for i, item := range rf.Coldeflist {
		def := item.GetColumnDef()
		if def == nil || def.TypeName == nil {
			return nil, unsupportedf(loc, "this column definition of %s() is not supported on this warehouse", name)
		}
		folded := strings.ToLower(def.Colname)
		if seen[folded] {
			// DuckDB matches column names in any case.
			return nil, unsupportedf(def.Location, "columns %q of %s() that differ only in case are not supported on this warehouse",
				def.Colname, name)
		}
		seen[folded] = true
		typ := lastName(def.TypeName.Names)
		if !jsonbRecordTypes[typ] || len(def.TypeName.Typmods) > 0 || len(def.TypeName.ArrayBounds) > 0 {
			return nil, unsupportedf(def.TypeName.Location, "a column of type %s in %s() is not supported on this warehouse",
				postgresTypeDisplayName(def.TypeName), name)
		}
		names = append(names, pg.MakeAConstStrNode(def.Colname, loc))
		asJSON = append(asJSON, boolConst(typ == "jsonb", loc))
		columns = append(columns, pg.MakeStrNode(def.Colname))

		field := &pg.Node{Node: &pg.Node_AIndirection{AIndirection: &pg.A_Indirection{Arg: columnRef("pgway_r"),
			Indirection: []*pg.Node{{Node: &pg.Node_AIndices{AIndices: &pg.A_Indices{Uidx: pg.MakeAConstIntNode(int64(i+1), loc)}}}}}}}
		value := &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: typeCast(field, "text", loc),
			TypeName: def.TypeName, Location: loc}}}
		targets = append(targets, resTarget(def.Colname, value))
	}
	doc := jsonbOperand(fc.Args[0], fmt.Sprintf("function %s({}) does not exist", name), loc)
	function := "pgway_jsonb_record"
	if strings.HasPrefix(name, "json_") {
		var err error
		if doc, err = jsonTextArgument(fc, name); err != nil {
			return nil, err
		}
		function = "pgway_json_record"
	}
	if set {
		function += "s"
	}
	records := funcCall(function, loc, doc,
		typeCastArray(&pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: names, Location: loc}}}, loc),
		&pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: asJSON, Location: loc}}},
		pg.MakeAConstStrNode(name, loc))
	if !set {
		// jsonb_to_record(NULL) is one row of NULLs, as in PostgreSQL.
		records = &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: []*pg.Node{records}, Location: loc}}}
	}
	inner := selectOf(nil, resTarget("pgway_r", funcCall("unnest", loc, records)))
	query := selectOf([]*pg.Node{derivedTable(inner, "pgway_records", false)}, targets...)
	aliasName := name
	if rf.Alias != nil {
		aliasName = rf.Alias.Aliasname
	}
	return &pg.Node{Node: &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{Lateral: true, Subquery: query,
		Alias: &pg.Alias{Aliasname: aliasName, Colnames: columns}}}}, nil
}

// postgresTypeDisplayName is the name of a type in a column definition
// list as the statement writes it, for messages.
func postgresTypeDisplayName(tn *pg.TypeName) string {
	name := lastName(tn.Names)
	if display, ok := typeDisplayNames[name]; ok {
		name = display
	}
	if len(tn.ArrayBounds) > 0 {
		name += "[]"
	}
	return name
}

// jsonbPopulateFunctions are jsonb_populate_record() and
// jsonb_populate_recordset(), by whether they take an array of objects.
var jsonbPopulateFunctions = map[string]bool{"jsonb_populate_record": false, "jsonb_populate_recordset": true}

// jsonbPopulateQuery returns the LATERAL subquery that replaces rf, a call
// of jsonb_populate_record(NULL::t, doc) or jsonb_populate_recordset(),
// where t is a table whose columns Relations have. With a NULL base
// record these read the fields as jsonb_to_record(doc) AS (the columns of
// t) does, so the rewrite is jsonbRecordQuery's. A base record that is
// not NULL, whose fields fill the missing keys, and a table whose columns
// pgway does not know fail with 0A000.
func jsonbPopulateQuery(rf *pg.RangeFunction, fc *pg.FuncCall, name string, set bool, relations *Relations) (*pg.Node, error) {
	loc := fc.Location
	switch {
	case len(fc.Args) != 2 || fc.FuncVariadic || fc.AggStar || fc.Over != nil ||
		fc.Args[0].GetNamedArgExpr() != nil || fc.Args[1].GetNamedArgExpr() != nil:
		return nil, missingFunction(name, loc, argumentTypes(fc.Args)...)
	case len(rf.Coldeflist) > 0 || rf.Ordinality:
		return nil, unsupportedf(loc, "%s() with a column definition list or WITH ORDINALITY is not supported on this warehouse", name)
	}

	base := fc.Args[0].GetTypeCast()
	if base == nil || !base.Arg.GetAConst().GetIsnull() || len(base.TypeName.GetArrayBounds()) > 0 {
		return nil, unsupportedf(loc, "%s() with a base record other than NULL::table is not supported on this warehouse", name)
	}
	typeNames := names(base.TypeName.Names)
	schema, table := "", typeNames[len(typeNames)-1]
	if len(typeNames) == 2 {
		schema = typeNames[0]
	}
	if _, scalar := castTypeNames[table]; scalar && (schema == "" || schema == "pg_catalog") {
		return nil, &Error{Code: "42804", Message: fmt.Sprintf("first argument of %s must be a row type", name),
			Position: int(loc) + 1}
	}
	// The types of pg_catalog that castTypeNames lacks, such as uuid, are
	// not looked up, and fail with 0A000 below.
	if found, known := relations.Finds(schema, table); known && !found && schema != "pg_catalog" && len(typeNames) <= 2 {
		return nil, &Error{Code: "42704", Message: fmt.Sprintf("type %q does not exist", strings.Join(typeNames, ".")),
			Position: int(base.TypeName.Location) + 1}
	}
	rel := relations.lookup(schema, table)
	if rel == nil || rel.opaque || len(typeNames) > 2 {
		return nil, unsupportedf(loc, "%s() of type %s, whose columns pgway does not know, is not supported on this warehouse",
			name, strings.Join(typeNames, "."))
	}

	defs := make([]*pg.Node, len(rel.columns))
	for i, column := range rel.columns {
		if column.typ == "" {
			return nil, unsupportedf(loc, "%s() of type %s, whose column %q has a type pgway does not know, is not supported on this warehouse",
				name, table, column.name)
		}
		colname := column.spelled
		if colname == "" {
			colname = column.name
		}
		typeName := &pg.TypeName{Names: stringNodes(column.typ), Typemod: -1, Location: loc}
		defs[i] = &pg.Node{Node: &pg.Node_ColumnDef{ColumnDef: &pg.ColumnDef{Colname: colname, TypeName: typeName, Location: loc}}}
	}

	call := proto.Clone(fc).(*pg.FuncCall)
	call.Args = call.Args[1:]
	item := &pg.RangeFunction{Lateral: rf.Lateral, Coldeflist: defs, Alias: rf.Alias}
	query, err := jsonbRecordQuery(item, call, name, set)
	if err != nil {
		return nil, err
	}
	if rf.Alias == nil {
		return query, nil
	}
	// An alias list renames the first columns, as in PostgreSQL.
	alias := query.GetRangeSubselect().Alias
	if len(rf.Alias.Colnames) > len(alias.Colnames) {
		return nil, &Error{Code: "42P10", Message: fmt.Sprintf("table %q has %d columns available but %d columns specified",
			rf.Alias.Aliasname, len(alias.Colnames), len(rf.Alias.Colnames))}
	}
	copy(alias.Colnames, rf.Alias.Colnames)
	return query, nil
}
