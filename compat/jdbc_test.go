package compat

import (
	"cmp"
	"os"
	"strings"
	"testing"
)

// pgjdbcJar returns the pgjdbc jar: PGJDBC_JAR, or where Debian's
// libpostgresql-jdbc-java package installs it.
func pgjdbcJar() string {
	return cmp.Or(os.Getenv("PGJDBC_JAR"), "/usr/share/java/postgresql.jar")
}

// runJDBC runs testdata/java/JdbcCheck.java in mode against e and returns
// its records. The JVM's time zone, which pgjdbc sends as the session's
// TimeZone, is not UTC, so that time zone handling shows in the results.
func runJDBC(t *testing.T, e endpoint, mode string) []string {
	t.Helper()
	java := requireProgram(t, "pgjdbc", "java")
	requireFile(t, "pgjdbc", pgjdbcJar())
	out := runClient(t, e, nil, java, "-Duser.timezone=America/New_York",
		"-cp", pgjdbcJar(), "testdata/java/JdbcCheck.java", mode)
	return strings.Split(strings.TrimRight(out, "\n"), "\n")
}

// TestJDBCMetadata compares DatabaseMetaData.getTables and getColumns
// with PostgreSQL's.
func TestJDBCMetadata(t *testing.T) {
	want := runJDBC(t, oracle(), "metadata")
	if n := countPrefix(want, "column\t"); n != len(demoTables["cities"])+len(demoTables["countries"]) {
		t.Fatalf("getColumns on PostgreSQL returned %d columns:\n%s", n, strings.Join(want, "\n"))
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		got := runJDBC(t, tg.gateway(), "metadata")
		compareRecords(t, "pgjdbc metadata", got, want)
	})
}

// TestJDBCPreparedBinary executes one prepared statement eight times.
// From the fifth execution pgjdbc uses a named statement and requests
// binary results, so timestamps, numerics and doubles cross in both
// formats. Every row is compared with PostgreSQL's.
func TestJDBCPreparedBinary(t *testing.T) {
	want := runJDBC(t, oracle(), "prepared")
	executions := 0
	for _, record := range want {
		fields := strings.Split(record, "\t")
		if fields[0] != "execution" {
			continue
		}
		executions++
		if fields[3] == "0" {
			t.Fatalf("execution %s on PostgreSQL returned no row", fields[1])
		}
	}
	last := strings.Split(want[len(want)-1], "\t")
	if executions != 8 || last[2] != "true" || !strings.Contains(last[4], "1") {
		t.Fatalf("on PostgreSQL the 8th execution did not use a named statement with binary results:\n%s",
			strings.Join(want, "\n"))
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		tg.skipGap(t, "pgjdbc prepared")
		got := runJDBC(t, tg.gateway(), "prepared")
		compareRecords(t, "pgjdbc prepared statement", got, want)
	})
}

func countPrefix(records []string, prefix string) int {
	n := 0
	for _, r := range records {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// compareRecords reports the first record where got and want differ, and
// both lists in full.
func compareRecords(t *testing.T, client string, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s: record %d is\n\t%q\nPostgreSQL returns\n\t%q\nall records:\n%s\nPostgreSQL's:\n%s",
				client, i, g, w, strings.Join(got, "\n"), strings.Join(want, "\n"))
			return
		}
	}
}
