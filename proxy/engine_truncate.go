package proxy

import (
	"pgway/providers"
	"pgway/translate"
)

// setTruncate passes the tables of TRUNCATE, if any, to a statement of a
// warehouse that truncates one table a statement.
func setTruncate(stmt providers.Statement, truncate *translate.Truncate) {
	if setter, ok := stmt.(providers.TruncateSetter); ok && truncate != nil {
		setter.SetTruncate(truncate.Tables, truncate.Cascade)
	}
}

// providerNotices returns the NOTICEs that the statement of rows raised
// on the warehouse.
func providerNotices(rows providers.Rows) []*pgError {
	noticer, ok := rows.(providers.Noticer)
	if !ok {
		return nil
	}
	var notices []*pgError
	for _, n := range noticer.Notices() {
		notices = append(notices, &pgError{Severity: "NOTICE", Code: n.Code, Message: n.Message, Detail: n.Detail, Hint: n.Hint})
	}
	return notices
}
