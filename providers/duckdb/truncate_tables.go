package duckdb

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"pgway/providers"
	"pgway/translate"
)

// PostgreSQL's TRUNCATE of several tables truncates them all or none,
// and TRUNCATE ... CASCADE adds the tables whose foreign keys reference
// them. DuckDB truncates one table a statement, so the session truncates
// the tables one at a time in its transaction, which the engine begins
// for every change (providers.Transactor.SetImplicit).

// truncatedTable is a table of TRUNCATE, named as duckdb_tables() names
// it.
type truncatedTable struct {
	database, schema, name string
	oid                    int64
}

func (t truncatedTable) key() string {
	return strings.ToLower(t.database + "." + t.schema + "." + t.name)
}

func (t truncatedTable) qualified() string {
	return translate.QuoteIdentifier(t.database) + "." + translate.QuoteIdentifier(t.schema) + "." +
		translate.QuoteIdentifier(t.name)
}

// foreignKey is a foreign key of child that references parent, on the
// columns of child.
type foreignKey struct {
	child   truncatedTable
	parent  string // the key of the referenced table
	columns []string
}

// SetTruncate makes the statement truncate tables, named as the DuckDB
// dialect writes them, with those that reference them for cascade
// (providers.TruncateSetter).
func (st *statement) SetTruncate(tables []string, cascade bool) {
	st.truncate, st.cascade = tables, cascade
}

// Notices returns the NOTICEs of TRUNCATE ... CASCADE (providers.Noticer).
func (r *rows) Notices() []*providers.Error {
	return r.notices
}

// truncateTables runs the TRUNCATE of r's statement, whose prepared
// statement truncates the first table.
func (s *session) truncateTables(ctx context.Context, r *rows, args []any) error {
	st := r.statement
	var tables []truncatedTable
	seen := map[string]bool{}
	for _, name := range st.truncate {
		table, err := s.findTable(r.conn, name)
		if err != nil {
			return err
		}
		if table == nil {
			// DuckDB raises the error of a missing table or a view.
			return s.run(ctx, r.conn, "TRUNCATE "+name)
		}
		if !seen[table.key()] {
			seen[table.key()] = true
			tables = append(tables, *table)
		}
	}
	keys, err := s.foreignKeys(r.conn)
	if err != nil {
		return err
	}
	if st.cascade {
		var added []truncatedTable
		tables, added = cascadeTables(tables, keys)
		for _, table := range added {
			r.notices = append(r.notices, &providers.Error{Code: "00000",
				Message: `truncate cascades to table "` + table.name + `"`})
		}
	} else if err := checkReferencingTables(tables, keys); err != nil {
		return err
	}
	if err := s.checkReferencingRows(r.conn, tables, keys); err != nil {
		return err
	}
	// The prepared statement truncates tables[0], last.
	for _, table := range tables[1:] {
		if err := s.run(ctx, r.conn, "TRUNCATE "+table.qualified()); err != nil {
			return err
		}
	}
	return r.run(ctx, args)
}

// findTable returns the table of a name as the DuckDB dialect writes
// it, a temporary table first, or nil.
func (s *session) findTable(c *conn, qualified string) (*truncatedTable, error) {
	name, where := relationFilter(qualified)
	rows, err := s.queryText(c, "SELECT database_name, schema_name, table_name, table_oid::VARCHAR FROM duckdb_tables() WHERE "+
		where+" AND lower(table_name) = lower('"+name+"') ORDER BY database_name = 'temp' DESC LIMIT 1")
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	oid, _ := strconv.ParseInt(rows[0][3], 10, 64)
	return &truncatedTable{database: rows[0][0], schema: rows[0][1], name: rows[0][2], oid: oid}, nil
}

// foreignKeys returns the foreign keys of every table, in the order of
// the referencing tables' OIDs, which follows the order of creation as
// in PostgreSQL.
func (s *session) foreignKeys(c *conn) ([]foreignKey, error) {
	rows, err := s.queryText(c, "SELECT database_name, schema_name, table_name, table_oid::VARCHAR, referenced_table, "+
		"constraint_index::VARCHAR, unnest(constraint_column_names) FROM duckdb_constraints() "+
		"WHERE constraint_type = 'FOREIGN KEY' ORDER BY table_oid, constraint_index")
	if err != nil {
		return nil, err
	}
	var keys []foreignKey
	last := ""
	for _, row := range rows {
		oid, _ := strconv.ParseInt(row[3], 10, 64)
		child := truncatedTable{database: row[0], schema: row[1], name: row[2], oid: oid}
		if id := child.key() + "#" + row[5]; id != last || len(keys) == 0 {
			last = id
			parent := truncatedTable{database: row[0], schema: row[1], name: row[4]}
			keys = append(keys, foreignKey{child: child, parent: parent.key()})
		}
		keys[len(keys)-1].columns = append(keys[len(keys)-1].columns, row[6])
	}
	return keys, nil
}

