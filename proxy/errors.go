package proxy

import (
	"fmt"

	"github.com/jackc/pgx/v5/pgproto3"
)

// pgError is an error pgway reports to the client itself. Every such error
// is made by one of the functions below, so the SQLSTATE, message and hint a
// client sees for each failure are defined in one place.
type pgError struct {
	Severity string // FATAL ends the session, ERROR ends the statement
	Code     string
	Message  string
	Detail   string
	Hint     string
	// Position is the 1-based character offset of the error in the query
	// string, 0 when none.
	Position int32
	// Where is the CONTEXT field, such as COPY's "COPY t, line 3".
	Where string
}

func (e *pgError) Error() string {
	return fmt.Sprintf("%s: %s (SQLSTATE %s)", e.Severity, e.Message, e.Code)
}

func (e *pgError) response() *pgproto3.ErrorResponse {
	return &pgproto3.ErrorResponse{
		Severity:            e.Severity,
		SeverityUnlocalized: e.Severity,
		Code:                e.Code,
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            e.Position,
		Where:               e.Where,
	}
}

func fatal(code, message, hint string) *pgError {
	return &pgError{Severity: "FATAL", Code: code, Message: message, Hint: hint}
}

// errUnknownDatabase is also what a user gets for a connection they may not
// use, so connection names cannot be probed.
func errUnknownDatabase(name string) *pgError {
	return fatal("3D000", fmt.Sprintf("database %q does not exist", name), "")
}

func errAuthFailed(user string) *pgError {
	return fatal("28P01", fmt.Sprintf("password authentication failed for user %q", user), "")
}

func errTokenExpired() *pgError {
	e := fatal("28P01", `password authentication failed for user "token"`,
		"create a new token with `pgway token create` and add its sha256 to the configuration")
	e.Detail = "The access token has expired."
	return e
}

func errRoleMissing(user string) *pgError {
	return fatal("28000", fmt.Sprintf("role %q does not exist", user), "")
}

func errTLSRequired() *pgError {
	return fatal("28000", "pgway accepts only SSL connections", "connect with sslmode=require")
}

func errTokenNeedsTLS() *pgError {
	return fatal("28000", "access tokens are accepted only over SSL connections",
		"connect with sslmode=require; the token is sent as a cleartext password")
}

func errNoUser() *pgError {
	return fatal("28000", "no PostgreSQL user name specified in startup packet", "")
}

func errTooManyConnections() *pgError {
	return fatal("53300", "sorry, too many clients already",
		"limits.max_connections sets how many sessions pgway accepts")
}

func errProtocolViolation(format string, args ...any) *pgError {
	return fatal("08P01", fmt.Sprintf(format, args...), "")
}

func errUnsupportedProtocol(major, minor uint32) *pgError {
	return fatal("0A000", fmt.Sprintf("unsupported frontend protocol %d.%d: server supports 3.0 to 3.%d",
		major, minor, newestMinorProtocol), "")
}

func errMessageTooLarge(size, limit int) *pgError {
	return fatal("54000", fmt.Sprintf("message of %d bytes exceeds the limit of %d bytes", size, limit),
		"limits.max_message_bytes sets the largest message pgway accepts")
}

func errIdleTimeout() *pgError {
	return fatal("57P05", "terminating connection due to idle-session timeout",
		"limits.idle_session_timeout sets how long an idle session may stay open")
}

func errUpstreamLost() *pgError {
	return fatal("08006", "connection to the warehouse was lost", "reconnect to start a new session")
}

// errAccessRevoked ends an established session whose connection a
// configuration reload removed or closed to the session's principal. Both
// cases get the same error, as new sessions get 3D000 for both. The
// SQLSTATE and message are PostgreSQL's for a missing CONNECT privilege.
func errAccessRevoked(connection string) *pgError {
	e := fatal("42501", fmt.Sprintf("permission denied for database %q", connection),
		"Ask the connection's owner for access, or connect to another connection.")
	e.Detail = "The configuration was reloaded, and this session's user may no longer use the connection."
	return e
}

func errShutdown() *pgError {
	return fatal("57P01", "terminating connection due to administrator command", "")
}

// errStatementTimeout is PostgreSQL's error for a statement that ran past
// statement_timeout, whether the session's own or limits.statement_timeout.
func errStatementTimeout() *pgError {
	return &pgError{Severity: "ERROR", Code: "57014", Message: "canceling statement due to statement timeout"}
}
