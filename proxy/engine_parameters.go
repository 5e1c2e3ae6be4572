package proxy

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/translate"
)

// checkSettable returns PostgreSQL 15's error for a SET or RESET of the
// lower-case parameter name by a session that is not a superuser, or nil
// when the session may change it. At startup, parameters of the backend
// context may be set too. A name with a dot is a custom parameter, which
// any session may set.
func checkSettable(name string, startup bool) error {
	if strings.Contains(name, ".") {
		return checkCustomName(name)
	}
	context, ok := postgresParameters[name]
	if !ok {
		return errUnknownParameter(name)
	}
	switch context {
	case contextInternal:
		return errStatement("55P02", fmt.Sprintf("parameter %q cannot be changed", name))
	case contextPostmaster:
		return errStatement("55P02", fmt.Sprintf("parameter %q cannot be changed without restarting the server", name))
	case contextSighup:
		return errStatement("55P02", fmt.Sprintf("parameter %q cannot be changed now", name))
	case contextBackend, contextSuperuserBackend:
		if !startup {
			return errStatement("55P02", fmt.Sprintf("parameter %q cannot be set after connection start", name))
		}
		if context == contextSuperuserBackend {
			return errPermissionToSet(name)
		}
	case contextSuperuser:
		// pgway sessions report is_superuser off.
		return errPermissionToSet(name)
	}
	return nil
}

func errUnknownParameter(name string) *pgError {
	return errStatement("42704", fmt.Sprintf("unrecognized configuration parameter %q", name))
}

func errPermissionToSet(name string) *pgError {
	return errStatement("42501", fmt.Sprintf("permission denied to set parameter %q", name))
}

// checkCustomName checks a custom parameter name as PostgreSQL 15 does:
// two or more simple identifiers separated by dots.
func checkCustomName(name string) error {
	for _, part := range strings.Split(name, ".") {
		if !isSimpleIdentifier(part) {
			err := errStatement("42602", fmt.Sprintf("invalid configuration parameter name %q", name))
			err.Detail = "Custom parameter names must be two or more simple identifiers separated by dots."
			return err
		}
	}
	return nil
}

// isSimpleIdentifier reports whether s is an identifier that needs no
// quotes: a letter, an underscore or a non-ASCII byte, then those, digits
// and dollar signs.
func isSimpleIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c >= 0x80:
		case (c >= '0' && c <= '9') || c == '$':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// errSetLocalOutsideBlock is PostgreSQL's warning for SET LOCAL outside a
// transaction block, where it has no effect.
func errSetLocalOutsideBlock() *pgError {
	return &pgError{Severity: "WARNING", Code: "25P01", Message: "SET LOCAL can only be used in transaction blocks"}
}

// setCommand runs SET, and RESET when reset is set, as PostgreSQL 15
// does: it warns about SET LOCAL outside a transaction block, then checks
// the parameter's name and value.
func (e *engine) setCommand(name, value string, local, reset bool) error {
	if local && e.txStatus == 'I' && !e.implicit.block {
		if err := e.sendNotice(errSetLocalOutsideBlock()); err != nil {
			return err
		}
	}
	if err := checkSettable(name, false); err != nil {
		return err
	}
	if (name == "transaction_isolation" || name == "transaction_read_only") && !reset {
		value, err := normalizeSetting(name, value)
		if err != nil {
			return err
		}
		return e.setTransaction(transactionParameter(name, value), false)
	}
	if reset {
		value = e.settings.defaults[name]
	}
	return e.setParameter(name, value, local)
}

// sendNotice sends a NoticeResponse with the fields of notice.
func (e *engine) sendNotice(notice *pgError) error {
	if !noticeShown(notice.Severity, e.settings.values["client_min_messages"]) {
		return nil
	}
	return e.s.client.send(&pgproto3.NoticeResponse{
		Severity:            notice.Severity,
		SeverityUnlocalized: notice.Severity,
		Code:                notice.Code,
		Message:             notice.Message,
		Detail:              notice.Detail,
		Hint:                notice.Hint,
	})
}

// transactionParameter returns the options that SET transaction_isolation
// or transaction_read_only gives, with value normalized, which change the
// current transaction as SET TRANSACTION does.
func transactionParameter(name, value string) translate.TransactionOptions {
	if name == "transaction_isolation" {
		return translate.TransactionOptions{Isolation: value}
	}
	if value == "on" {
		return translate.TransactionOptions{Access: "read only"}
	}
	return translate.TransactionOptions{Access: "read write"}
}
