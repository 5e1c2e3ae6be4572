package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDBCapabilities are the optional features of a DuckDB database that
// change how statements translate.
type DuckDBCapabilities struct {
	// Spatial is set when the database has the GEOMETRY type and the
	// PostGIS functions that the DuckDB provider registers, listed in
	// duckDBGeometryFunctions.
	Spatial bool
	// Relations are the column types of the database's tables and views,
	// nil when they are not known.
	Relations *Relations
}

// DuckDBSessionSetup are the statements a DuckDB database must run before
// the first translated statement, because the rewrites rely on them:
// integer_division makes / truncate on integers and divide exactly on
// other types, as PostgreSQL's / does. They set the database's global
// value, which every connection opened later starts with.
// max_expression_depth lets through the expressions that translate
// accepts (see maxExpressionDepth), where DuckDB's default of 1000 would
// fail with 42601.
var DuckDBSessionSetup = []string{
	"SET GLOBAL integer_division = true",
	fmt.Sprintf("SET GLOBAL max_expression_depth = %d", duckDBExpressionDepth),
}

type duckDB struct {
	caps DuckDBCapabilities
	// name is base, the name of caps, and the parameter types.
	name, base string
	// params are the PostgreSQL types of the parameters (WithParamTypes).
	params []uint32
	// fullLists keeps long lists of constants whole (see
	// compactConstantLists), for tests.
	fullLists bool
	// lists are the compacted lists of the statement that a copy of the
	// dialect translates, and listsRewritten reports that its rewrite
	// changed one of them (translateStatement).
	lists          []*compactList
	listsRewritten bool
}

// DuckDB returns the dialect of the DuckDB that duckdb-go v2.20000.0
// bundles, whose version() reports v2.0.0.
func DuckDB(caps DuckDBCapabilities) Dialect {
	name := "duckdb"
	if caps.Spatial {
		name += "+spatial"
	}
	if caps.Relations != nil {
		name += "@" + caps.Relations.id
	}
	return &duckDB{caps: caps, name: name, base: name}
}

func (d *duckDB) Name() string {
	return d.name
}

func (d *duckDB) warehouseTime() map[foldKind]string {
	return map[foldKind]string{
		foldTransactionStart: "now()",
		foldStatementStart:   "now()",
		foldCurrentDate:      "current_date",
		foldCurrentTime:      "current_time",
		foldLocalTimestamp:   "localtimestamp",
		foldLocalTime:        "localtime",
	}
}

// maxRewriteNodes bounds the size of a DuckDB rewrite, about 20 times a
// query of 10,000 nodes.
const maxRewriteNodes = 200_000

// maxExpansion bounds how many times the DuckDB rewrite may repeat the
// innermost operand of a statement's expressions (see expansion).
const maxExpansion = 4096

