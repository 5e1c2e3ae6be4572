package bigquery

import (
	"context"
	"errors"
	"net"
	"regexp"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"pgway/providers"
)

// errCanceled is the error of a statement that the client or a timeout
// cancelled.
func errCanceled(err error) *providers.Error {
	return &providers.Error{Code: "57014", Message: "canceling statement due to user request", Err: err}
}

// convertError turns an error of the BigQuery clients into a
// providers.Error with the SQLSTATE PostgreSQL uses for the same failure,
// keeping BigQuery's message. It is the only place BigQuery errors are
// mapped. secrets are removed from every message.
func convertError(err error, secrets *secretSet) error {
	if err == nil {
		return nil
	}
	var already *providers.Error
	if errors.As(err, &already) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errCanceled(err)
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		// The client's error names the endpoint's URL, which is the
		// connection's configuration, not the client's business.
		return &providers.Error{Code: "08006", Message: "could not reach BigQuery: " + netErr.Err.Error(),
			Err: redactError(err, secrets)}
	}
	reason, message := reasonAndMessage(err)
	if message == "" {
		message = "BigQuery request failed: " + err.Error()
	}
	return &providers.Error{
		Code:    sqlstate(reason, message),
		Message: secrets.redact(message),
		Hint:    hint(message),
		Err:     redactError(err, secrets),
	}
}

// unqualifiedTable matches BigQuery's error for a table name without a
// dataset in a job that has no default dataset.
var unqualifiedTable = regexp.MustCompile(`(?i)must be qualified with a dataset`)

// hint returns what to do about an error whose fix BigQuery's message
// does not give, or "".
func hint(message string) string {
	if unqualifiedTable.MatchString(message) {
		return "Set default_dataset in the connection's credentials, or name the table as schema.table, where the schema is its dataset."
	}
	return ""
}

// reasonAndMessage returns BigQuery's reason and message from an API
// error or a job's error.
func reasonAndMessage(err error) (string, string) {
	var apiErr *googleapi.Error
	if errors.As(err, &apiErr) {
		reason, message := "", apiErr.Message
		if len(apiErr.Errors) > 0 {
			reason = apiErr.Errors[0].Reason
			if message == "" {
				message = apiErr.Errors[0].Message
			}
		}
		if reason == "" {
			reason = reasonForStatus(apiErr.Code)
		}
		return reason, message
	}
	var jobErr *bigquery.Error
	if errors.As(err, &jobErr) {
		return jobErr.Reason, jobErr.Message
	}
	var multi bigquery.MultiError
	if errors.As(err, &multi) && len(multi) > 0 {
		return reasonAndMessage(multi[0])
	}
	return "", ""
}

func reasonForStatus(status int) string {
	switch status {
	case 401, 403:
		return "accessDenied"
	case 404:
		return "notFound"
	case 429:
		return "rateLimitExceeded"
	}
	return ""
}

// messageStates maps BigQuery messages to SQLSTATEs where the reason
// alone is too coarse, such as invalidQuery, which BigQuery gives for
// syntax errors, unknown tables and columns alike. The emulator reports
// the same failures with reason jobInternalError and its analyzer's
// wording, which the patterns cover too.
var messageStates = []struct {
	pattern *regexp.Regexp
	code    string
}{
	{regexp.MustCompile(`(?i)^Syntax error|: Syntax error`), "42601"},
	{regexp.MustCompile(`(?i)Not found: (Table|View)|Table not found|table .* (was not found|does not exist)`), "42P01"},
	{regexp.MustCompile(`(?i)Not found: Dataset|Dataset .* (was not found|does not exist)`), "3F000"},
	{unqualifiedTable, "3F000"},
	{regexp.MustCompile(`(?i)Unrecognized name|Name \S+ not found inside|Field name \S+ does not exist|Column not found`), "42703"},
	{regexp.MustCompile(`(?i)Function not found|No matching signature|Unknown function`), "42883"},
	{regexp.MustCompile(`(?i)division by zero|zero divided`), "22012"},
	{regexp.MustCompile(`(?i)overflow|out of range`), "22003"},
	{regexp.MustCompile(`(?i)Bad (int64|double|bool|numeric|bignumeric) value|Could not cast|Invalid (date|time|timestamp|datetime)`), "22P02"},
	{regexp.MustCompile(`(?i)Query parameter '[^']*' not found`), "42P02"},
	{regexp.MustCompile(`(?i)Access Denied|Permission .* denied`), "42501"},
}

// reasonStates maps BigQuery's error reasons to SQLSTATEs.
var reasonStates = map[string]string{
	"invalidQuery":      "42601",
	"accessDenied":      "42501",
	"billingNotEnabled": "42501",
	"quotaExceeded":     "53400",
	"rateLimitExceeded": "53400",
	"responseTooLarge":  "54000",
	"resourcesExceeded": "53000",
	"notFound":          "42P01",
	"duplicate":         "42P07",
	"stopped":           "57014",
	"timeout":           "57014",
	"invalid":           "22023",
}

// sqlstate chooses the SQLSTATE for a BigQuery error. A message pattern
// refines the reasons invalidQuery, invalid, notFound and the emulator's
// jobInternalError, and the other reasons map as they are.
func sqlstate(reason, message string) string {
	switch reason {
	case "invalidQuery", "invalid", "notFound", "jobInternalError", "":
		for _, m := range messageStates {
			if m.pattern.MatchString(message) {
				return m.code
			}
		}
	}
	if code, ok := reasonStates[reason]; ok {
		return code
	}
	return "XX000"
}

// redactedError is an error whose text has had the secrets removed. It
// keeps the original for errors.Is and errors.As.
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// redactError returns err with the secrets removed from its text.
func redactError(err error, secrets *secretSet) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	clean := secrets.redact(text)
	if clean == text {
		return err
	}
	return &redactedError{text: clean, err: err}
}
