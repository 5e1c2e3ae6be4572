package proxy

import (
	"errors"
	"io"
	"net"

	"pgway/providers"
	"pgway/translate"
)

// errStatement is an error that ends the statement, not the session.
func errStatement(code, message string) *pgError {
	return &pgError{Severity: "ERROR", Code: code, Message: message}
}

func errQueryCanceled() *pgError {
	return errStatement("57014", "canceling statement due to user request")
}

// asStatementError converts an error of a statement into the error the
// client gets. Translation errors keep their SQLSTATE, message, hint and
// position in the query string. Provider errors keep their SQLSTATE and message; other
// errors become XX000 without their text, which may name internals. It
// reports false for errors that end the session: FATAL pgErrors and
// failures to read or write the client.
func asStatementError(err error) (*pgError, bool) {
	var pgErr *pgError
	if errors.As(err, &pgErr) {
		return pgErr, pgErr.Severity != "FATAL"
	}
	if trErr := translate.AsError(err); trErr != nil {
		return &pgError{Severity: "ERROR", Code: trErr.Code, Message: trErr.Message,
			Hint: trErr.Hint, Position: int32(trErr.Position)}, true
	}
	var provErr *providers.Error
	if errors.As(err, &provErr) {
		return &pgError{Severity: "ERROR", Code: provErr.Code, Message: provErr.Message,
			Detail: provErr.Detail, Hint: provErr.Hint}, true
	}
	if isClientIOError(err) {
		return nil, false
	}
	return errStatement("XX000", "internal error in pgway"), true
}

// isClientIOError reports whether err is a failure to read or write the
// client connection.
func isClientIOError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}
