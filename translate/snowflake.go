package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// The Snowflake dialect rewrites PostgreSQL statements so that Snowflake
// returns what PostgreSQL would, and rejects with 0A000 what it cannot
// translate exactly. What the provider must know:
//
//   - Parameters: $1, $2, ... become Snowflake's numbered binds :1, :2, ...,
//     so a parameter used twice binds once. The provider binds the client's
//     values in order, the first one to :1.
//   - Names: unquoted identifiers, and quoted ones without upper-case
//     letters, become Snowflake's upper-case names; quoted names with an
//     upper-case letter stay as written. Every result column that PostgreSQL
//     would name itself (count, ?column?, date_trunc) gets that name as an
//     alias, upper-cased like any other identifier, so Snowflake returns
//     COUNT and ?COLUMN?. The provider lower-cases result names that have
//     no lower-case letters, which gives the client PostgreSQL's names.
//   - Schema public, which clients see as current_schema(), is the
//     connection's default schema: public.t becomes T, unqualified, and
//     resolves in the schema that the connection's configuration sets, or
//     in Snowflake's default schema PUBLIC. With a database, db.public.t
//     becomes DB.PUBLIC.T.
//   - Types: timestamptz is TIMESTAMP_LTZ, which stores an instant and
//     shows it in the session's TIMEZONE as timestamptz does, where
//     TIMESTAMP_TZ would keep each value's offset. The provider must set
//     TIMEZONE to the client's TimeZone. timestamp is TIMESTAMP_NTZ, int2,
//     int4 and int8 are NUMBER(5,0), NUMBER(10,0) and NUMBER(18,0), bytea is
//     BINARY, json and jsonb are VARIANT.
//   - PostGIS: spatial columns are taken to be GEOGRAPHY, which Snowflake
//     measures in metres. Geometries go out in the format Snowflake returns,
//     which the provider sets to WKB.
//   - The session must run SnowflakeSessionSetup before the first
//     statement.
//
// NOTE: a result column that PostgreSQL would name in upper case, such as
// select 1 as "ABC", reaches the client in lower case, because the
// provider cannot tell it from a name that Snowflake upper-cased.
type snowflake struct{}

// SnowflakeSessionSetup are the statements a Snowflake session must run
// before the first translated statement, because the rewrites rely on
// them: WEEK_START = 1 makes weeks start on Monday, as date_trunc('week')
// does in PostgreSQL, whatever the account's default.
var SnowflakeSessionSetup = []string{
	"ALTER SESSION SET WEEK_START = 1",
}

// Snowflake returns the Snowflake dialect.
func Snowflake() Dialect {
	return &snowflake{}
}

func (d *snowflake) Name() string {
	return "snowflake"
}

func (d *snowflake) warehouseTime() map[foldKind]string {
	return map[foldKind]string{
		foldTransactionStart: "CURRENT_TIMESTAMP()",
		foldStatementStart:   "CURRENT_TIMESTAMP()",
		foldCurrentDate:      "CURRENT_DATE()",
		foldCurrentTime:      "CURRENT_TIME()",
		foldLocalTimestamp:   "CURRENT_TIMESTAMP()",
		foldLocalTime:        "CURRENT_TIME()",
		foldEscapedStrings:   "true",
	}
}

// snowflakeRewriter holds the state of one statement's rewrite.
type snowflakeRewriter struct {
	// done are the function calls that the rewrite produced or already
	// translated, which the walk must not translate again.
	done map[*pg.FuncCall]bool
	// arrayOperands are the ARRAY_CONSTRUCT calls that are operands of
	// the array operators; any other is an array value, which fails.
	arrayOperands map[*pg.FuncCall]bool
	// numericCasts are the rewritten casts to numeric(p,s), whose NUMBER
	// type does not show that they are numeric where s is 0.
	numericCasts map[*pg.TypeCast]bool
}