// rewriteStatement rewrites stmt, whose lists are compacted
// (duckdb_constant_lists.go).
func (d *duckDB) rewriteStatement(stmt *pg.Node, lists []*compactList) (string, error) {
	if err := checkNumericTypmods(stmt); err != nil {
		return "", err
	}
	if err := checkMainSchema(stmt); err != nil {
		return "", err
	}
	if err := checkFromErrors(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	groupByKeyColumns(stmt, d.caps.Relations)
	removeOnlyKeyword(stmt)
	if err := expandDistinctGroupingSets(stmt); err != nil {
		return "", err
	}
	if err := checkValuesTypes(stmt); err != nil {
		return "", err
	}
	// Before the rewrites that cast the values, such as NULL to text.
	if err := checkAssignedTypes(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	if err := checkReturningAggregates(stmt); err != nil {
		return "", err
	}
	if err := checkTruncate(stmt); err != nil {
		return "", err
	}
	if err := qualifiedStars(stmt); err != nil {
		return "", err
	}
	dropKeylessConflicts(stmt, d.caps.Relations)
	if err := populateRecordTargets(stmt); err != nil {
		return "", err
	}
	if err := nameInsertedColumns(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	integerSeriesInFrom(stmt)
	varcharLengthChecks(stmt)
	timePrecisionChecks(stmt)
	if err := checkInternalFunctions(stmt); err != nil {
		return "", err
	}
	// After the check, which would reject the provider's function that
	// the CHECK constraints call.
	if err := geometryTypmodChecks(stmt); err != nil {
		return "", err
	}
	markUnseenJSONOperands(stmt)
	// After the check, which would reject the provider's functions that
	// typeParams writes.
	if err := typeParams(stmt, d.params, d.caps.Relations); err != nil {
		return "", err
	}
	if err := checkReturning(stmt); err != nil {
		return "", err
	}
	if err := checkWriteClauses(stmt); err != nil {
		return "", err
	}
	if err := checkDrop(stmt); err != nil {
		return "", err
	}
	if err := checkLocking(stmt); err != nil {
		return "", err
	}
	if err := rewriteExplain(stmt); err != nil {
		return "", err
	}
	if err := takeTemporaryOnCommit(stmt); err != nil {
		return "", err
	}
	if err := checkOnCommit(stmt); err != nil {
		return "", err
	}
	if err := rewriteConstraintClauses(stmt); err != nil {
		return "", err
	}
	if err := checkRenameAnalyze(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	if err := checkMerge(stmt); err != nil {
		return "", err
	}
	if err := rewriteComment(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	// Before checkClauses, which drops COLLATE of the plain collations.
	if err := checkQueryErrors(stmt); err != nil {
		return "", err
	}
	if err := checkCreatedColumnNames(stmt); err != nil {
		return "", err
	}
	if err := checkClauses(stmt); err != nil {
		return "", err
	}
	if err := checkRecursiveQueries(stmt); err != nil {
		return "", err
	}
	if err := checkNames(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	if err := d.caps.Relations.checkColumnCase(stmt); err != nil {
		return "", err
	}
	if err := checkRowStars(stmt); err != nil {
		return "", err
	}
	if err := checkIntervalConstants(stmt); err != nil {
		return "", err
	}
	if err := checkSelectClauses(stmt); err != nil {
		return "", err
	}
	if err := checkAmbiguousOrderNames(stmt); err != nil {
		return "", err
	}
	if err := checkCubeSize(stmt); err != nil {
		return "", err
	}
	if err := checkArrayDimensions(stmt); err != nil {
		return "", err
	}
	if err := rewriteCharCasts(stmt); err != nil {
		return "", err
	}
	if err := expandUsingStars(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	// Before typeSetOperationLiterals, which can hide the width of a
	// set operation behind *.
	if err := checkConflictRows(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	typeNullCases(stmt)
	types, wholeRows, err := resolveColumns(stmt, d.caps.Relations)
	if err != nil {
		return "", err
	}
	jsonColumns := takeJSONColumns(types)
	if err := typeSetOperationLiterals(stmt, types); err != nil {
		return "", err
	}
	if err := checkUnionScales(stmt, types); err != nil {
		return "", err
	}
	mixedScaleUses := checkMixedScales(stmt)
	if err := rewriteFunctionRows(stmt, wholeRows, types); err != nil {
		return "", err
	}
	if err := foldTypeOf(stmt, types, d.caps.Relations); err != nil {
		return "", err
	}
	if err := checkDistinctAggregateOrder(stmt); err != nil {
		return "", err
	}
	guardedArrayAggs, err := checkNestedArrayAggs(stmt, types)
	if err != nil {
		return "", err
	}
	renameByteaLengths(stmt, types)
	typeColumns(stmt, types)
	if err := typeTimeLiterals(stmt); err != nil {
		return "", err
	}
	zonedIntervalArithmetic(stmt)
	if err := checkBooleanCasts(stmt); err != nil {
		return "", err
	}
	if err := checkOperandTypes(stmt, types); err != nil {
		return "", err
	}
	if err := numericSeries(stmt); err != nil {
		return "", err
	}
	if err := checkStrictTypes(stmt); err != nil {
		return "", err
	}
	integerSeriesInFrom(stmt)
	readUnknownTextAsInteger(stmt, types, d.caps.Relations)
	typeComputedCasts(stmt, types)
	if err := checkJSONEquality(stmt, jsonColumns); err != nil {
		return "", err
	}
	if err := checkJSONBComparisons(stmt, types); err != nil {
		return "", err
	}
	jsonbOperators, err := jsonbModifyOperators(stmt)
	if err != nil {
		return "", err
	}
	if err := typeArrayConstants(stmt, types); err != nil {
		return "", err
	}
	if err := concatArrayResults(stmt, types); err != nil {
		return "", err
	}
	if err := rewriteLikeEscapes(stmt); err != nil {
		return "", err
	}
	if err := castByteaSliceArguments(stmt, types); err != nil {
		return "", err
	}
	if err := typeArrayConcatOperands(stmt, types); err != nil {
		return "", err
	}
	if err := typeArrayStrings(stmt, types); err != nil {
		return "", err
	}
	dimensionGuards, err := clampArraySubscripts(stmt, types)
	if err != nil {
		return "", err
	}
	if err := checkPercentileInputs(stmt, types); err != nil {
		return "", err
	}
	typeStringOperands(stmt)
	typeNullArguments(stmt)
	promoteNullifOperands(stmt)
	if err := checkRangeOffsetTypes(stmt, types); err != nil {
		return "", err
	}
	typeWindowOffsets(stmt, types)
	widenRangeKeys(stmt, types)
	typeAssignedStrings(stmt, d.caps.Relations)
	assignFloatNumerics(stmt, d.caps.Relations)
	assignColumnTypes(stmt, d.caps.Relations)
	assignMergeColumnTypes(stmt, d.caps.Relations)
	catalog := ""
	if d.caps.Relations != nil {
		catalog = d.caps.Relations.catalog
	}
	publicToMain(stmt, catalog)
	outputTextCasts(stmt, types)
	markFloatFunctionText(stmt)
	if expansion(stmt.ProtoReflect()) > maxExpansion {
		return "", tooComplex()
	}
	if err := checkWideConstants(stmt); err != nil {
		return "", err
	}
	if err := extentGeometries(stmt, true); err != nil {
		return "", err
	}
	if err := rewriteJSONBRecordFunctions(stmt, d.caps.Relations); err != nil {
		return "", err
	}
	setCalls, err := jsonbSetPlaces(stmt)
	if err != nil {
		return "", err
	}
	visit := func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_AExpr:
			if jsonbOperators[v.AExpr] {
				return rewriteJSONBModifyOperator(n, v.AExpr)
			}
			return d.rewriteOperator(n, v.AExpr)
		case *pg.Node_FuncCall:
			if setCalls[v.FuncCall] {
				// Its FROM item rewrites it (rewriteJSONBRangeFunction).
				return nil
			}
			return d.rewriteFunction(n, v.FuncCall)
		case *pg.Node_RangeFunction:
			if fc := jsonbRangeCall(v.RangeFunction); fc != nil && setCalls[fc] {
				return rewriteJSONBRangeFunction(n, v.RangeFunction)
			}
			for _, item := range v.RangeFunction.Functions {
				if call := item.GetList().GetItems(); len(call) > 0 && call[0].GetFuncCall() == nil {
					// FROM CAST(x AS date), which DuckDB cannot parse.
					return unsupported("this expression in FROM", exprLocation(call[0]), "")
				}
			}
			if handled, err := rewriteMultiUnnest(n, v.RangeFunction); handled {
				return err
			}
			if len(v.RangeFunction.Coldeflist) > 0 {
				// rewriteJSONBRecordFunctions took those of jsonb's
				// functions; DuckDB cannot parse others.
				return unsupported("a column definition list", exprLocation(v.RangeFunction.Coldeflist[0]),
					"Name the columns with an alias list instead, as in AS t(a, b).")
			}
			return nameRegexRangeFunction(v.RangeFunction)
		case *pg.Node_TypeCast:
			return d.rewriteCast(n, v.TypeCast)
		case *pg.Node_SortBy:
			if err := rewriteSortOperator(v.SortBy); err != nil {
				return err
			}
			defaultNullsFirstOnDesc(v.SortBy)
		case *pg.Node_SelectStmt:
			return d.rewriteSelect(v.SelectStmt)
		case *pg.Node_CommonTableExpr:
			materializeVolatileCTE(v.CommonTableExpr)
		case *pg.Node_GroupingFunc:
			// GROUPING returns integer in PostgreSQL and BIGINT in DuckDB.
			n.Node = typeCast(&pg.Node{Node: v}, "int4", v.GroupingFunc.Location).Node
		case *pg.Node_ColumnDef:
			if tn := v.ColumnDef.TypeName; lastName(tn.GetNames()) == "numeric" && len(tn.Typmods) == 0 {
				// DuckDB's DECIMAL without a precision is DECIMAL(18,3),
				// which would round what PostgreSQL's numeric keeps.
				return unsupported("a column of type numeric without a precision", tn.Location,
					"Give it a precision and scale, such as numeric(38,10).")
			}
			return d.rewriteTypeName(v.ColumnDef.TypeName)
		case *pg.Node_ColumnRef:
			rewriteCtid(n, v.ColumnRef)
		case *pg.Node_AConst:
			if err := checkBitString(v.AConst); err != nil {
				return err
			}
			rewriteExponentLiteral(n, v.AConst)
		case *pg.Node_NullTest:
			rewriteRowNullTest(n, v.NullTest)
		case *pg.Node_CoalesceExpr:
			widenSmallintResults(v.CoalesceExpr.Args)
			return wrapJSONCoalesce(v.CoalesceExpr)
		case *pg.Node_MinMaxExpr:
			widenSmallintResults(v.MinMaxExpr.Args)
		case *pg.Node_CaseExpr:
			widenSmallintResults(caseResults(v.CaseExpr))
		case *pg.Node_AIndirection:
			if err := checkConstantField(v.AIndirection); err != nil {
				return err
			}
			return rewriteRowField(n, v.AIndirection)
		}
		return nil
	}
	picked := false
	err = walkNode(stmt, func(n *pg.Node) error {
		if err := visit(n); err != nil {
			return err
		}
		picked = markPick(n) || picked
		return nil
	})
	if err != nil {
		return "", err
	}
	guardFloatArithmetic(stmt)
	guardNestedArrayAggs(stmt, guardedArrayAggs)
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if fc, ok := msg.(*pg.FuncCall); ok {
			addTextDigits(fc)
		}
	})
	resultColumns(stmt, types)
	if err := mixedScaleUses.check(); err != nil {
		return "", err
	}
	if picked {
		dropPicks(stmt)
	}
	guardQuotientPlaces(stmt)
	guardRecursiveTypes(stmt)
	guardDimensions(stmt, dimensionGuards)
	if d.caps.Spatial {
		boxSpatialJoins(stmt, d.caps.Relations)
	}
	nameDuplicateColumns(stmt)
	if writtenSize(stmt, maxRewriteNodes) > maxRewriteNodes {
		return "", tooLarge()
	}
	if err := restoreConstantLists(stmt, lists); err != nil {
		return "", err
	}
	truncateFirstTable(stmt)
	text, err := deparse(stmt)
	if err != nil {
		return "", err
	}
	return quoteDuckDBKeywords(text)
}

// checkInternalFunctions rejects calls of functions that PostgreSQL does
// not have and a client must not reach. These are the functions that the
// DuckDB provider registers for the dialect's rewrites, such as pgway_div,
// and DuckDB's system functions and views, such as duckdb_databases(),
// which show the database's file path and settings.
// pgway_refresh_catalog() is pgway's own and runs before translation.
func checkInternalFunctions(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if rv, ok := msg.(*pg.RangeVar); ok && err == nil && internalRelation(rv) {
			err = &Error{Code: "42P01", Message: fmt.Sprintf("relation %q does not exist", rv.Relname),
				Position: int(rv.Location) + 1}
		}
		fc, ok := msg.(*pg.FuncCall)
		name := strings.ToLower(lastName(fc.GetFuncname()))
		if ok && err == nil && internalFunction(name) {
			if len(fc.Args) == 0 && !fc.AggStar {
				name += "()" // as PostgreSQL writes a call without arguments
			}
			err = &Error{Code: CodeUndefinedFunction, Message: fmt.Sprintf("function %s does not exist", name),
				Hint:     "No function matches the given name and argument types. You might need to add explicit type casts.",
				Position: int(fc.Location) + 1}
		}
	})
	return err
}

// internalFunctionPrefixes start the names of the functions that
// checkInternalFunctions rejects, and internalFunctions are the others.
var (
	internalFunctionPrefixes = []string{"pgway_", "duckdb_", "pragma_"}
	internalFunctions        = map[string]bool{"which_secret": true, "getvariable": true, "database_size": true}
)

// internalViews are the views that DuckDB adds to every database's main
// schema, and internalCatalogs its databases besides the warehouse's.
var (
	internalViews = map[string]bool{
		"duckdb_columns": true, "duckdb_constraints": true, "duckdb_databases": true, "duckdb_indexes": true,
		"duckdb_schemas": true, "duckdb_tables": true, "duckdb_types": true, "duckdb_views": true,
		"pragma_database_list": true, "sqlite_master": true, "sqlite_schema": true,
		"sqlite_temp_master": true, "sqlite_temp_schema": true,
	}
	internalCatalogs = map[string]bool{"system": true, "temp": true}
)

// internalRelation reports whether rv names one of DuckDB's own views or
// a relation of its system or temp database.
func internalRelation(rv *pg.RangeVar) bool {
	return internalCatalogs[strings.ToLower(rv.Catalogname)] ||
		internalViews[strings.ToLower(rv.Relname)] && (rv.Schemaname == "" || rv.Schemaname == "public" || rv.Schemaname == "main")
}

func internalFunction(name string) bool {
	if name == "pgway_refresh_catalog" {
		return false
	}
	for _, prefix := range internalFunctionPrefixes {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return internalFunctions[name]
}

// publicToMain renames the schema public, where PostgreSQL clients find
// their tables and which pgway reports as current_schema(), to main,
// DuckDB's default schema, in relation names and in schema-qualified
// column references such as public.cities.id. With the database's name,
// catalog, a relation name gets it too: DuckDB would find main.t in the
// temporary tables first, where public.t never names one. pg_temp is the
// schema of DuckDB's temporary tables, temp.main.
// NOTE: a DuckDB database that has a schema named public cannot be
// queried by that name.
func publicToMain(stmt *pg.Node, catalog string) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.RangeVar:
			switch {
			case v.Schemaname == "public" && v.Catalogname == "":
				v.Catalogname, v.Schemaname = catalog, "main"
			case v.Schemaname == "pg_temp" && v.Catalogname == "":
				v.Catalogname, v.Schemaname = "temp", "main"
			}
		case *pg.ColumnRef:
			if len(v.Fields) >= 3 && v.Fields[0].GetString_().GetSval() == "public" {
				v.Fields[0] = pg.MakeStrNode("main")
			}
		case *pg.DropStmt:
			// DROP names its objects as lists of names.
			for _, object := range v.Objects {
				list := object.GetList()
				names := list.GetItems()
				if len(names) != 2 {
					continue
				}
				switch names[0].GetString_().GetSval() {
				case "public":
					list.Items = qualifiedNames(catalog, "main", names[1])
				case "pg_temp":
					list.Items = qualifiedNames("temp", "main", names[1])
				}
			}
		}
	})
}

