package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkWriteClauses rejects, with 0A000, the clauses of CREATE TABLE,
// INSERT and UPDATE that DuckDB would reject with its own error or run
// otherwise than PostgreSQL:
//   - identity columns, which DuckDB cannot parse, and stored generated
//     columns, which DuckDB cannot create;
//   - ON CONFLICT ON CONSTRAINT, because pgway cannot tell which columns
//     a constraint name stands for;
//   - a subquery in RETURNING, which DuckDB cannot bind;
//   - SET (a, b) = (SELECT ...), whose one row DuckDB cannot assign to
//     several columns.
func checkWriteClauses(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.ColumnDef:
			err = checkColumnConstraints(v)
		case *pg.InsertStmt:
			if conflict := v.OnConflictClause; conflict != nil && conflict.Infer.GetConname() != "" {
				err = unsupported("ON CONFLICT ON CONSTRAINT", conflict.Location,
					"Name the constraint's columns instead: ON CONFLICT (a, b).")
				return
			}
			err = checkReturningSubqueries(v.ReturningList)
		case *pg.UpdateStmt:
			if err = checkMultipleAssignments(v.TargetList); err == nil {
				err = checkReturningSubqueries(v.ReturningList)
			}
		case *pg.DeleteStmt:
			err = checkReturningSubqueries(v.ReturningList)
		}
	})
	return err
}

// checkColumnConstraints rejects GENERATED ... AS IDENTITY and
// GENERATED ALWAYS AS (expression) STORED in a column definition.
func checkColumnConstraints(def *pg.ColumnDef) error {
	for _, c := range def.Constraints {
		constraint := c.GetConstraint()
		switch constraint.GetContype() {
		case pg.ConstrType_CONSTR_IDENTITY:
			return unsupported("an identity column (GENERATED AS IDENTITY)", constraint.Location,
				"Declare the column serial, bigserial or with DEFAULT nextval('sequence').")
		case pg.ConstrType_CONSTR_GENERATED:
			return unsupported("a stored generated column (GENERATED ALWAYS AS ... STORED)", constraint.Location,
				"Compute the value in a view or in the query instead.")
		}
	}
	if def.GetIdentity() != "" {
		return unsupported("an identity column (GENERATED AS IDENTITY)", def.Location,
			"Declare the column serial, bigserial or with DEFAULT nextval('sequence').")
	}
	if def.GetGenerated() != "" {
		return unsupported("a stored generated column (GENERATED ALWAYS AS ... STORED)", def.Location,
			"Compute the value in a view or in the query instead.")
	}
	return nil
}

// checkReturningSubqueries rejects a subquery anywhere in a RETURNING
// list.
func checkReturningSubqueries(returning []*pg.Node) error {
	var err error
	for _, item := range returning {
		inspect(item.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
			if sub, ok := msg.(*pg.SubLink); ok && err == nil {
				err = unsupported("a subquery in RETURNING", sub.Location,
					"Run the subquery in a statement of its own.")
			}
		})
	}
	return err
}

// checkMultipleAssignments rejects SET (a, b) = (SELECT ...). A row
// constructor, SET (a, b) = (x, y), is left to the translation.
func checkMultipleAssignments(targets []*pg.Node) error {
	for _, t := range targets {
		multi := t.GetResTarget().GetVal().GetMultiAssignRef()
		if sub := multi.GetSource().GetSubLink(); sub != nil {
			return unsupported("SET (column, ...) = (SELECT ...)", sub.Location,
				"Assign each column its own scalar subquery: SET a = (SELECT ...), b = (SELECT ...).")
		}
	}
	return nil
}
