package duckdb

import (
	"context"
	"strings"

	"pgway/translate"
)

// onCommitTable is a temporary table of CREATE TEMPORARY TABLE ... ON
// COMMIT DROP or ON COMMIT DELETE ROWS.
type onCommitTable struct {
	// name is the table's name, without quotes.
	name string
	drop bool
	// createdIn is the transaction that created the table.
	createdIn *transaction
}

// SetOnCommit makes the statement, a CREATE TEMPORARY TABLE whose ON
// COMMIT clause the rewrite left out, drop or empty table when the
// transaction commits (providers.OnCommitSetter).
func (st *statement) SetOnCommit(table string, drop bool) {
	st.onCommit = &onCommitTable{name: table, drop: drop}
}

// noteOnCommit records the table that st created with ON COMMIT DROP or
// ON COMMIT DELETE ROWS on c. Outside a transaction the statement has
// committed already, so the table is dropped or emptied at once.
func (s *session) noteOnCommit(ctx context.Context, c *conn, st *statement) error {
	if st.onCommit == nil {
		return nil
	}
	table := &onCommitTable{name: st.onCommit.name, drop: st.onCommit.drop, createdIn: s.tx}
	if s.tx != nil && c == s.tx.conn {
		s.onCommit = append(s.onCommit, table)
		return nil
	}
	if table.drop {
		s.db.relations.version.Add(1)
		return s.run(ctx, c, "DROP TABLE IF EXISTS temp.main."+translate.QuoteIdentifier(table.name))
	}
	table.createdIn = nil
	s.onCommit = append(s.onCommit, table)
	// The rows of CREATE TABLE AS, which committed with it.
	return s.run(ctx, c, "DELETE FROM temp.main."+translate.QuoteIdentifier(table.name))
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
		exists[strings.ToLower(row[0])] = true
	}
	for _, table := range s.onCommit {
		if !exists[strings.ToLower(table.name)] {
			continue
		}
		name := translate.QuoteIdentifier(table.name)
		sql := "DELETE FROM temp.main." + name
		if table.drop {
			sql = "DROP TABLE temp.main." + name
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