// qualifiedNames returns the list of names catalog.schema.name, without
// catalog when it is empty.
func qualifiedNames(catalog, schema string, name *pg.Node) []*pg.Node {
	if catalog == "" {
		return []*pg.Node{pg.MakeStrNode(schema), name}
	}
	return []*pg.Node{pg.MakeStrNode(catalog), pg.MakeStrNode(schema), name}
}

// defaultNullsFirstOnDesc spells out PostgreSQL's default null order:
// NULLS FIRST for DESC. DuckDB sorts nulls last in both directions.
func defaultNullsFirstOnDesc(s *pg.SortBy) {
	if s.SortbyDir == pg.SortByDir_SORTBY_DESC && s.SortbyNulls == pg.SortByNulls_SORTBY_NULLS_DEFAULT {
		s.SortbyNulls = pg.SortByNulls_SORTBY_NULLS_FIRST
	}
}

// rewriteSelect rejects a SELECT without columns, which DuckDB cannot
// parse, and wraps set-returning functions in the select list, which
// DuckDB evaluates to one list per row, in unnest.
func (d *duckDB) rewriteSelect(sel *pg.SelectStmt) error {
	if len(sel.TargetList) == 0 && len(sel.ValuesLists) == 0 && sel.Op == pg.SetOperation_SETOP_NONE {
		return unsupportedf(-1, "SELECT without result columns is not supported on this warehouse")
	}
	if err := checkValuesLengths(sel); err != nil {
		return err
	}
	// The walk visits Nodes, and the branches of a set operation are not.
	for _, branch := range []*pg.SelectStmt{sel.Larg, sel.Rarg} {
		if branch != nil {
			if err := d.rewriteSelect(branch); err != nil {
				return err
			}
		}
	}
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		fc := rt.GetVal().GetFuncCall()
		if rt != nil && rt.Name == "" && fc != nil && lastName(fc.Funcname) == "pgway_ctid" {
			rt.Name = "ctid"
		}
		if rt != nil {
			if err := unnestSeries(rt.Val, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// unnestSeries wraps each generate_series in the select-list expression
// n in unnest, outside subqueries, so that it adds rows as in PostgreSQL,
// where DuckDB's generate_series is one list. Like PostgreSQL, it rejects
// the call inside CASE, COALESCE or an aggregate, where DuckDB's unnest
// would run or fail with XX000. within names the innermost such
// construct around n, or is empty.
func unnestSeries(n *pg.Node, within string) error {
	switch v := n.GetNode().(type) {
	case *pg.Node_CaseExpr:
		within = "CASE"
	case *pg.Node_CoalesceExpr:
		within = "COALESCE"
	case *pg.Node_FuncCall:
		name := lastName(v.FuncCall.Funcname)
		switch {
		case name == "unnest":
			return nil
		case name == "generate_series" && within == "":
			n.Node = funcCall("unnest", v.FuncCall.Location, int4SeriesList(&pg.Node{Node: v})).Node
			return nil
		case name == "generate_series":
			message := "set-returning functions are not allowed in " + within
			if within == "aggregate" {
				message = "aggregate function calls cannot contain set-returning function calls"
			}
			return &Error{Code: CodeFeatureNotSupported, Message: message, Position: int(v.FuncCall.Location) + 1,
				Hint: "You might be able to move the set-returning function into a LATERAL FROM item."}
		case aggregateFunctions[name] || v.FuncCall.Over != nil:
			within = "aggregate"
		}
	}
	return unnestSeriesIn(n.ProtoReflect(), within)
}

// unnestSeriesIn applies unnestSeries to the nodes under m, outside
// subqueries.
func unnestSeriesIn(m protoreflect.Message, within string) error {
	switch m.Interface().(type) {
	case *pg.SubLink, *pg.SelectStmt:
		return nil
	}
	var err error
	visit := func(child protoreflect.Message) {
		if n, ok := child.Interface().(*pg.Node); ok {
			err = unnestSeries(n, within)
		} else {
			err = unnestSeriesIn(child, within)
		}
	}
	rangeFields(m, func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		if fd.IsList() {
			for i := 0; i < val.List().Len() && err == nil; i++ {
				visit(val.List().Get(i).Message())
			}
		} else {
			visit(val.Message())
		}
		return err == nil
	})
	return err
}

// checkValuesLengths raises PostgreSQL's error for VALUES lists of
// different lengths, which DuckDB would raise as a parser error.
func checkValuesLengths(sel *pg.SelectStmt) error {
	for _, list := range sel.ValuesLists {
		items := list.GetList().GetItems()
		if len(items) != len(sel.ValuesLists[0].GetList().GetItems()) {
			location := int32(-1)
			if len(items) > 0 {
				location = exprLocation(items[0])
			}
			return &Error{Code: CodeSyntaxError, Message: "VALUES lists must all be the same length", Position: int(location) + 1}
		}
	}
	return nil
}

// exprLocation returns the location of an expression node, -1 when it
// has none.
func exprLocation(n *pg.Node) int32 {
	m := n.ProtoReflect()
	if oneof := m.WhichOneof(m.Descriptor().Oneofs().Get(0)); oneof != nil {
		inner := m.Get(oneof).Message()
		if f := inner.Descriptor().Fields().ByName("location"); f != nil {
			return int32(inner.Get(f).Int())
		}
	}
	return -1
}

// rewriteCtid turns the system column ctid, which clients such as QGIS
// use to identify the rows of a table without a primary key, into
// pgway_ctid(rowid): DuckDB's row number, which the provider sends as a
// tid. Comparisons with its text read the text as a tid (typeTIDOperands).
func rewriteCtid(n *pg.Node, ref *pg.ColumnRef) {
	fields := ref.Fields
	if len(fields) == 0 || fields[len(fields)-1].GetString_().GetSval() != "ctid" {
		return
	}
	rowid := append(append([]*pg.Node(nil), fields[:len(fields)-1]...), pg.MakeStrNode("rowid"))
	column := &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{Fields: rowid, Location: ref.Location}}}
	n.Node = funcCall("pgway_ctid", ref.Location, column).Node
}
