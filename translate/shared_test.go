package translate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Values that perturbLiterals gives literals, by class, as SQL text. The
// strings include LIKE and regular expression syntax, to_char patterns,
// an array literal, a date_trunc unit and st_asbinary's byte order.
var perturbedValues = map[byte][]string{
	's': {"''", "'a'", "'it''s'", "'日本'", "'%_'", "'{1,2}'", "'YYYY'", "'month'", "'NDR'", "'a\"b'", "'2024-01-02'", "'1 day'"},
	'i': {"1", "7", "42", "2147483647"},
	'b': {"2147483648", "9223372036854775807", "5000000000"},
}

// perturbLiterals returns sql with each literal replaced by a value of the
// same class, chosen by seed and the literal's index.
func perturbLiterals(sql string, seed int) string {
	sh, _ := scanShape(sql)
	var b strings.Builder
	last := 0
	for i, lit := range sh.literals {
		b.WriteString(sql[last:lit.start])
		if lit.class.kind == 'd' {
			fmt.Fprintf(&b, "%d.%s", seed+i, strings.Repeat(fmt.Sprint((seed+i)%10), lit.class.scale))
		} else {
			values := perturbedValues[lit.class.kind]
			b.WriteString(values[(seed+i)%len(values)])
		}
		last = lit.end
	}
	b.WriteString(sql[last:])
	return b.String()
}

// checkSameAsUncached translates sql with tr and with a new Translator
// and fails the test unless the statements are equal. It returns whether
// tr used a shared template.
func checkSameAsUncached(t *testing.T, tr *Translator, d Dialect, sql string, s *Session) bool {
	t.Helper()
	l, ok := tr.lookupShape(d, sql)
	fromTemplate := ok && l.template != nil
	cached, cachedErr := tr.Translate(d, sql, s)
	uncached, uncachedErr := New(1).Translate(d, sql, s)
	if cachedErr != nil || uncachedErr != nil {
		if fmt.Sprint(cachedErr) != fmt.Sprint(uncachedErr) {
			t.Errorf("%q: error %v, uncached %v", sql, cachedErr, uncachedErr)
		}
		return fromTemplate
	}
	if len(cached) != len(uncached) {
		t.Errorf("%q: %d statements, uncached %d", sql, len(cached), len(uncached))
		return fromTemplate
	}
	for i := range cached {
		c, u := cached[i], uncached[i]
		if describeStatementError(c.Err) != describeStatementError(u.Err) {
			t.Errorf("%q: statement %d error %s, uncached %s", sql, i, describeStatementError(c.Err), describeStatementError(u.Err))
		}
		c.Err, u.Err = nil, nil
		if !reflect.DeepEqual(c, u) {
			t.Errorf("%q: statement %d (template %v)\ncached:   %+v\nuncached: %+v", sql, i, fromTemplate, c, u)
		}
	}
	return fromTemplate
}

func describeStatementError(err error) string {
	if err == nil {
		return "none"
	}
	return describeError(err)
}

// TestSharedTemplatesMatchCorpus translates every corpus statement with
// its literals changed, and checks each translation against an uncached
// one.
func TestSharedTemplatesMatchCorpus(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	tr := New(1000)
	shared := 0
	for _, path := range corpusFiles(t) {
		for _, c := range readCorpus(t, path) {
			checkSameAsUncached(t, tr, d, c.sql, corpusSession)
			for seed := range 6 {
				if checkSameAsUncached(t, tr, d, perturbLiterals(c.sql, seed), corpusSession) {
					shared++
				}
			}
		}
	}
	if shared < 200 {
		t.Errorf("%d variants used a shared template, expected at least 200", shared)
	}
	t.Logf("%d variants used a shared template", shared)
}

