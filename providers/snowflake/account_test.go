package snowflake

import (
	"os"
	"testing"

	"pgway/config"
)

// TestRealAccount runs a query on a real Snowflake account named by the
// PGWAY_TEST_SNOWFLAKE_* variables, and skips without them.
func TestRealAccount(t *testing.T) {
	creds := map[string]string{}
	for _, name := range []string{"ACCOUNT", "USER", "PASSWORD", "DATABASE", "WAREHOUSE"} {
		value := os.Getenv("PGWAY_TEST_SNOWFLAKE_" + name)
		if value == "" {
			t.Skip("PGWAY_TEST_SNOWFLAKE_ACCOUNT, USER, PASSWORD, DATABASE and WAREHOUSE are not all set")
		}
		creds[name] = value
	}
	conn := &config.Connection{Name: "sf_real", ProviderID: "snowflake", Config: config.ConnectionConfig{
		Type: "snowflake_account",
		Credentials: map[string]string{
			"account": creds["ACCOUNT"], "username": creds["USER"], "password": creds["PASSWORD"],
			"database": creds["DATABASE"], "warehouse": creds["WAREHOUSE"],
		},
	}}
	s := openSession(t, conn)
	columns, rows := query(t, s, "SELECT 1::NUMBER(9,0) AS ONE, 'x'::VARCHAR(3) AS \"Mixed\", "+
		"TO_GEOGRAPHY('POINT(1 2)') AS G, [1,2]::VECTOR(INT, 2) AS V")
	if len(rows) != 1 || rows[0][0] != int64(1) {
		t.Errorf("rows = %v", rows)
	}
	if columns[0].Name != "one" || columns[1].Name != "Mixed" {
		t.Errorf("column names %q, %q", columns[0].Name, columns[1].Name)
	}
}
