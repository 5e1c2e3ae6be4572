package translate

import (
	"strconv"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// readableKey writes a shape key with its class marks as <s>, <i>, <b>
// and <d2;> for reading in test failures.
func readableKey(key string) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		if key[i] != 0 {
			b.WriteByte(key[i])
			continue
		}
		i++
		b.WriteString("<" + string(key[i]))
		if key[i] == 'd' {
			end := strings.IndexByte(key[i:], ';')
			b.WriteString(key[i+1 : i+end+1])
			i += end
		}
		b.WriteString(">")
	}
	return b.String()
}

func TestScanShapeKeys(t *testing.T) {
	cases := []struct{ sql, key string }{
		{"select 1, 'a', 2147483647, 2147483648, 1.50", "select <i>, <s>, <i>, <b>, <d2;>"},
		{"select 9223372036854775807, 9223372036854775808", "select <b>, 9223372036854775808"},
		{"select -5, 0, 0.5, x-1", "select -<i>, 0, <d1;>, x-<i>"},
		{"select 007, 1e5, 1.5e-3, .5, 5., 1_000, 0x1F, 5abc", "select 007, 1e5, 1.5e-3, .5, 5., 1_000, 0x1F, 5abc"},
		{"select 'it''s', E'it''s', E'a\\nb', 'a\\b'", `select <s>, <s>, E'a\nb', 'a\b'`},
		{"select B'101', X'1F', N'abc', U&'d\\0061t', U&'d!0061t' UESCAPE '!'",
			"select B'101', X'1F', N'abc', U&'d\\0061t', U&'d!0061t' UESCAPE '!'"},
		{"select 'a'\n'b', 'c'", "select 'a'\n'b', <s>"},
		{"select 'a' -- 'b' 5\n, 1 /* 2 /* 3 */ 4 */ + 3", "select <s> -- 'b' 5\n, <i> /* 2 /* 3 */ 4 */ + <i>"},
		{"select $1, $$a 'b' 5$$, $tag$ 'c' $tag$, 6", "select $1, $$a 'b' 5$$, $tag$ 'c' $tag$, <i>"},
		{`select "a 'b' 5", t1.c2, a$1, '5'::int, x::numeric(10,2)`, `select "a 'b' 5", t1.c2, a$1, <s>::int, x::numeric(<i>,<i>)`},
		{"select date'2024-01-01', date '2024-01-01'", "select date'2024-01-01', date <s>"},
		{"select 'unterminated", "select 'unterminated"},
		{"select 'a', 'b''", "select <s>, 'b''"},
		{"select 'é', '\xff'", "select <s>, '\xff'"},
		{"select date_trunc('Century', x), date_trunc('day', x)", "select date_trunc('Century', x), date_trunc(<s>, x)"},
		// DuckDB's DECIMAL holds 38 digits, and the rewrite sizes casts of
		// decimals with more than 18 before the point by their width.
		{"select 1234.5, 1234567890123456789012345678901234567890.5, 1234567890123456789.5, 123456789012345678.5",
			"select <d1;>, 1234567890123456789012345678901234567890.5, 1234567890123456789.5, <d1;>"},
	}
	for _, c := range cases {
		sh, ok := scanShape(c.sql)
		if !ok {
			t.Errorf("scanShape(%q) rejected the query", c.sql)
			continue
		}
		key := sh.key
		if len(sh.literals) == 0 {
			key = c.sql
		}
		if readableKey(key) != c.key {
			t.Errorf("scanShape(%q)\nkey:      %s\nexpected: %s", c.sql, readableKey(key), c.key)
		}
	}
}

func TestScanShapeRejectsNUL(t *testing.T) {
	if _, ok := scanShape("select 1\x00, 2"); ok {
		t.Error("scanShape accepted a query with a NUL byte")
	}
}

func TestLiteralOutputDropsEPrefix(t *testing.T) {
	sql := "select E'it''s', 'x'"
	sh, _ := scanShape(sql)
	if len(sh.literals) != 2 {
		t.Fatalf("%d literals, expected 2", len(sh.literals))
	}
	if out := sh.literals[0].output(sql); out != "'it''s'" {
		t.Errorf("output of E'it''s': %s", out)
	}
	if out := sh.literals[1].output(sql); out != "'x'" {
		t.Errorf("output of 'x': %s", out)
	}
}

// FuzzScanShape checks the scanner against pg_query's lexer: every
// literal it classifies is one whole token of the matching kind, and the
// key is the query with the literals replaced by their classes.
func FuzzScanShape(f *testing.F) {
	for _, path := range corpusFiles(f) {
		for _, c := range readCorpus(f, path) {
			f.Add(c.sql)
		}
	}
	for _, s := range []string{"select E'a''b', 'c'\n'd', $x$ 'e' $x$, 1.5e-3, U&'f' UESCAPE '!'", "select 1..2, x.5, 5$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		sh, ok := scanShape(sql)
		if !ok || len(sh.literals) == 0 {
			return
		}
		checkKey(t, sql, sh)
		scan, err := pg.Scan(sql)
		if err != nil {
			return
		}
		tokens := map[int32]*pg.ScanToken{}
		for _, tok := range scan.Tokens {
			tokens[tok.Start] = tok
		}
		for _, lit := range sh.literals {
			tok := tokens[int32(lit.start)]
			text := sql[lit.start:lit.end]
			if tok == nil || int(tok.End) != lit.end {
				t.Fatalf("%q: literal %q at %d is not one token of pg_query's lexer", sql, text, lit.start)
			}
			expected := map[byte]pg.Token{'s': pg.Token_SCONST, 'i': pg.Token_ICONST, 'b': pg.Token_FCONST, 'd': pg.Token_FCONST}
			if tok.Token != expected[lit.class.kind] {
				t.Fatalf("%q: literal %q of class %c is a %s token", sql, text, lit.class.kind, tok.Token)
			}
		}
	})
}

func checkKey(t *testing.T, sql string, sh shape) {
	t.Helper()
	var b strings.Builder
	last := 0
	for i, lit := range sh.literals {
		if lit.start < last || lit.end <= lit.start || lit.end > len(sql) {
			t.Fatalf("%q: literal %d spans %d..%d after %d", sql, i, lit.start, lit.end, last)
		}
		b.WriteString(sql[last:lit.start])
		b.WriteString("\x00" + string(lit.class.kind))
		if lit.class.kind == 'd' {
			b.WriteString(strconv.Itoa(lit.class.scale) + ";")
		}
		last = lit.end
	}
	b.WriteString(sql[last:])
	if b.String() != sh.key {
		t.Fatalf("%q: key %q, expected %q", sql, readableKey(sh.key), readableKey(b.String()))
	}
}
