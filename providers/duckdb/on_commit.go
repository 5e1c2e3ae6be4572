package duckdb

import (
	"context"
	"regexp"
	"strings"

	"pgway/translate"
)

// onCommitTable is a temporary table of CREATE TEMPORARY TABLE ... ON
// COMMIT DROP or ON COMMIT DELETE ROWS.
type onCommitTable struct {
	// name is the table's name as the DuckDB dialect writes it, quoted or
	// not.
	name string
	drop bool
	// createdIn is the transaction that created the table.
	createdIn *transaction
}

// onCommitStatement matches CREATE TEMPORARY TABLE with an ON COMMIT
// marker of the DuckDB dialect (translate.OnCommitDropMarker), and captures
// the table's name without its schema.
var onCommitStatement = regexp.MustCompile(`^CREATE (?:GLOBAL |LOCAL )?TEMP(?:ORARY)? TABLE (?:(?:"(?:[^"]|"")*"|[^"\s.(]+)\.)*("(?:[^"]|"")*"|[^"\s.(]+)[\s(]`)

// noteOnCommit records the table that st created with ON COMMIT DROP or
// ON COMMIT DELETE ROWS on c. Outside a transaction the statement has
// committed already, so the table is dropped or emptied at once.
func (s *session) noteOnCommit(ctx context.Context, c *conn, st *statement) error {
	drop := strings.HasSuffix(st.sql, translate.OnCommitDropMarker)
	if !drop && !strings.HasSuffix(st.sql, translate.OnCommitDeleteRowsMarker) {
		return nil
	}
	m := onCommitStatement.FindStringSubmatch(st.sql)
	if m == nil {
		return nil
	}
	table := &onCommitTable{name: m[1], drop: drop, createdIn: s.tx}
	if s.tx != nil && c == s.tx.conn {
		s.onCommit = append(s.onCommit, table)
		return nil
	}
	if drop {
		s.db.relations.version.Add(1)
		return s.run(ctx, c, "DROP TABLE IF EXISTS temp.main."+table.name)
	}
	table.createdIn = nil
	s.onCommit = append(s.onCommit, table)
	// The rows of CREATE TABLE AS, which committed with it.
	return s.run(ctx, c, "DELETE FROM temp.main."+table.name)
}

// runOnCommit drops or empties the ON COMMIT tables before tx commits.
// A table that the transaction dropped is left out.
func (s *session) runOnCommit(ctx context.Context, tx *transaction) error {
	if len(s.onCommit) == 0 {
		return nil
	}
	rows, err := s.queryText(tx.conn, "SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp' AND schema_name = 'main'")
	if err != nil {
		return err
	}
	exists := map[string]bool{}
	for _, row := range rows {
		exists[row[0]] = true
	}
	for _, table := range s.onCommit {
		if !exists[unquoteName(table.name)] {
			continue
		}
		sql := "DELETE FROM temp.main." + table.name
		if table.drop {
			sql = "DROP TABLE temp.main." + table.name
			s.db.relations.version.Add(1)
		}
		if err := s.run(ctx, tx.conn, sql); err != nil {
			return err
		}
	}
	return nil
}

// forgetOnCommit removes from the session's list the tables that the end
// of tx dropped: its ON COMMIT DROP tables, and after a rollback every
// table it created.
func (s *session) forgetOnCommit(tx *transaction, committed bool) {
	kept := s.onCommit[:0]
	for _, table := range s.onCommit {
		if table.createdIn != tx || committed && !table.drop {
			kept = append(kept, table)
		}
	}
	s.onCommit = kept
}

// unquoteName returns the name that a quoted or unquoted identifier of
// the DuckDB dialect stands for.
func unquoteName(name string) string {
	if strings.HasPrefix(name, `"`) {
		return strings.ReplaceAll(name[1:len(name)-1], `""`, `"`)
	}
	return strings.ToLower(name)
}
