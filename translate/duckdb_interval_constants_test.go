package translate

import "testing"

// TestIntervalConstantsAsSelectItems checks which interval constants
// that DuckDB compares as equal may share a statement as select items.
func TestIntervalConstantsAsSelectItems(t *testing.T) {
	for sql, want := range map[string]string{
		"select '1 day'::interval, '24 hours'::interval":                      "",
		"select interval '1 month', (select interval '30 days')":              "",
		"select '1 day'::interval union all select '24 hours'::interval":      "",
		"select '1 day'::interval union select '24 hours'::interval":          "0A000",
		"select distinct '1 day'::interval, '24 hours'::interval":             "0A000",
		"select '1 day'::interval, '24 hours'::interval from t group by 1, 2": "0A000",
		"select d + '1 day'::interval, '24 hours'::interval from t":           "",
		"select d + '1 day'::interval, d + '24 hours'::interval from t":       "0A000",
	} {
		stmts, err := New(8).Translate(DuckDB(DuckDBCapabilities{}), sql, &Session{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if e := AsError(stmts[0].Err); e != nil {
			got = e.Code
		}
		if got != want {
			t.Errorf("%s: %q, want %q (%v)", sql, got, want, stmts[0].Err)
		}
	}
}
