package providers

import "context"

// userKey is the context key of the pgway user for whom Open opens a
// session.
type userKey struct{}

// WithUser returns a context that names the pgway user for whom Open
// opens a session, so that a provider can label the warehouse session or
// its queries with it, as Snowflake's query tag does.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey{}, user)
}

// UserFrom returns the pgway user that WithUser stored in ctx, or "".
func UserFrom(ctx context.Context) string {
	user, _ := ctx.Value(userKey{}).(string)
	return user
}
