package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// DuckDB's foreign keys check the referenced rows when each statement
// changes a table, as PostgreSQL's NO ACTION and RESTRICT do, and its
// parser rejects the other referential actions, MATCH FULL and
// DEFERRABLE with a syntax error. rewriteConstraintClauses turns those
// into 0A000, and drops the clauses that change nothing on DuckDB.

// foreignKeyActions are PostgreSQL's referential actions that DuckDB
// cannot enforce, by their letters in the parse tree.
var foreignKeyActions = map[string]string{"c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}

// rewriteConstraintClauses rejects, in CREATE TABLE, the foreign key
// actions CASCADE, SET NULL and SET DEFAULT, MATCH FULL of several
// columns, and DEFERRABLE or INITIALLY DEFERRED constraints. It drops
// MATCH FULL of one column, which checks what MATCH SIMPLE checks, and a
// column constraint's NOT DEFERRABLE and INITIALLY IMMEDIATE, which are
// the defaults.
func rewriteConstraintClauses(stmt *pg.Node) error {
	create := stmt.GetCreateStmt()
	if create == nil {
		return nil
	}
	for _, element := range create.TableElts {
		if def := element.GetColumnDef(); def != nil {
			kept, err := columnConstraintAttributes(def.Constraints)
			if err != nil {
				return err
			}
			def.Constraints = kept
			for _, c := range def.Constraints {
				if err := checkConstraintClauses(c.GetConstraint()); err != nil {
					return err
				}
			}
		}
		if err := checkConstraintClauses(element.GetConstraint()); err != nil {
			return err
		}
	}
	return nil
}

// columnConstraintAttributes returns a column's constraints without the
// NOT DEFERRABLE and INITIALLY IMMEDIATE that follow a primary key,
// unique or foreign key constraint, and rejects DEFERRABLE and INITIALLY
// DEFERRED there. A misplaced attribute stays, for DuckDB to reject
// with 42601 as PostgreSQL does.
func columnConstraintAttributes(constraints []*pg.Node) ([]*pg.Node, error) {
	var kept []*pg.Node
	attributesApply := false
	for _, c := range constraints {
		constraint := c.GetConstraint()
		switch constraint.GetContype() {
		case pg.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE, pg.ConstrType_CONSTR_ATTR_IMMEDIATE:
			if attributesApply {
				continue
			}
		case pg.ConstrType_CONSTR_ATTR_DEFERRABLE, pg.ConstrType_CONSTR_ATTR_DEFERRED:
			if attributesApply {
				return nil, deferrableError(constraint.Location)
			}
		case pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE, pg.ConstrType_CONSTR_FOREIGN:
			attributesApply = true
		default:
			attributesApply = false
		}
		kept = append(kept, c)
	}
	return kept, nil
}

// checkConstraintClauses checks one column or table constraint, which
// may be nil.
func checkConstraintClauses(constraint *pg.Constraint) error {
	switch constraint.GetContype() {
	case pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE, pg.ConstrType_CONSTR_EXCLUSION:
		if constraint.Deferrable || constraint.Initdeferred {
			return deferrableError(constraint.Location)
		}
		return nil
	case pg.ConstrType_CONSTR_FOREIGN:
	default:
		return nil
	}
	if constraint.Deferrable || constraint.Initdeferred {
		return deferrableError(constraint.Location)
	}
	for _, action := range []struct{ event, letter string }{
		{"DELETE", constraint.FkDelAction}, {"UPDATE", constraint.FkUpdAction},
	} {
		if name, ok := foreignKeyActions[action.letter]; ok {
			return unsupported("FOREIGN KEY ... ON "+action.event+" "+name, constraint.Location,
				"DuckDB enforces only NO ACTION and RESTRICT. Change or delete the referencing rows in their own statements.")
		}
	}
	// The parser rejects MATCH PARTIAL. A key of one column is either
	// NULL, which MATCH FULL and MATCH SIMPLE both accept, or checked by
	// both.
	if constraint.FkMatchtype == "f" {
		if len(constraint.FkAttrs) > 1 {
			return unsupported("FOREIGN KEY ... MATCH FULL of several columns", constraint.Location,
				"DuckDB checks keys as MATCH SIMPLE does. Add a CHECK constraint that the key's columns are all NULL or all not NULL.")
		}
		constraint.FkMatchtype = "s"
	}
	return nil
}

func deferrableError(location int32) *Error {
	return unsupported("a DEFERRABLE constraint", location,
		"DuckDB cannot defer constraint checks to the end of the transaction.")
}
