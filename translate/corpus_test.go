package translate

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata/*.txt")

// corpusCase is one query of the golden corpus. A file holds cases as
//
//	query [catalog] [norun: reason]
//	SQL, one or more lines
//	----
//	expected output, one line per statement
//
// separated by blank lines. Lines starting with # outside a case are
// comments. norun keeps the execution test in proxy/enginetest from
// running the case. catalog lets that test run the case only through a
// pgway with a catalog database, because the case needs its result types.
type corpusCase struct {
	file     string
	line     int
	sql      string
	expected string
	norun    string
	catalog  bool
	// header is the text before the case: comments and the query line.
	header string
}

// corpusSession is the session whose values fold into the expected SQL.
var corpusSession = &Session{
	User: "alice", Database: "demo", Schema: "public",
	ServerVersion:    "PostgreSQL 15.0 (pgway)",
	TransactionStart: time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC),
	Settings: map[string]string{"timezone": "UTC", "datestyle": "ISO, MDY", "application_name": "psql",
		"standard_conforming_strings": "on"},
}

func readCorpus(t testing.TB, path string) []*corpusCase {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []*corpusCase
	var cur *corpusCase
	var header []string
	inExpected := false
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "query"):
			header = append(header, line)
			cur = &corpusCase{file: filepath.Base(path), line: i + 1, header: strings.Join(header, "\n")}
			markers := strings.TrimPrefix(line, "query")
			markers, cur.catalog = strings.CutPrefix(markers, " catalog")
			if markers != "" && !strings.HasPrefix(markers, " norun: ") {
				t.Fatalf("%s:%d: %q is not query [catalog] [norun: reason]", path, i+1, line)
			}
			cur.norun = strings.TrimPrefix(markers, " norun: ")
			header = nil
		case cur == nil:
			header = append(header, line)
		case line == "----" && !inExpected:
			inExpected = true
		case inExpected && line == "":
			cases = append(cases, cur)
			cur, inExpected = nil, false
		case inExpected:
			cur.expected += line + "\n"
		default:
			cur.sql += line + "\n"
		}
	}
	if cur != nil {
		cases = append(cases, cur)
	}
	return cases
}

// describe returns the DuckDB translation of sql as the corpus records it.
func describe(tr *Translator, sql string) string {
	return describeIn(tr, DuckDB(DuckDBCapabilities{Spatial: true}), "duckdb", sql)
}

// describeIn returns the translation of sql for dialect d, whose rewrites
// are written after label.
func describeIn(tr *Translator, d Dialect, label, sql string) string {
	stmts, err := tr.Translate(d, sql, corpusSession)
	if err != nil {
		return describeError(err) + "\n"
	}
	var b strings.Builder
	for _, st := range stmts {
		switch {
		case st.Err != nil:
			b.WriteString(describeError(st.Err))
		case st.Kind == KindSession:
			c := st.Command
			fmt.Fprintf(&b, "session %s name=%q value=%q", c.Tag, c.Name, c.Value)
		case st.Kind == KindCatalog:
			b.WriteString("catalog")
		default:
			b.WriteString(label + ": " + st.Rewritten)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func describeError(err error) string {
	e := AsError(err)
	if e == nil {
		return "error (no SQLSTATE): " + err.Error()
	}
	s := fmt.Sprintf("error %s at %d: %s", e.Code, e.Position, e.Message)
	if e.Hint != "" {
		s += " (hint: " + e.Hint + ")"
	}
	return s
}

func corpusFiles(t testing.TB) []string {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in testdata: %v", err)
	}
	return files
}

func TestCorpus(t *testing.T) {
	tr := New(100)
	for _, path := range corpusFiles(t) {
		cases := readCorpus(t, path)
		for _, c := range cases {
			actual := describe(tr, c.sql)
			if *update {
				c.expected = actual
				continue
			}
			if actual != c.expected {
				t.Errorf("%s:%d: %s\nexpected: %s\nactual:   %s", c.file, c.line, strings.TrimSpace(c.sql), c.expected, actual)
			}
		}
		if *update {
			writeCorpus(t, path, cases)
		}
	}
}

func writeCorpus(t *testing.T, path string, cases []*corpusCase) {
	var b strings.Builder
	for _, c := range cases {
		b.WriteString(c.header + "\n" + c.sql + "----\n" + c.expected + "\n")
	}
	if err := os.WriteFile(path, []byte(strings.TrimRight(b.String(), "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