func (d *snowflake) rewrite(stmt *pg.Node) (string, error) {
	if err := checkSnowflakeStatement(stmt); err != nil {
		return "", err
	}
	if err := checkFunctionNames(stmt); err != nil {
		return "", err
	}
	if err := checkSnowflakeCtid(stmt); err != nil {
		return "", err
	}
	// Snowflake too drops one object per statement, and keeps the rows
	// of a temporary table for the session.
	if err := checkDrop(stmt); err != nil {
		return "", err
	}
	if err := checkJSONConcat(stmt); err != nil {
		return "", err
	}
	if err := checkOnCommit(stmt); err != nil {
		return "", err
	}
	if err := checkArrayOperators(stmt); err != nil {
		return "", err
	}
	mapSnowflakeNames(stmt)
	r := &snowflakeRewriter{done: map[*pg.FuncCall]bool{}, arrayOperands: map[*pg.FuncCall]bool{},
		numericCasts: map[*pg.TypeCast]bool{}}
	if err := walkNode(stmt, r.visit); err != nil {
		return "", err
	}
	if err := r.checkLeftovers(stmt); err != nil {
		return "", err
	}
	text, err := deparse(stmt)
	if err != nil {
		return "", err
	}
	return snowflakeText(text)
}

func (r *snowflakeRewriter) visit(n *pg.Node) error {
	switch v := n.Node.(type) {
	case *pg.Node_AExpr:
		return r.rewriteOperator(n, v.AExpr)
	case *pg.Node_FuncCall:
		if r.done[v.FuncCall] {
			return nil
		}
		r.done[v.FuncCall] = true
		if v.FuncCall.Over != nil {
			if err := checkWindowFrame(v.FuncCall.Over); err != nil {
				return err
			}
		}
		return r.rewriteFunction(n, v.FuncCall)
	case *pg.Node_TypeCast:
		return r.rewriteCast(n, v.TypeCast)
	case *pg.Node_AConst:
		return rewriteSnowflakeConst(v.AConst)
	case *pg.Node_SortBy:
		return explicitNullOrder(v.SortBy)
	case *pg.Node_SelectStmt:
		return r.rewriteSelect(v.SelectStmt)
	case *pg.Node_RangeFunction:
		return r.rewriteRangeFunction(n, v.RangeFunction)
	case *pg.Node_MinMaxExpr:
		return r.rewriteMinMax(n, v.MinMaxExpr)
	case *pg.Node_BooleanTest:
		rewriteBooleanTest(n, v.BooleanTest)
	case *pg.Node_AArrayExpr:
		n.Node = r.call("array_construct", v.AArrayExpr.Location, v.AArrayExpr.Elements...).Node
	case *pg.Node_ColumnDef:
		return rewriteSnowflakeColumnDef(v.ColumnDef)
	default:
		return rejectSnowflakeNode(n)
	}
	return nil
}

// call returns a call of a Snowflake function that the walk leaves alone.
func (r *snowflakeRewriter) call(name string, location int32, args ...*pg.Node) *pg.Node {
	n := funcCall(name, location, args...)
	r.done[n.GetFuncCall()] = true
	return n
}

// rejectSnowflakeNode rejects the expressions that Snowflake has no exact
// counterpart for.
func rejectSnowflakeNode(n *pg.Node) error {
	switch v := n.Node.(type) {
	case *pg.Node_RowExpr:
		return unsupported("a row constructor", v.RowExpr.Location, "")
	case *pg.Node_CollateClause:
		return unsupported("COLLATE", v.CollateClause.Location, "")
	case *pg.Node_AIndirection:
		for _, ind := range v.AIndirection.Indirection {
			if ind.GetAIndices() != nil {
				return unsupported("an array subscript", exprLocation(v.AIndirection.Arg), "")
			}
		}
	case *pg.Node_SubLink:
		if v.SubLink.SubLinkType == pg.SubLinkType_ARRAY_SUBLINK {
			return unsupported("ARRAY(subquery)", v.SubLink.Location, "")
		}
	case *pg.Node_XmlExpr:
		return unsupported("XML functions", v.XmlExpr.Location, "")
	case *pg.Node_GroupingSet:
		if v.GroupingSet.Kind == pg.GroupingSetKind_GROUPING_SET_EMPTY {
			return nil
		}
	}
	return nil
}

