package bigquery_test

import (
	"context"
	"strings"
	"testing"

	"pgway/providers/bigquery"
)

// TestGatewayBillingProject runs a query with a dataset-qualified table
// through a connection whose billing_project differs from its project_id.
// The job runs in the billing project, where BigQuery would look for the
// dataset of shop.cities, so pgway names the table with project_id.
// The emulator finds a dataset in any project, so the test checks the
// requests rather than which rows come back.
func TestGatewayBillingProject(t *testing.T) {
	e := bigquery.StartEmulator(t, "billing.yaml")
	rec := bigquery.NewRecorder(t, e.URL())
	conn := startGatewayWith(t, map[string]string{"endpoint": rec.URL(), "billing_project": "pgway-billing"}).connect(t)
	var name string
	if err := conn.QueryRow(context.Background(), "select name from shop.cities where id = 1").Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != "Lisboa" {
		t.Errorf("name %q, want Lisboa", name)
	}
	inserts := rec.JobInserts()
	if len(inserts) != 1 {
		t.Fatalf("%d query jobs, want 1", len(inserts))
	}
	if want := "FROM `pgway-test`.shop.cities"; !strings.Contains(inserts[0], want) {
		t.Errorf("jobs.insert sent %s, want the query to name the table %s", inserts[0], want)
	}
	paths := rec.JobInsertPaths()
	if len(paths) != 1 || !strings.Contains(paths[0], "/projects/pgway-billing/jobs") {
		t.Errorf("jobs inserted at %v, want the billing project pgway-billing", paths)
	}
}