// referencing returns the tables whose foreign keys reference a table of
// parents and that are not in skip, in the order of their OIDs.
func referencing(parents map[string]bool, skip map[string]bool, keys []foreignKey) []truncatedTable {
	var found []truncatedTable
	added := map[string]bool{}
	for _, k := range keys {
		if parents[k.parent] && !skip[k.child.key()] && !added[k.child.key()] {
			added[k.child.key()] = true
			found = append(found, k.child)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].oid < found[j].oid })
	return found
}

// cascadeTables adds to tables those that reference them, as PostgreSQL
// does: each round adds the referencing tables of all the tables so far,
// in the order of their OIDs. It returns the tables and those it added.
func cascadeTables(tables []truncatedTable, keys []foreignKey) (all, added []truncatedTable) {
	in := map[string]bool{}
	for _, t := range tables {
		in[t.key()] = true
	}
	for {
		next := referencing(in, in, keys)
		if len(next) == 0 {
			return tables, added
		}
		for _, t := range next {
			in[t.key()] = true
		}
		tables = append(tables, next...)
		added = append(added, next...)
	}
}

// checkReferencingTables raises PostgreSQL 15's 0A000 for a table that a
// foreign key of a table left out references. As PostgreSQL does, it
// names the first such pair in the order of the statement's tables, then
// of the referencing tables' OIDs.
func checkReferencingTables(tables []truncatedTable, keys []foreignKey) error {
	in := map[string]bool{}
	for _, t := range tables {
		in[t.key()] = true
	}
	for _, t := range tables {
		children := referencing(map[string]bool{t.key(): true}, nil, keys)
		for _, child := range children {
			if in[child.key()] {
				continue
			}
			return &providers.Error{Code: "0A000",
				Message: "cannot truncate a table referenced in a foreign key constraint",
				Detail:  fmt.Sprintf(`Table "%s" references "%s".`, child.name, t.name),
				Hint:    fmt.Sprintf(`Truncate table "%s" at the same time, or use TRUNCATE ... CASCADE.`, child.name)}
		}
	}
	return nil
}

// checkReferencingRows raises 0A000 where a truncated table has rows that
// reference a truncated table, itself included. DuckDB checks a deleted
// key against the referencing rows as they were when the transaction
// began. So it cannot truncate the referenced table in the transaction
// that truncates the referencing one, nor a table whose rows reference
// each other.
func (s *session) checkReferencingRows(c *conn, tables []truncatedTable, keys []foreignKey) error {
	in := map[string]truncatedTable{}
	for _, t := range tables {
		in[t.key()] = t
	}
	for _, k := range keys {
		parent, ok := in[k.parent]
		if !ok {
			continue
		}
		if _, ok := in[k.child.key()]; !ok {
			continue
		}
		conditions := make([]string, len(k.columns))
		for i, column := range k.columns {
			conditions[i] = translate.QuoteIdentifier(column) + " IS NOT NULL"
		}
		rows, err := s.queryText(c, "SELECT count(*)::VARCHAR FROM (SELECT 1 FROM "+k.child.qualified()+
			" WHERE "+strings.Join(conditions, " AND ")+" LIMIT 1)")
		if err != nil {
			return err
		}
		if len(rows) == 1 && rows[0][0] != "0" {
			return linkedRowsError(parent, k.child)
		}
	}
	return nil
}

// linkedRowsError is the 0A000 of checkReferencingRows.
func linkedRowsError(parent, child truncatedTable) error {
	if parent.key() == child.key() {
		return &providers.Error{Code: "0A000",
			Message: fmt.Sprintf(`TRUNCATE of table "%s", whose rows reference each other, is not supported on DuckDB`, child.name),
			Detail:  "DuckDB checks the foreign key against the rows that the same statement deletes.",
			Hint:    "Delete the rows with DELETE, the referencing rows first."}
	}
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf(`TRUNCATE of table "%s" together with table "%s", whose rows reference it, is not supported on DuckDB`,
			parent.name, child.name),
		Detail: "DuckDB checks the foreign key against the rows that the same transaction deleted.",
		Hint:   fmt.Sprintf(`Truncate table "%s" in a statement of its own outside a transaction block first.`, child.name)}
}
