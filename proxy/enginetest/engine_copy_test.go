package enginetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
)

// copyValues gives the same rows on DuckDB and PostgreSQL, with every
// character that COPY escapes or quotes.
const copyValues = `select n::integer as n, s::text as s, f::float8 as f, d::date as d, b::boolean as b from (values
	(1, 'plain', 1.5, date '2024-02-29', true),
	(2, 'tab' || chr(9) || 'nl' || chr(10) || 'cr' || chr(13) || 'bs\end', -0.1, date '1999-12-31', false),
	(3, 'comma,semi;pipe|quote"apos''', 1e300::float8, date '2000-01-01', true),
	(4, '', 0, date '2024-01-01', null),
	(5, null, null, null, null),
	(6, '\.', 2, date '2024-01-02', true),
	(7, 'NULL', 3, date '2024-01-03', false),
	(8, chr(8) || chr(11) || chr(12) || chr(1) || 'ctl', 4, date '2024-01-04', true)
) t(n, s, f, d, b) order by n`

func TestEngineCopyMatchesPostgres(t *testing.T) {
	copies := []string{
		"copy (" + copyValues + ") to stdout",
		"COPY (" + copyValues + ") TO STDOUT WITH (FORMAT text)",
		"copy (" + copyValues + ") to stdout with (format csv)",
		"copy (" + copyValues + ") to stdout with (format csv, header)",
		"copy (" + copyValues + ") to stdout with (format csv, header true, delimiter ';', null 'NULL')",
		"copy (" + copyValues + ") to stdout with (format csv, quote '''', escape '\\')",
		"copy (" + copyValues + ") to stdout with (format text, header, delimiter '|', null '')",
		"copy (" + copyValues + ") to stdout with (delimiter ',')",
		"copy (" + copyValues + ") to stdout with csv header",
		"copy (" + copyValues + ") to stdout csv delimiter as '|' null as 'x'",
		"copy (" + copyValues + ") to stdout with (format binary)",
		"copy (select s from (" + copyValues + ") v) to stdout with (format csv)",
		"copy (select 1 as one where false) to stdout",
		"copy (select 1 as one where false) to stdout with (format binary)",
		"copy (" + copyValues + ") to stdout with (format csv, header, delimiter 'ab')",
		"copy (" + copyValues + ") to stdout with (format text, quote '\"')",
		"copy (" + copyValues + ") to stdout with (format binary, header)",
		"copy (" + copyValues + ") to stdout with (format xml)",
		"copy (" + copyValues + ") to stdout with (bogus 1)",
	}
	compareTranscripts(t, queries(copies...))
}

// TestEngineCopyExtendedProtocol runs COPY through Parse, Bind, Describe
// and Execute, as drivers that use only the extended protocol do.
func TestEngineCopyExtendedProtocol(t *testing.T) {
	compareTranscripts(t, [][]pgproto3.FrontendMessage{{
		&pgproto3.Parse{Query: "copy (" + copyValues + ") to stdout with (format csv)"},
		&pgproto3.Bind{},
		&pgproto3.Describe{ObjectType: 'P'},
		&pgproto3.Execute{MaxRows: 2},
		&pgproto3.Sync{},
	}})
}

func TestEngineCopyTable(t *testing.T) {
	pg := frontend(t, startDemo(t))
	got := transcript(t, pg, &pgproto3.Query{String: `copy countries (id, name) to stdout with (format csv)`})
	if len(got) != 177+4 {
		t.Fatalf("got %d messages, want CopyOutResponse, 177 rows, CopyDone, CommandComplete, ReadyForQuery", len(got))
	}
	if got[len(got)-2] != "CommandComplete COPY 177" {
		t.Errorf("tag = %s, want COPY 177", got[len(got)-2])
	}
	if !strings.Contains(strings.Join(got, "\n"), `"724,Spain\n"`) {
		t.Errorf("no row 724,Spain in:\n%s", strings.Join(got[:5], "\n"))
	}
}

func TestEngineCopyRejectsFiles(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	for _, sql := range []string{
		"copy cities to '/tmp/pgway-copy-test.csv'",
		"copy cities from '/tmp/pgway-copy-test.csv'",
		"copy (select 1) to program 'true'",
	} {
		_, err := conn.Exec(context.Background(), sql)
		if err == nil || !strings.Contains(err.Error(), "0A000") {
			t.Errorf("%s: err = %v, want 0A000", sql, err)
		}
	}
	// The demo warehouse is read-only, so COPY FROM STDIN fails before
	// the client sends data, as in a read-only transaction.
	_, err := conn.Exec(context.Background(), "copy cities from stdin")
	if err == nil || !strings.Contains(err.Error(), "25006") {
		t.Errorf("copy cities from stdin: err = %v, want 25006", err)
	}
}
