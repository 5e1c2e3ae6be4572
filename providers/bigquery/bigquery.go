// Package bigquery is the provider for Google BigQuery, built on
// cloud.google.com/go/bigquery for queries and result pages and on the
// REST service google.golang.org/api/bigquery/v2 for dry runs and job
// cancellation.
//
// A PostgreSQL schema is a BigQuery dataset. Queries run as jobs in the
// billing project (project_id unless billing_project is set), with
// project_id and default_dataset as the defaults for unqualified names.
//
// Importing the package registers the provider as "bigquery".
package bigquery

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"cloud.google.com/go/bigquery"
	bq "google.golang.org/api/bigquery/v2"
	"google.golang.org/api/option"

	"pgway/config"
	"pgway/providers"
)

func init() {
	providers.Register("bigquery", open)
}

// settings are a connection's options, read from its credentials.
type settings struct {
	// projectID is the project of datasets that queries name without one.
	projectID string
	// billingProject is the project that runs and pays for the jobs.
	billingProject string
	location       string
	defaultDataset string
	// maxBytesBilled is the maximum number of bytes a job may bill, or 0
	// for the project's default.
	maxBytesBilled int64
	// endpoint replaces the default BigQuery API host, "" for none.
	endpoint string
	// labels are set on every job: the pgway user and connection.
	labels map[string]string
}

func readSettings(conn *config.Connection) (*settings, error) {
	creds := conn.Config.Credentials
	s := &settings{
		projectID:      creds["project_id"],
		billingProject: creds["billing_project"],
		location:       creds["location"],
		defaultDataset: creds["default_dataset"],
		endpoint:       strings.TrimRight(creds["endpoint"], "/"),
	}
	if s.projectID == "" {
		return nil, invalidConfig("project_id is missing")
	}
	if s.billingProject == "" {
		s.billingProject = s.projectID
	}
	if v := creds["maximum_bytes_billed"]; v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return nil, invalidConfig(fmt.Sprintf("maximum_bytes_billed %q is not a non-negative integer", v))
		}
		s.maxBytesBilled = n
	}
	return s, nil
}

func invalidConfig(message string) error {
	return &providers.Error{Code: "08001", Message: "invalid bigquery connection: " + message}
}

// open opens a session. It makes no request to BigQuery: a failure to
// authenticate or reach the service shows on the first statement.
func open(ctx context.Context, conn *config.Connection) (providers.Session, error) {
	cfg, err := readSettings(conn)
	if err != nil {
		return nil, err
	}
	cfg.labels = jobLabels(providers.UserFrom(ctx), conn.Name)
	httpClient, secrets, err := newHTTPClient(conn.Config.Type, conn.Config.Credentials)
	if err != nil {
		return nil, err
	}
	opts := clientOptions(httpClient, cfg.endpoint)
	// The client never calls EnableStorageReadClient, so results are read
	// with the REST API's result pages and never with the Storage Read API,
	// whose gRPC host the endpoint option does not cover.
	client, err := bigquery.NewClient(ctx, cfg.billingProject, opts...)
	if err != nil {
		return nil, redactError(fmt.Errorf("create bigquery client: %w", err), secrets)
	}
	client.Location = cfg.location
	service, err := bq.NewService(ctx, opts...)
	if err != nil {
		client.Close()
		return nil, redactError(fmt.Errorf("create bigquery service: %w", err), secrets)
	}
	return newSession(cfg, client, service, secrets), nil
}

// clientOptions returns the only options the clients get. WithHTTPClient
// makes a client use httpClient as it is, with the connection's own
// credentials, so the library never looks for Application Default
// Credentials or queries a metadata server.
func clientOptions(httpClient *http.Client, endpoint string) []option.ClientOption {
	opts := []option.ClientOption{option.WithHTTPClient(httpClient)}
	if endpoint != "" {
		opts = append(opts, option.WithEndpoint(endpoint))
	}
	return opts
}
