package providers

// Error is a warehouse error with the SQLSTATE that fits it. Providers
// convert their driver's errors to Error in one place each, keeping the
// warehouse's message.
type Error struct {
	Code    string // SQLSTATE
	Message string
	Detail  string
	Hint    string
	// Err is the driver's error, for logs and errors.Is. It is never sent
	// to the client.
	Err error
}

func (e *Error) Error() string {
	return e.Message + " (SQLSTATE " + e.Code + ")"
}

func (e *Error) Unwrap() error { return e.Err }
