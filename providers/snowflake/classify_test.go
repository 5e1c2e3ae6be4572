package snowflake

import "testing"

func TestClassifyTransactionClass(t *testing.T) {
	cases := []struct {
		sql   string
		class statementClass
		name  string
	}{
		{"SELECT 1", classQuery, "SELECT"},
		{"WITH C AS (SELECT 1) SELECT * FROM C", classQuery, "SELECT"},
		{"WITH C AS (SELECT 'DELETE FROM T' AS S) SELECT INSERT(S, 1, 1, 'x') FROM C", classQuery, "SELECT"},
		{"WITH C AS (DELETE FROM T RETURNING ID) SELECT COUNT(*) FROM C", classDML, "SELECT"},
		{"INSERT INTO T VALUES (1)", classDML, "INSERT"},
		{"/* c */ UPDATE T SET A = 1", classDML, "UPDATE"},
		{"TRUNCATE TABLE T", classDML, "TRUNCATE TABLE"},
		{"ALTER SESSION SET TIMEZONE = 'UTC'", classSession, "ALTER SESSION"},
		{"USE SCHEMA PUBLIC", classSession, "USE"},
		{"CREATE OR REPLACE TEMPORARY TABLE T (A INT)", classCommits, "CREATE TABLE"},
		{"CREATE MATERIALIZED VIEW V AS SELECT 1", classCommits, "CREATE MATERIALIZED VIEW"},
		{"DROP TABLE IF EXISTS T", classCommits, "DROP TABLE"},
		{"COMMENT ON TABLE T IS 'x'", classCommits, "COMMENT"},
		{"CALL P()", classCommits, "CALL"},
		{"GRANT SELECT ON T TO ROLE R", classCommits, "GRANT"},
	}
	for _, c := range cases {
		kind := classify(c.sql)
		if kind.class != c.class {
			t.Errorf("%s: class %d, want %d", c.sql, kind.class, c.class)
		}
		if kind.name != c.name {
			t.Errorf("%s: name %q, want %q", c.sql, kind.name, c.name)
		}
	}
}
