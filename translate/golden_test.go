package translate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkDialectGolden translates every statement of the corpus for dialect
// d and compares the results with testdata/dialects/LABEL.txt, which
// records, for each corpus case in order, its file and line, its SQL and
// the rewrite or error. go test -update rewrites the file, which is then
// reviewed like code.
func checkDialectGolden(t *testing.T, d Dialect, label string) {
	t.Helper()
	tr := New(100)
	var b strings.Builder
	fmt.Fprintf(&b, "# The corpus of testdata/*.txt translated for %s. go test -update\n"+
		"# rewrites this file from the translator's output; review the diff.\n", label)
	for _, path := range corpusFiles(t) {
		for _, c := range readCorpus(t, path) {
			fmt.Fprintf(&b, "\n# %s:%d\n%s----\n%s", c.file, c.line, c.sql, describeIn(tr, d, label, c.sql))
		}
	}
	golden := filepath.Join("testdata", "dialects", label+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	expected := splitGolden(string(data))
	actual := splitGolden(b.String())
	if len(expected) != len(actual) {
		t.Fatalf("%s has %d cases and the corpus %d: run go test -update and review the diff",
			golden, len(expected), len(actual))
	}
	for i := range actual {
		if actual[i] != expected[i] {
			t.Errorf("%s, case %d:\nexpected:\n%s\nactual:\n%s", golden, i+1, expected[i], actual[i])
		}
	}
}

// splitGolden splits a golden file into its cases, each starting with the
// "# file:line" comment.
func splitGolden(s string) []string {
	parts := strings.Split(s, "\n\n# ")
	return parts[1:]
}
