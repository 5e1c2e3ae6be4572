package config

// The demo setup that Default returns: a user who may use the embedded
// demo warehouse.
const (
	DemoOrganization = "demo"
	DemoUser         = "demo"
	// DemoPassword is the demo user's password. The demo listens only on
	// 127.0.0.1.
	DemoPassword   = "demo"
	DemoConnection = "carto_dw"
)

// addDemo adds the demo user and the carto_dw connection, shared with the
// whole organization.
func (c *Config) addDemo() {
	c.Organization = DemoOrganization
	c.Users = append(c.Users, User{Name: DemoUser, Password: DemoPassword})
	c.Connections = append(c.Connections, Connection{
		Name:       DemoConnection,
		ProviderID: "carto_dw",
		Owner:      DemoUser,
		Privacy:    PrivacyOrganization,
		Config:     ConnectionConfig{Type: "embedded"},
	})
}
