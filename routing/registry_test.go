package routing

import (
	"testing"

	"pgway/config"
)

func TestRegistryLookup(t *testing.T) {
	r := NewRegistry([]config.Connection{
		{Name: "sales", ProviderID: "postgres"},
		{Name: "geo", ProviderID: "postgres"},
	})
	c, ok := r.Lookup("sales")
	if !ok {
		t.Fatal("sales not found")
	}
	if c.Name != "sales" {
		t.Errorf("Lookup(sales).Name = %q", c.Name)
	}
	if _, ok := r.Lookup("Sales"); ok {
		t.Error("lookup must be case-sensitive, as database names are")
	}
	if _, ok := r.Lookup("missing"); ok {
		t.Error("missing found")
	}
}

func TestRegistryReplace(t *testing.T) {
	r := NewRegistry([]config.Connection{{Name: "old"}})
	held, _ := r.Lookup("old")
	r.Replace([]config.Connection{{Name: "new"}})
	if _, ok := r.Lookup("old"); ok {
		t.Error("old still found after Replace")
	}
	if _, ok := r.Lookup("new"); !ok {
		t.Error("new not found after Replace")
	}
	if held.Name != "old" {
		t.Errorf("connection held before Replace changed to %q", held.Name)
	}
	if r.Len() != 1 {
		t.Errorf("Len = %d, want 1", r.Len())
	}
}
