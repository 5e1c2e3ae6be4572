package translate

import "testing"

func TestQuoteIdentifier(t *testing.T) {
	for name, want := range map[string]string{
		"public": "public", "$user": `"$user"`, "Impl_Mixed": `"Impl_Mixed"`, "user": `"user"`,
		"a b": `"a b"`, `q"x`: `"q""x"`, "x1": "x1", "1x": `"1x"`, "": `""`, "name": "name", "select": `"select"`,
	} {
		if got := quoteIdentifier(name); got != want {
			t.Errorf("quoteIdentifier(%q) = %s, want %s", name, got, want)
		}
	}
}
