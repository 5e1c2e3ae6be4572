package enginetest

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
	"pgway/internal/pgtest"
)

// connectBoth connects a raw protocol client to the demo gateway and one
// to the test PostgreSQL, whose answers are the expected ones.
func connectBoth(t *testing.T) (gw, pg *pgconn.PgConn) {
	t.Helper()
	gw = frontend(t, startDemo(t))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pg, err := pgconn.Connect(ctx, oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(context.Background()) })
	return gw, pg
}

// transcript sends messages, then reads the backend's messages up to
// ReadyForQuery and renders each as a line that holds what both servers
// must agree on.
func transcript(t *testing.T, conn *pgconn.PgConn, msgs ...pgproto3.FrontendMessage) []string {
	t.Helper()
	fe := conn.Frontend()
	for _, m := range msgs {
		fe.Send(m)
	}
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, renderMessage(msg))
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			return lines
		}
	}
}

func renderMessage(msg pgproto3.BackendMessage) string {
	switch m := msg.(type) {
	case *pgproto3.RowDescription:
		fields := make([]string, len(m.Fields))
		for i, f := range m.Fields {
			fields[i] = fmt.Sprintf("%s:%d:%d:%d", f.Name, f.DataTypeOID, f.DataTypeSize, f.Format)
		}
		return "RowDescription " + strings.Join(fields, " ")
	case *pgproto3.DataRow:
		values := make([]string, len(m.Values))
		for i, v := range m.Values {
			values[i] = fmt.Sprintf("%q", v)
			if v == nil {
				values[i] = "NULL"
			}
		}
		return "DataRow " + strings.Join(values, " ")
	case *pgproto3.CommandComplete:
		return "CommandComplete " + string(m.CommandTag)
	case *pgproto3.ErrorResponse:
		return fmt.Sprintf("ErrorResponse %s %s", m.Code, m.Message)
	case *pgproto3.ReadyForQuery:
		return "ReadyForQuery " + string(m.TxStatus)
	case *pgproto3.CopyOutResponse:
		return fmt.Sprintf("CopyOutResponse %d %v", m.OverallFormat, m.ColumnFormatCodes)
	case *pgproto3.CopyData:
		return fmt.Sprintf("CopyData %q", m.Data)
	}
	return typeName(msg)
}