// literalRoles translates sql and then variant, which must both translate
// without error, so that their shape is analysed. It returns for each
// literal "key" when it is part of the template key and "slot" when it is
// a slot, or "none" when the shape does not share.
func literalRoles(t *testing.T, tr *Translator, d Dialect, sql, variant string) string {
	t.Helper()
	for _, variant := range []string{sql, variant} {
		if _, err := tr.Translate(d, variant, corpusSession); err != nil {
			t.Fatalf("translate %q: %v", variant, err)
		}
	}
	l, ok := tr.lookupShape(d, sql)
	if !ok || l.info == nil {
		return "none"
	}
	roles := make([]string, len(l.info.fixed))
	for i, fixed := range l.info.fixed {
		roles[i] = "slot"
		if fixed {
			roles[i] = "key"
		}
	}
	return strings.Join(roles, " ")
}

// TestLiteralsThatBecomeSyntax checks which literals a shape keeps in the
// template key, and that variants of each query translate as uncached.
func TestLiteralsThatBecomeSyntax(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	cases := []struct {
		sql      string
		roles    string
		variants []string
	}{
		// The DuckDB provider reads to_char's template, so it stays a value.
		{"select to_char(at, 'YYYY-MM'), 5 from events", "slot slot",
			[]string{"select to_char(at, 'HH24:MI'), 6 from events", "select to_char(at, 'YYYY-MM'), 7 from events"}},
		// The DuckDB provider reads to_timestamp's template too.
		{"select to_timestamp('2024', 'YYYY') from events", "slot slot",
			[]string{"select to_timestamp('1999', 'YYYY') from events", "select to_timestamp('10', 'HH24') from events"}},
		{"select name from cities where name similar to 'L%' and id > 3", "key slot",
			[]string{"select name from cities where name similar to '_o%' and id > 4", "select name from cities where name similar to 'L%' and id > 9"}},
		{"select name from cities where name like 'L%'", "slot",
			[]string{"select name from cities where name like '%o_'", "select name from cities where name like ''"}},
		// A shape whose literals all stay in the key does not share.
		{"select name::char(3) from cities", "none",
			[]string{"select name::char(5) from cities"}},
		// left(name::varchar(3), 3) has the length twice.
		{"select name::varchar(3) from cities", "none",
			[]string{"select name::varchar(5) from cities"}},
		{"select 1.50::numeric, 2 from cities", "slot slot",
			[]string{"select 7.25::numeric, 3 from cities", "select 1.5::numeric, 2 from cities"}},
		{"select current_setting('application_name'), id from cities where id = 1", "key slot",
			[]string{"select current_setting('timezone'), id from cities where id = 2", "select current_setting('no_such'), id from cities where id = 3",
				"select current_setting('application_name'), id from cities where id = 4"}},
		{"select st_asbinary(geom, 'NDR'), 4 from places", "slot slot",
			[]string{"select st_asbinary(geom, 'NDR'), 8 from places", "select st_asbinary(geom, 'XDR'), 4 from places"}},
		{"select '{1,2}'::int[] @> arr from cities", "none",
			[]string{"select '{3}'::int[] @> arr from cities"}},
		// A string that starts with a brace is not scanned as a literal,
		// so it stays in the key.
		{"select payload #> '{a,b}', 5 from events", "slot",
			[]string{"select payload #> '{a,b}', 6 from events", "select payload #> '{c}', 5 from events"}},
		// A GROUP BY position is checked against the select list.
		{"select substr(name, 2), count(*) from cities group by 1", "slot key",
			[]string{"select substr(name, 3), count(*) from cities group by 1", "select substr(name, 4), count(*) from cities group by 2"}},
		// date_trunc's unit decides the rewrite, so it stays in the key.
		{"select date_trunc('day', at), count(*) from events group by 1", "none",
			[]string{"select date_trunc('month', at), count(*) from events group by 1", "select date_trunc('mnth', at), count(*) from events group by 1"}},
		// A decimal too wide for DuckDB fails, which a shared template of
		// narrow ones would not check.
		{"select 1234.5 + 1 from cities", "slot slot",
			[]string{"select 4321.5 + 2 from cities", "select 1234567890123456789012345678901234567890.5 + 1 from cities"}},
		{"select 'a\\b', 'c' from cities", "slot",
			[]string{"select 'a\\b', 'd' from cities", "select 'a\\c', 'd' from cities"}},
	}
	for _, c := range cases {
		tr := New(100)
		if roles := literalRoles(t, tr, d, c.sql, c.variants[0]); roles != c.roles {
			t.Errorf("%q: literal roles %q, expected %q", c.sql, roles, c.roles)
		}
		for _, v := range append([]string{c.sql}, c.variants...) {
			checkSameAsUncached(t, tr, d, v, corpusSession)
		}
	}
}

