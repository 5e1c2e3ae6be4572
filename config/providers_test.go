package config

import (
	"slices"
	"testing"
)

func TestLookupProvider(t *testing.T) {
	wantBuilt := map[string]bool{
		"postgres": true, "redshift": true, "snowflake": true, "bigquery": true,
		"databricks": false, "duckdb": true, "carto_dw": true,
	}
	if got := ProviderIDs(); len(got) != len(wantBuilt) {
		t.Errorf("ProviderIDs() = %v, want %d ids", got, len(wantBuilt))
	}
	for id, built := range wantBuilt {
		spec, ok := LookupProvider(id)
		if !ok {
			t.Errorf("LookupProvider(%q) not found", id)
			continue
		}
		if spec.Built != built {
			t.Errorf("%s: Built = %v, want %v", id, spec.Built, built)
		}
	}
	if _, ok := LookupProvider("oracle"); ok {
		t.Error("LookupProvider(oracle) found a provider")
	}
}

func TestProviderTypes(t *testing.T) {
	cases := []struct {
		provider, typ string
		required      []string
	}{
		{"postgres", "password", []string{"host", "port", "database", "username", "password"}},
		{"redshift", "password", []string{"host", "port", "database", "username", "password"}},
		{"duckdb", "file", []string{"path"}},
		{"carto_dw", "embedded", nil},
		{"snowflake", "snowflake_account", []string{"account", "username", "password", "database", "warehouse"}},
		{"snowflake", "snowflake_key_pair", []string{"account", "username", "private_key", "database", "warehouse"}},
		{"snowflake", "snowflake_oauth", []string{"account", "token", "database", "warehouse"}},
		{"bigquery", "service_account", []string{"project_id", "service_account_key"}},
		{"bigquery", "oauth", []string{"project_id", "access_token"}},
	}
	for _, tc := range cases {
		spec, _ := LookupProvider(tc.provider)
		typ, ok := spec.Type(tc.typ)
		if !ok {
			t.Errorf("%s has no type %s", tc.provider, tc.typ)
			continue
		}
		var required []string
		for _, f := range typ.Fields {
			if f.Required {
				required = append(required, f.Name)
			}
		}
		if !slices.Equal(required, tc.required) {
			t.Errorf("%s/%s required = %v, want %v", tc.provider, tc.typ, required, tc.required)
		}
	}
}

func TestSecretFields(t *testing.T) {
	spec, _ := LookupProvider("postgres")
	typ, _ := spec.Type("password")
	for name, secret := range map[string]bool{"password": true, "host": false, "username": false} {
		f, _ := typ.Field(name)
		if f.Secret != secret {
			t.Errorf("postgres %s: Secret = %v, want %v", name, f.Secret, secret)
		}
	}
}

func TestLookupProviderReturnsCopy(t *testing.T) {
	spec, _ := LookupProvider("postgres")
	spec.Types[0].Fields[0].Name = "changed"
	spec.Types[0].Fields[5].Choices[0] = "changed"

	again, _ := LookupProvider("postgres")
	if again.Types[0].Fields[0].Name != "host" {
		t.Errorf("field name changed to %q through a returned spec", again.Types[0].Fields[0].Name)
	}
	if again.Types[0].Fields[5].Choices[0] != "disable" {
		t.Errorf("sslmode choice changed to %q through a returned spec", again.Types[0].Fields[5].Choices[0])
	}
}
