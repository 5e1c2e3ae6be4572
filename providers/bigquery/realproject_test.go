package bigquery

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/providers"
)

// openRealProject opens a session on a real BigQuery project named by
// PGWAY_TEST_BIGQUERY_PROJECT, with the service account key in
// PGWAY_TEST_BIGQUERY_KEY (the key JSON, or the path of a file holding
// it). The test is skipped when either is unset.
func openRealProject(t *testing.T) *session {
	t.Helper()
	project, key := os.Getenv("PGWAY_TEST_BIGQUERY_PROJECT"), os.Getenv("PGWAY_TEST_BIGQUERY_KEY")
	if project == "" || key == "" {
		t.Skip("PGWAY_TEST_BIGQUERY_PROJECT and PGWAY_TEST_BIGQUERY_KEY are unset")
	}
	if !strings.HasPrefix(strings.TrimSpace(key), "{") {
		data, err := os.ReadFile(key)
		if err != nil {
			t.Fatalf("read PGWAY_TEST_BIGQUERY_KEY: %v", err)
		}
		key = string(data)
	}
	creds := map[string]string{"project_id": project, "service_account_key": key,
		"location": os.Getenv("PGWAY_TEST_BIGQUERY_LOCATION")}
	s, err := providers.Open(providers.WithUser(context.Background(), "pgway-test"),
		&config.Connection{Name: "real", ProviderID: "bigquery",
			Config: config.ConnectionConfig{Type: "service_account", Credentials: creds}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.(*session)
}

// TestRealProjectTypes reads a value of every type, including those the
// emulator lacks, from a real project.
func TestRealProjectTypes(t *testing.T) {
	s := openRealProject(t)
	st, rows, _ := query(t, s, `SELECT NUMERIC '1.5' AS n, BIGNUMERIC '1.25' AS bn, INTERVAL 1 DAY AS i,
		JSON '{"b": 1, "a": [true]}' AS j, ST_GEOGPOINT(1, 2) AS g, [1, 2] AS a, STRUCT(1 AS x, 'y' AS y) AS s,
		RANGE(DATE '2024-01-01', NULL) AS r, CAST(NULL AS STRING) AS z`)
	want := []string{"1.500000000", "1.25", "1 day", `{"a": [true], "b": 1}`,
		"0101000020E6100000000000000000F03F0000000000000040", "{1,2}", `{"x": 1, "y": "y"}`,
		"[2024-01-01, UNBOUNDED)", "NULL"}
	types := pgtype.NewMap()
	for i, col := range st.Columns() {
		got := "NULL"
		if v := rows[0][i]; v != nil {
			got = encodeText(t, types, col, v)
		}
		if col.TypeOID == pgtype.IntervalOID {
			got = strings.TrimPrefix(got, "0 years 0 mons ")
			got = strings.TrimSuffix(got, " 00:00:00")
			got = strings.Replace(got, "days", "day", 1)
		}
		if got != want[i] {
			t.Errorf("%s: %s, want %s", col.Name, got, want[i])
		}
	}
}

// TestRealProjectParameterInference checks that a dry run infers the
// types of undeclared parameters.
func TestRealProjectParameterInference(t *testing.T) {
	s := openRealProject(t)
	st, err := s.Prepare(context.Background(), "SELECT @p1 + 1 AS a, DATE_ADD(@p2, INTERVAL 1 DAY) AS b")
	if err != nil {
		t.Fatal(err)
	}
	if got := st.ParamOIDs(); len(got) != 2 || got[0] != pgtype.Int8OID || got[1] != pgtype.DateOID {
		t.Errorf("ParamOIDs = %v, want int8 and date", got)
	}
}

// TestRealProjectErrors checks the SQLSTATEs of real BigQuery errors.
func TestRealProjectErrors(t *testing.T) {
	s := openRealProject(t)
	for sql, code := range map[string]string{
		"SELEC 1":                              "42601",
		"SELECT nope":                          "42703",
		"SELECT * FROM pgway_no_such_ds.t":     "42P01",
		"SELECT no_such_function_for_pgway(1)": "42883",
	} {
		_, err := s.Prepare(context.Background(), sql)
		var pe *providers.Error
		if !errorAs(err, &pe) || pe.Code != code {
			t.Errorf("%s: %v, want SQLSTATE %s", sql, err, code)
		}
	}
}
