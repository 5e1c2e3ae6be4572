package translate

import (
	"errors"
	"testing"
)

func TestTextFunctionRewrites(t *testing.T) {
	cases := []rewriteCase{
		{`select lpad(s, 5, '') from t`, `"left"(s, CASE WHEN 5 < 0 THEN 0 ELSE 5 END)`},
		{`select rpad(s, n, f) from t`, `CASE WHEN f = '' THEN "left"(s, CASE WHEN n < 0 THEN 0 ELSE n END) ELSE rpad(s, CASE WHEN n > 268435454 AND f <> '' AND s IS NOT NULL THEN error('requested length too large (SQLSTATE 54000)') ELSE n END, f) END`},
		{`select lpad(s, 5, '0') from t`, `CASE WHEN '0' = '' THEN`},
		{`select lpad(s, 5) from t`, `lpad(s, 5, ' ')`},
		{`select regexp_replace(s, 'b', '\&') from t`, `pgway_regexp_replace(s, 'b', E'\\&', '')`},
		{`select regexp_replace(s, 'b', 'x', 'gti') from t`, `pgway_regexp_replace(s, 'b', 'x', 'gti')`},
		{`select s ~ 'a', s !~* 'b' from t`, `pgway_regex_test(s, 'a', '') AS "?column?", NOT pgway_regex_test(s, 'b', 'i')`},
		{`select substring(s from 'a(b)') from t`, `pgway_substring_regex(s, 'a(b)')`},
		{`select substring(s similar 'a#"b#"' escape '#') from t`, `pgway_substring_similar(s, 'a#"b#"', '#')`},
		{`select regexp_matches(s, 'a', 'g') from t`, `unnest(pgway_regexp_matches(s, 'a', 'g'))`},
		{`select regexp_split_to_table(s, ',') from t`, `unnest(pgway_regexp_split_table(s, ',', ''))`},
		{`select string_agg(s, null) from t`, `string_agg(s, '')`},
		{`select string_agg(s, ',') from t`, `string_agg(s, ',')`},
		{`select string_agg(s, d order by s) from t`,
			`pgway_string_agg_join(array_agg(ARRAY[COALESCE(d, ''), s] ORDER BY s) FILTER (WHERE s IS NOT NULL))`},
		{`select array_to_string(a, ',') from t`, `pgway_array_to_string(pgway_text(a, typeof(a), COALESCE(NULL::int4, 1)), ',', NULL)`},
		{`select array_to_string(a, ',', '*') from t`,
			`CASE WHEN typeof(a) NOT LIKE '%]' THEN error('function array_to_string does not exist for these argument types (SQLSTATE 42883)') ELSE pgway_array_to_string(`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestTextFunctionErrors(t *testing.T) {
	cases := []struct{ sql, message string }{
		{`select substr(s, 'b') from t`, `substr() with a text as its start is not supported on DuckDB`},
		{`select string_agg(distinct s, d) from t`,
			`string_agg() with DISTINCT or OVER and a delimiter that is not a constant is not supported on DuckDB`},
	}
	for _, c := range cases {
		_, err := translateDuckDB(t, c.sql)
		var terr *Error
		if !errors.As(err, &terr) {
			t.Errorf("%s: error %v, expected 0A000", c.sql, err)
			continue
		}
		if terr.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000", c.sql, terr.Code)
		}
		if terr.Message != c.message {
			t.Errorf("%s: message %q, expected %q", c.sql, terr.Message, c.message)
		}
	}
}