func TestSharedTemplateFoldsPerSession(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{})
	tr := New(10)
	query := "select current_user, now(), name from cities where id = %d"
	bob := &Session{User: "bob", Settings: map[string]string{"timezone": "UTC"}}
	for i := range 4 {
		checkSameAsUncached(t, tr, d, fmt.Sprintf(query, i), corpusSession)
	}
	if !checkSameAsUncached(t, tr, d, fmt.Sprintf(query, 9), bob) {
		t.Error("the fifth variant did not use a shared template")
	}
	st := translateOneStatement(t, tr, fmt.Sprintf(query, 10), bob)
	if !strings.Contains(st.Rewritten, "'bob'") || !strings.Contains(st.Rewritten, "now()") {
		t.Errorf("bob's rewrite: %s", st.Rewritten)
	}
}

// TestSharedTemplateTextAndPositions checks the statement texts and the
// position of an error raised when the session's values are filled in,
// with literals of different lengths before them.
func TestSharedTemplateTextAndPositions(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{})
	tr := New(10)
	query := "select %d from cities;\n  select name, current_setting('no_such') from cities where name = '%s' ;"
	for i, name := range []string{"a", "Lisboa", "", "日本語の都市", "x"} {
		sql := fmt.Sprintf(query, (i+1)*12345, name)
		fromTemplate := checkSameAsUncached(t, tr, d, sql, corpusSession)
		if i >= 2 && !fromTemplate {
			t.Errorf("variant %d did not use a shared template", i)
		}
	}
	stmts, err := tr.Translate(d, fmt.Sprintf(query, 1, "日本"), corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	if stmts[1].SQL != "select name, current_setting('no_such') from cities where name = '日本'" {
		t.Errorf("second statement text: %q", stmts[1].SQL)
	}
	if e := AsError(stmts[1].Err); e == nil || e.Position != 38 {
		t.Errorf("second statement error: %v, expected 42704 at 38", stmts[1].Err)
	}
}

func TestSharedTemplateNotForSessionOrCopy(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{})
	tr := New(10)
	for _, query := range []string{"set statement_timeout = %d", "copy (select %d from cities) to stdout", "select %d; set search_path = public"} {
		for i := range 3 {
			if checkSameAsUncached(t, tr, d, fmt.Sprintf(query, i), corpusSession) {
				t.Errorf("%q used a shared template", fmt.Sprintf(query, i))
			}
		}
	}
}

// FuzzSharedTemplate translates a query and variants of it with changed
// literals, and checks each translation against an uncached one.
func FuzzSharedTemplate(f *testing.F) {
	for _, path := range corpusFiles(f) {
		for _, c := range readCorpus(f, path) {
			f.Add(c.sql, uint8(0))
		}
	}
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	f.Fuzz(func(t *testing.T, sql string, seed uint8) {
		tr := New(10)
		checkSameAsUncached(t, tr, d, sql, corpusSession)
		for i := range 3 {
			checkSameAsUncached(t, tr, d, perturbLiterals(sql, int(seed)+i), corpusSession)
		}
	})
}

func TestTemplateKeySharesOnSecondMiss(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{})
	tr := New(10)
	query := "select current_setting('%s'), id from events where id = %d"
	checkSameAsUncached(t, tr, d, fmt.Sprintf(query, "application_name", 1), corpusSession)
	checkSameAsUncached(t, tr, d, fmt.Sprintf(query, "application_name", 2), corpusSession)
	for i, pattern := range []string{"timezone", "timezone", "timezone", "application_name"} {
		fromTemplate := checkSameAsUncached(t, tr, d, fmt.Sprintf(query, pattern, 10+i), corpusSession)
		if expected := i >= 2; fromTemplate != expected {
			t.Errorf("variant %d with %s: shared template used %v, expected %v", i, pattern, fromTemplate, expected)
		}
	}
}