// compareTranscripts runs each step on both servers and reports where the
// gateway's messages differ from PostgreSQL's.
func compareTranscripts(t *testing.T, steps [][]pgproto3.FrontendMessage) {
	t.Helper()
	gw, pg := connectBoth(t)
	for i, step := range steps {
		want := transcript(t, pg, step...)
		got := transcript(t, gw, step...)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("step %d %s:\n got %s\nwant %s", i, describeStep(step),
				strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
	}
}

func describeStep(step []pgproto3.FrontendMessage) string {
	var parts []string
	for _, m := range step {
		switch m := m.(type) {
		case *pgproto3.Query:
			parts = append(parts, fmt.Sprintf("Query %q", m.String))
		case *pgproto3.Parse:
			parts = append(parts, fmt.Sprintf("Parse %q", m.Query))
		default:
			parts = append(parts, typeName(m))
		}
	}
	return strings.Join(parts, ", ")
}

func queries(sqls ...string) [][]pgproto3.FrontendMessage {
	steps := make([][]pgproto3.FrontendMessage, len(sqls))
	for i, sql := range sqls {
		steps[i] = []pgproto3.FrontendMessage{&pgproto3.Query{String: sql}}
	}
	return steps
}

// cursorQuery gives the same rows on DuckDB and PostgreSQL.
const cursorQuery = "select i::integer as i, 'r' || i as s from generate_series(1, 5) t(i) order by i"

func TestEngineCursorsMatchPostgres(t *testing.T) {
	compareTranscripts(t, queries(
		"begin",
		"declare c cursor for "+cursorQuery,
		"fetch 2 from c",
		"fetch next in c",
		"fetch c",
		"fetch forward 5 from c",
		"fetch all from c",
		"close c",
		"fetch c",
		"rollback",
		"begin",
		"declare c no scroll cursor without hold for "+cursorQuery,
		"move 2 in c",
		"fetch forward all from c",
		"move all c",
		"commit",
		"fetch c",
	))
}

// TestEngineCursorRewindMatchesPostgres goes back to the start of a
// cursor, as GDAL does with MOVE BACKWARD ALL before it reads a layer
// again. PostgreSQL allows it because a sorted result can scan backwards.
func TestEngineCursorRewindMatchesPostgres(t *testing.T) {
	compareTranscripts(t, queries(
		"begin",
		"declare c cursor for "+cursorQuery,
		"fetch 0 from c",
		"fetch 2 from c",
		"fetch 0 from c",
		"fetch relative 0 from c",
		"move backward all in c",
		"fetch 1 from c",
		"fetch absolute 0 from c",
		"fetch 1 from c",
		"move absolute 0 in c",
		"fetch absolute 2 from c",
		"fetch absolute 1 from c",
		"fetch all from c",
		"move backward all in c",
		"fetch 2 from c",
		"rollback",
		"begin",
		"declare c no scroll cursor for "+cursorQuery,
		"fetch 2 from c",
		"move backward all in c",
		"rollback",
	))
}

func TestEngineCursorErrorsMatchPostgres(t *testing.T) {
	compareTranscripts(t, queries(
		"declare c cursor for "+cursorQuery,
		"fetch nope",
		"close nope",
		"begin",
		"declare c cursor for "+cursorQuery,
		"declare c cursor for "+cursorQuery,
		"fetch c",
		"rollback",
		"begin",
		"declare c no scroll cursor for "+cursorQuery,
		"fetch prior from c",
		"rollback",
		"begin",
		"declare c no scroll cursor for "+cursorQuery,
		"fetch backward 1 from c",
		"rollback",
		"begin",
		"declare c no scroll cursor for "+cursorQuery,
		"fetch absolute 1 from c",
		"fetch absolute 1 from c",
		"rollback",
		"begin",
		"declare c no scroll cursor for "+cursorQuery,
		"fetch relative 2 from c",
		"fetch absolute 4 from c",
		"move relative 1 in c",
		"fetch 0 from c",
		"fetch last from c",
		"rollback",
	))
}

func TestEngineCursorHoldMatchesPostgres(t *testing.T) {
	compareTranscripts(t, queries(
		"declare h cursor with hold for "+cursorQuery,
		"fetch 2 from h",
		"begin",
		"declare c cursor for "+cursorQuery,
		"declare h2 cursor with hold for "+cursorQuery,
		"fetch 1 from c",
		"commit",
		"fetch c",
		"fetch 1 from h2",
		"begin",
		"declare h3 cursor with hold for "+cursorQuery,
		"rollback",
		"fetch h3",
		"fetch h",
		"close all",
		"fetch h",
		"begin; declare m cursor for select 1 as one; fetch m; commit",
	))
}

func TestEngineBinaryCursorInSteps(t *testing.T) {
	compareTranscripts(t, queries(
		"begin",
		"declare b binary cursor for "+cursorQuery,
		"fetch 2 from b",
		"fetch 2 from b",
		"fetch 2 from b",
		"fetch 2 from b",
		"commit",
	))
}

// TestEngineCursorExtendedProtocol fetches from a cursor with Parse, Bind
// and Execute, with Execute's row limit and binary results requested in
// Bind.
func TestEngineCursorExtendedProtocol(t *testing.T) {
	compareTranscripts(t, [][]pgproto3.FrontendMessage{
		{&pgproto3.Query{String: "begin"}},
		{
			&pgproto3.Parse{Query: "declare x cursor for " + cursorQuery},
			&pgproto3.Bind{},
			&pgproto3.Execute{},
			&pgproto3.Parse{Name: "f", Query: "fetch 3 from x"},
			&pgproto3.Describe{ObjectType: 'S', Name: "f"},
			&pgproto3.Bind{PreparedStatement: "f", ResultFormatCodes: []int16{1, 0}},
			&pgproto3.Execute{MaxRows: 2},
			&pgproto3.Execute{},
			&pgproto3.Sync{},
		},
		{
			&pgproto3.Bind{PreparedStatement: "f"},
			&pgproto3.Describe{ObjectType: 'P'},
			&pgproto3.Execute{},
			&pgproto3.Bind{DestinationPortal: "x", PreparedStatement: "f"},
			&pgproto3.Sync{},
		},
		{&pgproto3.Query{String: "commit"}},
		{
			&pgproto3.Parse{Query: "select i::integer as i from generate_series(1, 3) t(i) order by i"},
			&pgproto3.Bind{DestinationPortal: "named"},
			&pgproto3.Execute{Portal: "named", MaxRows: 1},
			&pgproto3.Sync{},
		},
		{
			&pgproto3.Execute{Portal: "named", MaxRows: 1},
			&pgproto3.Sync{},
		},
	})
}

func TestEngineSuspendedTagMatchesPostgres(t *testing.T) {
	compareTranscripts(t, [][]pgproto3.FrontendMessage{
		{&pgproto3.Query{String: "begin"}},
		{
			&pgproto3.Parse{Query: "select i::integer as i from generate_series(1, 3) t(i) order by i"},
			&pgproto3.Bind{DestinationPortal: "named"},
			&pgproto3.Execute{Portal: "named", MaxRows: 2},
			&pgproto3.Execute{Portal: "named", MaxRows: 2},
			&pgproto3.Execute{Portal: "named", MaxRows: 2},
			&pgproto3.Sync{},
		},
		{&pgproto3.Query{String: "commit"}},
	})
}

func TestEnginePsqlFetchCount(t *testing.T) {
	psql, err := pgtest.RequireBinary("psql")
	if err != nil {
		t.Skip(err)
	}
	g := startDemo(t)
	dsn := g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")
	// With FETCH_COUNT, psql reads results through a cursor, FETCH_COUNT
	// rows at a time.
	out, err := exec.Command(psql, dsn, "-X", "-A", "-t", "-v", "FETCH_COUNT=2", "-c",
		"select name from cities where country = 'AD' order by name limit 5").CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 5 {
		t.Errorf("psql printed %d lines, want 5:\n%s", len(lines), out)
	}
}

func TestEnginePsycopg2NamedCursorAndCopy(t *testing.T) {
	script := `
import io, sys, psycopg2
conn = psycopg2.connect(sys.argv[1])
cur = conn.cursor(name="big")
cur.itersize = 3
cur.execute("select name from cities where country = %s order by name limit 7", ("AD",))
print(len(list(cur)))
cur.close()
conn.commit()
buf = io.StringIO()
conn.cursor().copy_expert("copy (select id, name from countries where id in ('724', '250') order by id) to stdout with (format csv, header)", buf)
print(buf.getvalue().strip().replace("\n", "|"))
conn.close()
`
	if err := exec.Command("/usr/bin/python3", "-c", "import psycopg2").Run(); err != nil {
		t.Skip("psycopg2 is not installed for /usr/bin/python3")
	}
	g := startDemo(t)
	out, err := exec.Command("/usr/bin/python3", "-c", script,
		g.dsn(config.DemoUser, config.DemoPassword, config.DemoConnection, "disable")).CombinedOutput()
	if err != nil {
		t.Fatalf("psycopg2: %v\n%s", err, out)
	}
	want := "7\nid,name|250,France|724,Spain"
	if strings.TrimSpace(string(out)) != want {
		t.Errorf("psycopg2 output = %q, want %q", out, want)
	}
}