// checkSnowflakeStatement rejects the statement types and clauses that
// Snowflake runs with other semantics.
func checkSnowflakeStatement(stmt *pg.Node) error {
	switch v := stmt.Node.(type) {
	case *pg.Node_ExplainStmt:
		return unsupportedf(-1, "EXPLAIN is not supported on this warehouse, whose plans are not PostgreSQL's")
	case *pg.Node_InsertStmt:
		if v.InsertStmt.OnConflictClause != nil {
			return unsupported("INSERT ... ON CONFLICT", v.InsertStmt.OnConflictClause.Location, "")
		}
		if len(v.InsertStmt.ReturningList) > 0 {
			return unsupportedf(-1, "INSERT ... RETURNING is not supported on this warehouse")
		}
	case *pg.Node_UpdateStmt:
		if len(v.UpdateStmt.ReturningList) > 0 {
			return unsupportedf(-1, "UPDATE ... RETURNING is not supported on this warehouse")
		}
	case *pg.Node_DeleteStmt:
		if len(v.DeleteStmt.ReturningList) > 0 {
			return unsupportedf(-1, "DELETE ... RETURNING is not supported on this warehouse")
		}
	case *pg.Node_CreateStmt:
		return checkSnowflakeCreate(v.CreateStmt)
	case *pg.Node_CreateTableAsStmt:
		if v.CreateTableAsStmt.Objtype == pg.ObjectType_OBJECT_MATVIEW {
			return unsupportedf(-1, "CREATE MATERIALIZED VIEW is not supported on this warehouse")
		}
		if v.CreateTableAsStmt.GetInto().GetSkipData() {
			return unsupportedf(-1, "CREATE TABLE AS ... WITH NO DATA is not supported on this warehouse")
		}
	}
	return nil
}

// checkSnowflakeCreate rejects the parts of CREATE TABLE that Snowflake
// accepts without enforcing them, so that a statement would succeed where
// PostgreSQL rejects a row.
func checkSnowflakeCreate(c *pg.CreateStmt) error {
	if len(c.InhRelations) > 0 || c.Partspec != nil || c.OfTypename != nil {
		return unsupportedf(-1, "CREATE TABLE with INHERITS, PARTITION BY or OF is not supported on this warehouse")
	}
	for _, elt := range c.TableElts {
		if elt.GetTableLikeClause() != nil {
			return unsupportedf(-1, "CREATE TABLE ... LIKE is not supported on this warehouse")
		}
		constraints := elt.GetColumnDef().GetConstraints()
		if con := elt.GetConstraint(); con != nil {
			constraints = []*pg.Node{elt}
		}
		for _, con := range constraints {
			if err := checkSnowflakeConstraint(con.GetConstraint()); err != nil {
				return err
			}
		}
	}
	for _, con := range c.Constraints {
		if err := checkSnowflakeConstraint(con.GetConstraint()); err != nil {
			return err
		}
	}
	return nil
}

func checkSnowflakeConstraint(con *pg.Constraint) error {
	switch con.GetContype() {
	case pg.ConstrType_CONSTR_NULL, pg.ConstrType_CONSTR_NOTNULL, pg.ConstrType_CONSTR_DEFAULT:
		return nil
	}
	return unsupported("a "+constraintName(con.GetContype())+" constraint", con.GetLocation(),
		"Snowflake does not enforce PRIMARY KEY, UNIQUE and FOREIGN KEY constraints, and has no CHECK constraints.")
}

func constraintName(t pg.ConstrType) string {
	switch t {
	case pg.ConstrType_CONSTR_PRIMARY:
		return "PRIMARY KEY"
	case pg.ConstrType_CONSTR_UNIQUE:
		return "UNIQUE"
	case pg.ConstrType_CONSTR_FOREIGN:
		return "FOREIGN KEY"
	case pg.ConstrType_CONSTR_CHECK:
		return "CHECK"
	case pg.ConstrType_CONSTR_IDENTITY:
		return "GENERATED AS IDENTITY"
	case pg.ConstrType_CONSTR_GENERATED:
		return "GENERATED"
	case pg.ConstrType_CONSTR_EXCLUSION:
		return "EXCLUDE"
	}
	return "table"
}
