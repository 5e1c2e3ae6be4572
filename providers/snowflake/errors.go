package snowflake

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	sf "github.com/snowflakedb/gosnowflake"

	"pgway/providers"
)

// Snowflake's error codes for failed logins.
const (
	codeIncorrectPassword = 390100
	codeLoginFirst        = 390000
	codeLoginLast         = 390999
)

// sqlstatePattern is a well-formed SQLSTATE.
var sqlstatePattern = regexp.MustCompile(`^[0-9A-Z]{5}$`)

// codePrefix is the error code and SQLSTATE with which the driver's
// messages of query errors start, such as "002003 (42S02): ".
var codePrefix = regexp.MustCompile(`^\d{6} \([0-9A-Z]{5}\): `)

// urlPattern finds URLs in the driver's messages, which name the
// account's host.
var urlPattern = regexp.MustCompile(`https?://\S+`)

// convertError turns an error of the driver into a providers.Error with
// Snowflake's SQLSTATE and message. It is the only place the provider
// maps driver errors. URLs in the driver's own messages are removed,
// because they name the account's host.
func convertError(err error) error {
	if err == nil {
		return nil
	}
	var already *providers.Error
	if errors.As(err, &already) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &providers.Error{Code: "57014", Message: "canceling statement due to user request", Err: err}
	}

	var sfErr *sf.SnowflakeError
	if !errors.As(err, &sfErr) {
		return &providers.Error{Code: "08006", Message: "the request to Snowflake failed",
			Hint: "Check that Snowflake can be reached from pgway; pgway's log has the cause.", Err: err}
	}
	message := sfErr.Message
	if len(sfErr.MessageArgs) > 0 {
		message = fmt.Sprintf(sfErr.Message, sfErr.MessageArgs...)
	}
	message = urlPattern.ReplaceAllString(message, "(URL removed)")
	message = codePrefix.ReplaceAllString(message, "")

	switch {
	case sfErr.Number == codeIncorrectPassword:
		return &providers.Error{Code: "28P01", Message: "Snowflake rejected the login: " + message,
			Hint: "Check the username and password, key or token of the connection.", Err: err}
	case sfErr.Number >= codeLoginFirst && sfErr.Number <= codeLoginLast:
		return &providers.Error{Code: "28000", Message: "Snowflake rejected the login: " + message,
			Hint: "Check the account, user, role and credentials of the connection.", Err: err}
	}

	code := sfErr.SQLState
	if !sqlstatePattern.MatchString(code) {
		code = "XX000"
	}
	if sfErr.Number == 604 || code == "57014" {
		return &providers.Error{Code: "57014", Message: "canceling statement due to user request", Detail: message, Err: err}
	}
	return &providers.Error{Code: code, Message: message,
		Detail: fmt.Sprintf("Snowflake error %06d", sfErr.Number), Err: err}
}
