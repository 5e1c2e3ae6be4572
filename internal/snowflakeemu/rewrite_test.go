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
