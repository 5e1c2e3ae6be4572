package snowflakeemu

import (
	"strings"
	"testing"
)

func TestEncodeNameKeepsCaseApart(t *testing.T) {
	names := []string{"abc", "ABC", "Abc", "aBC", "a~b", "A~B", "~"}
	seen := map[string]string{}
	for _, name := range names {
		encoded := encodeName(name)
		if got := decodeName(encoded); got != name {
			t.Errorf("decodeName(encodeName(%q)) = %q", name, got)
		}
		folded := strings.ToLower(encoded)
		if other, ok := seen[folded]; ok {
			t.Errorf("%q and %q encode to names DuckDB treats as one: %q", name, other, encoded)
		}
		seen[folded] = name
	}
}

func TestRewrite(t *testing.T) {
	cases := []struct{ in, want string }{
		{`select a, "b", "MixedCase" from t`, `SELECT A, "~b", "M~i~x~e~dC~a~s~e" FROM T`},
		{`select 'it''s', 'a\'b', $$x'y$$`, `SELECT 'it''s', 'a''b', 'x''y'`},
		{`select x::variant, cast(y as number(10,2)) from t where z = :2`, `SELECT X::JSON, CAST(Y AS DECIMAL(10,2)) FROM T WHERE Z = $2`},
		{`select 1 -- comment`, `SELECT 1  `},
	}
	for _, c := range cases {
		tokens, err := lex(c.in)
		if err != nil {
			t.Fatalf("lex %q: %v", c.in, err)
		}
		rw, err := rewrite(tokens)
		if err != nil {
			t.Fatalf("rewrite %q: %v", c.in, err)
		}
		if rw.sql != c.want {
			t.Errorf("rewrite %q\n got %q\nwant %q", c.in, rw.sql, c.want)
		}
	}
}

func TestRewriteCreateTableRecordsTypes(t *testing.T) {
	tokens, err := lex(`CREATE TABLE s.t (id NUMBER(9,0) NOT NULL COMMENT 'key', "Name" VARCHAR(20), v VECTOR(INT, 3)) COMMENT = 'tbl'`)
	if err != nil {
		t.Fatal(err)
	}
	rw, err := rewrite(tokens)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rw.table, ".") != "S.T" {
		t.Errorf("table %v", rw.table)
	}
	if len(rw.columns) != 3 {
		t.Fatalf("columns %+v", rw.columns)
	}
	if c := rw.columns[0]; c.name != "ID" || c.typ.String() != "NUMBER(9,0)" || !c.notNull || c.comment == nil || *c.comment != "key" {
		t.Errorf("column 0 = %+v", c)
	}
	if c := rw.columns[1]; c.name != "Name" || c.typ.String() != "VARCHAR(20)" {
		t.Errorf("column 1 = %+v", c)
	}
	if c := rw.columns[2]; c.typ.String() != "VECTOR(INT, 3)" {
		t.Errorf("column 2 = %+v", c)
	}
	if rw.tableComment == nil || *rw.tableComment != "tbl" {
		t.Errorf("table comment %v", rw.tableComment)
	}
	if strings.Contains(rw.sql, "COMMENT") {
		t.Errorf("DuckDB SQL keeps COMMENT: %s", rw.sql)
	}
}

func TestLexRejectsUnterminated(t *testing.T) {
	for _, sql := range []string{`select 'abc`, `select "abc`, `select /* x`, `select $$x`} {
		if _, err := lex(sql); err == nil {
			t.Errorf("lex %q: no error", sql)
		}
	}
}

func TestRewriteRecordsCastTypes(t *testing.T) {
	tokens, err := lex(`select left(x, 60)::varchar(60) as a, t.y::number(10,2) as b, cast(z as varchar(3)) as c,
		'x' || w::varchar(4) as d, (v)::timestamp_tz e, 'q'::varchar(2) as "f", 1::text as g, 2::varchar(1) as g from t`)
	if err != nil {
		t.Fatal(err)
	}
	rw, err := rewrite(tokens)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A": "VARCHAR(60)", "B": "NUMBER(10,2)", "C": "VARCHAR(3)", "f": "VARCHAR(2)"}
	for alias, typ := range want {
		if got, ok := rw.castTypes[alias]; !ok || got.String() != typ {
			t.Errorf("alias %s has cast type %v (%v), want %s", alias, got, ok, typ)
		}
	}
	for _, alias := range []string{"D", "E", "G"} {
		if got, ok := rw.castTypes[alias]; ok && got.name != "ambiguous" {
			t.Errorf("alias %s has cast type %v, want none", alias, got)
		}
	}
}

func TestRewriteCastAtStart(t *testing.T) {
	for _, sql := range []string{`::varchar(3) as a`, `x::varchar(3) as`, `(::int`, `)::int as a`} {
		tokens, err := lex(sql)
		if err != nil {
			t.Fatal(err)
		}
		// Malformed statements may fail, but must not panic.
		rewrite(tokens)
	}
}
