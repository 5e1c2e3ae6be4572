package providers

import "context"

// Introspector is implemented by a Session that can describe what its
// credentials can see. The catalog mirror calls it to build the
// connection's database of empty tables, so that pg_catalog and
// information_schema queries get real PostgreSQL results.
type Introspector interface {
	// Describe lists the schemas, tables, views and columns that the
	// session can see, with names as PostgreSQL clients see them (the
	// warehouse's default schema is "public" where it has no name of
	// its own) and types in PostgreSQL's terms.
	Describe(ctx context.Context) (*Snapshot, error)
}

// Snapshot is a description of a warehouse's schemas.
type Snapshot struct {
	Schemas []Schema
}

// Schema is one schema (a BigQuery dataset, a Snowflake schema).
type Schema struct {
	Name    string
	Comment string
	Tables  []Table
}

// Table is a table or a view.
type Table struct {
	Name    string
	View    bool
	Comment string
	Columns []TableColumn
	// PrimaryKey names the columns of the table's declared primary key in
	// key order, empty when it declares none. Snowflake declares keys
	// without enforcing their uniqueness.
	PrimaryKey []string
	// UniqueKeys are the column lists of the table's UNIQUE constraints,
	// each in key order.
	UniqueKeys [][]string
	// EstimatedRows is the warehouse's estimate of the table's row count,
	// valid when RowsEstimated is set.
	EstimatedRows float64
	RowsEstimated bool
}

// TableColumn is one column of a Table.
type TableColumn struct {
	Name string
	// Type is the PostgreSQL type that the provider sends the column's
	// values as, written as format_type writes it: "bigint",
	// "numeric(38,9)", "timestamp with time zone", "text[]",
	// "geometry(Geometry,4326)".
	Type    string
	NotNull bool
	Comment string
	// Default is the column's default expression as PostgreSQL writes
	// it, empty when the column has none or the provider cannot write it.
	Default string
}
