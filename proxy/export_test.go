package proxy

// UseDialectOf makes the sessions of provider providerID translate SQL as
// those of provider like do, for tests that register a provider.
func UseDialectOf(providerID, like string) {
	dialects[providerID] = dialects[like]
}
