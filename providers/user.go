package providers

import "context"

// userKey is the context key of the pgway user whose session Open opens.
type userKey struct{}

// WithUser returns a context that names the pgway user whose session Open
// opens. A provider labels the warehouse session or its queries with it,
// as the Snowflake provider's query tag does.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey{}, user)
}

// UserFrom returns the pgway user that WithUser stored in ctx, or "".
func UserFrom(ctx context.Context) string {
	user, _ := ctx.Value(userKey{}).(string)
	return user
}
