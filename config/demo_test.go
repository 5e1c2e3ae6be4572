package config

import "testing"

func TestDefaultHasDemoConnection(t *testing.T) {
	c := Default()
	if len(c.Users) != 1 || c.Users[0].Name != DemoUser {
		t.Fatalf("users = %+v, want only %q", c.Users, DemoUser)
	}
	if len(c.Connections) != 1 {
		t.Fatalf("connections = %+v, want one", c.Connections)
	}
	conn := c.Connections[0]
	if conn.Name != "carto_dw" || conn.ProviderID != "carto_dw" {
		t.Errorf("connection = %s with provider %s, want carto_dw", conn.Name, conn.ProviderID)
	}
	if conn.Privacy != PrivacyOrganization {
		t.Errorf("privacy = %q, want %q", conn.Privacy, PrivacyOrganization)
	}
	if conn.Owner != DemoUser {
		t.Errorf("owner = %q, want %q", conn.Owner, DemoUser)
	}
}
