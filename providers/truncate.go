package providers

// TruncateSetter is implemented by a Statement of a warehouse that
// truncates one table a statement. After Prepare of the rewrite of
// TRUNCATE, which names the first table alone, the engine calls
// SetTruncate with every table's name as the rewrite writes it. Execute
// then truncates them all in the session's transaction.
type TruncateSetter interface {
	SetTruncate(tables []string, cascade bool)
}

// Noticer is implemented by Rows whose statement raised notices, such as
// PostgreSQL's NOTICE for each table that TRUNCATE ... CASCADE adds. The
// engine sends them before CommandComplete.
type Noticer interface {
	Notices() []*Error
}
