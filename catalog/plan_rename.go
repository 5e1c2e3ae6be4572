package catalog

// renamedColumn is a column of a mirrored table, with the name it had
// before a rename of the warehouse's column, empty when it kept it.
type renamedColumn struct {
	column
	renamedFrom string
}

// renamedColumns returns the columns of a mirrored table, old, with the
// renames that turn them into want's: a column whose name want lacks, in
// the place of a column of want of the same type that old lacks. Renaming the mirror's
// column, rather than dropping it and adding another, keeps its number,
// as ALTER TABLE ... RENAME COLUMN on the warehouse keeps it in
// PostgreSQL, and leaves no dropped column in pg_attribute.
func renamedColumns(old, want []column, desired map[string]column) []renamedColumn {
	had := map[string]bool{}
	for _, c := range old {
		had[c.name] = true
	}
	out := make([]renamedColumn, len(old))
	for i, c := range old {
		out[i].column = c
		if _, keep := desired[c.name]; keep || i >= len(want) || had[want[i].name] || want[i].typ != c.typ {
			continue
		}
		out[i].renamedFrom, out[i].name = c.name, want[i].name
	}
	return out
}
