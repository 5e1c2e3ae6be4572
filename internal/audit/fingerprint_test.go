package audit

import "testing"

func TestFingerprintIgnoresConstants(t *testing.T) {
	same := [][2]string{
		{"select * from t where id = 1", "select * from t where id = 42"},
		{"select * from t where name = 'alice'", "select * from t where name = 'bob''s'"},
		{"select * from t where name = E'a\\'b'", "select * from t where name = 'c'"},
		{"select $$x$$, $tag$y $ z$tag$", "select 'a', 'b'"},
		{"select * from t where id = $1", "select * from t where id = 7"},
		{"select 1.5e3, .5, 0x1F", "select 2, 3, 4"},
		{"select * from t where id in (1, 2, 3)", "select * from t where id in (4)"},
		{"SELECT Name FROM T", "select name from t"},
		{"select  a,\n\tb -- comment\nfrom t /* a /* nested */ comment */", "select a, b from t"},
	}
	for _, pair := range same {
		if Fingerprint([]byte(pair[0])) != Fingerprint([]byte(pair[1])) {
			t.Errorf("fingerprints differ:\n%s\n%s", pair[0], pair[1])
		}
	}
}

func TestFingerprintKeepsStructure(t *testing.T) {
	different := [][2]string{
		{"select a from t", "select b from t"},
		{`select "Name" from t`, `select "name" from t`},
		{"select * from t where id = 1", "select * from t where id > 1"},
		{"select a, b from t", "select a from t"},
		{"select f(1, a) from t", "select f(1) from t"},
		{"delete from t", "select from t"},
	}
	for _, pair := range different {
		if Fingerprint([]byte(pair[0])) == Fingerprint([]byte(pair[1])) {
			t.Errorf("fingerprints equal:\n%s\n%s", pair[0], pair[1])
		}
	}
}

func TestFingerprintUnterminated(t *testing.T) {
	for _, sql := range []string{"select 'abc", `select "abc`, "select $$abc", "select /* abc", "select $tag", "select e'\\"} {
		Fingerprint([]byte(sql))
	}
}

func TestFormatFingerprint(t *testing.T) {
	if got := FormatFingerprint(0); got != "" {
		t.Errorf("FormatFingerprint(0) = %q, want empty", got)
	}
	if got := FormatFingerprint(0xab); got != "00000000000000ab" {
		t.Errorf("FormatFingerprint(0xab) = %q", got)
	}
}

func FuzzFingerprint(f *testing.F) {
	f.Add([]byte("select * from t where id in (1, 2, 'x') -- c"))
	f.Fuzz(func(t *testing.T, sql []byte) {
		if Fingerprint(sql) != Fingerprint(sql) {
			t.Error("fingerprint is not deterministic")
		}
	})
}
