package translate

// QuoteIdentifier quotes a name as PostgreSQL's quote_ident does, for the
// DuckDB provider's quote_ident and format('%I').
func QuoteIdentifier(name string) string {
	return quoteIdentifier(name)
}
