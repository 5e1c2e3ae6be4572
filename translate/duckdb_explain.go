package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// explainDisplayOptions are the EXPLAIN options that only choose what
// PostgreSQL shows of its own plan. DuckDB's plan has no costs, buffers
// or settings to show, so they are dropped.
var explainDisplayOptions = map[string]bool{
	"verbose": true, "costs": true, "settings": true, "buffers": true, "wal": true,
	"timing": true, "summary": true,
}

// rewriteExplain keeps the options of an EXPLAIN that DuckDB runs as
// PostgreSQL does: ANALYZE, and FORMAT TEXT, which is DuckDB's default. A
// plan in another format fails with 0A000, because clients read JSON,
// XML and YAML plans as PostgreSQL's plan nodes. Options PostgreSQL does
// not know, or TIMING or WAL without ANALYZE, fail with its errors.
func rewriteExplain(stmt *pg.Node) error {
	explain := stmt.GetExplainStmt()
	if explain == nil {
		return nil
	}
	var options []*pg.Node
	analyze, needsAnalyze := false, ""
	for _, option := range explain.Options {
		d := option.GetDefElem()
		name := d.GetDefname()
		switch {
		case name == "analyze":
			analyze = !isFalse(d.Arg)
			if analyze {
				options = append(options, option)
			}
		case name == "format":
			format := strings.ToLower(d.Arg.GetString_().GetSval())
			if format != "text" {
				return unsupported(fmt.Sprintf("EXPLAIN (FORMAT %s)", strings.ToUpper(format)), d.Location,
					"EXPLAIN shows this warehouse's plan, which is not PostgreSQL's, as text only.")
			}
		case explainDisplayOptions[name]:
			if (name == "timing" || name == "wal") && !isFalse(d.Arg) {
				needsAnalyze = strings.ToUpper(name)
			}
		default:
			return &Error{Code: CodeSyntaxError, Message: fmt.Sprintf("unrecognized EXPLAIN option %q", name),
				Position: int(d.GetLocation()) + 1}
		}
	}
	if needsAnalyze != "" && !analyze {
		return &Error{Code: "22023", Message: "EXPLAIN option " + needsAnalyze + " requires ANALYZE"}
	}
	explain.Options = options
	return nil
}
