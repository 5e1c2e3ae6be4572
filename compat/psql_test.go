package compat

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"pgway/internal/pgtest"
)

// psql runs one backslash command and returns the rows of its unaligned,
// tuples-only output, each split into fields. A field that spans lines,
// such as the access privileges of \l, makes extra rows with fewer
// fields.
func psql(t *testing.T, e endpoint, command string) [][]string {
	t.Helper()
	path, err := pgtest.RequireBinary("psql")
	requireClient(t, "psql", err)
	out := runClient(t, e, nil, path, "-X", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", command)
	var rows [][]string
	for line := range strings.SplitSeq(strings.TrimRight(out, "\n"), "\n") {
		if line != "" {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	return rows
}

// column returns field i of every row that has at least minFields fields.
func column(rows [][]string, i, minFields int) []string {
	var values []string
	for _, row := range rows {
		if len(row) >= minFields {
			values = append(values, row[i])
		}
	}
	return values
}

// TestPsqlListDatabases checks that \l lists the connections alice may use
// and no other, bob's private connection in particular, even after bob has
// used it. On a relay target \l lists the upstream's databases.
func TestPsqlListDatabases(t *testing.T) {
	bobs := endpoint{Host: "127.0.0.1", Port: gatewayPort, User: bob, Password: bobPassword,
		Database: bobPrivateConnectionName}
	// bob's catalog query makes the catalog mirror bob_private. Its
	// failure shows in the catalog tests, so it is not checked here.
	psqlPath, err := pgtest.RequireBinary("psql")
	requireClient(t, "psql", err)
	cmd := exec.Command(psqlPath, "-X", "-c", `\dt`)
	cmd.Env = clientEnv(bobs)
	cmd.Run()

	forEachTarget(t, func(t *testing.T, tg *target) {
		// \l prints 8 columns on PostgreSQL 15: name, owner, encoding,
		// collate, ctype, ICU locale, locale provider, access privileges.
		got := column(psql(t, tg.gateway(), `\l`), 0, 5)
		want := aliceConnections()
		if tg.Relay {
			want = column(psql(t, oracle(), `\l`), 0, 5)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf(`\l lists %q, want %q`, got, want)
		}
	})
}

// TestPsqlListSchemas checks \dn against PostgreSQL with the same tables.
func TestPsqlListSchemas(t *testing.T) {
	want := column(psql(t, oracle(), `\dn`), 0, 2)
	forEachTarget(t, func(t *testing.T, tg *target) {
		got := column(psql(t, tg.gateway(), `\dn`), 0, 2)
		if !slices.Equal(got, want) {
			t.Errorf(`\dn lists schemas %q, want %q`, got, want)
		}
	})
}

// TestPsqlListTables checks \dt against PostgreSQL with the same tables,
// PostGIS's spatial_ref_sys included. Owners differ and are not compared.
func TestPsqlListTables(t *testing.T) {
	schemaNameType := func(rows [][]string) []string {
		var tables []string
		for _, row := range rows {
			if len(row) >= 3 {
				tables = append(tables, strings.Join(row[:3], " "))
			}
		}
		return tables
	}
	want := schemaNameType(psql(t, oracle(), `\dt`))
	for _, table := range []string{"public cities table", "public countries table"} {
		if !slices.Contains(want, table) {
			t.Fatalf(`\dt on PostgreSQL lists %q, without %q`, want, table)
		}
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		got := schemaNameType(psql(t, tg.gateway(), `\dt`))
		if !slices.Equal(got, want) {
			t.Errorf(`\dt lists %q, want %q`, got, want)
		}
	})
}

// TestPsqlDescribeTable checks \d TABLE: every column with its PostgreSQL
// type, geometry(Geometry,4326) included.
func TestPsqlDescribeTable(t *testing.T) {
	forEachTarget(t, func(t *testing.T, tg *target) {
		for _, table := range []string{"cities", "countries"} {
			var want []string
			for _, c := range demoTables[table] {
				want = append(want, c.Name+" "+c.Type)
			}
			oracleRows := psql(t, oracle(), `\d `+table)
			rows := psql(t, tg.gateway(), `\d `+table)
			if got := nameAndType(oracleRows); !slices.Equal(got, want) {
				t.Fatalf(`\d %s on PostgreSQL: columns %q, want %q`, table, got, want)
			}
			if got := nameAndType(rows); !slices.Equal(got, want) {
				t.Errorf(`\d %s: columns %q, want %q`, table, got, want)
			}
			if !slices.EqualFunc(rows, oracleRows, slices.Equal) {
				t.Errorf(`\d %s: output %q, PostgreSQL prints %q`, table, rows, oracleRows)
			}
		}
	})
}

func nameAndType(rows [][]string) []string {
	var columns []string
	for _, row := range rows {
		if len(row) >= 2 {
			columns = append(columns, row[0]+" "+row[1])
		}
	}
	return columns
}
