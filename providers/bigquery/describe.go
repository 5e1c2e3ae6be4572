package bigquery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"pgway/providers"
)

// describeConcurrency bounds the tables.get requests in flight while
// describing a project.
const describeConcurrency = 8

// probeTimeout bounds the first request of Describe, which lists one
// dataset. Tests shorten it.
var probeTimeout = 10 * time.Second

// Describe lists the datasets of the connection's project as schemas,
// with their tables, views and columns, through the datasets.list,
// tables.list and tables.get requests of the API. The default dataset is
// the schema public, since the BigQuery dialect writes names in public
// without a dataset, which BigQuery resolves in the default dataset.
func (s *session) Describe(ctx context.Context) (*providers.Snapshot, error) {
	if err := s.probe(ctx); err != nil {
		return nil, err
	}
	var snapshot providers.Snapshot
	datasets := s.client.DatasetsInProject(ctx, s.cfg.projectID)
	for {
		ds, err := datasets.Next()
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			return nil, s.describeError(ctx, err)
		}
		schema, err := s.describeDataset(ctx, ds)
		if err != nil {
			return nil, err
		}
		snapshot.Schemas = append(snapshot.Schemas, schema)
	}
	sort.Slice(snapshot.Schemas, func(i, j int) bool { return snapshot.Schemas[i].Name < snapshot.Schemas[j].Name })
	return &snapshot, nil
}

func (s *session) describeDataset(ctx context.Context, ds *bigquery.Dataset) (providers.Schema, error) {
	schema := providers.Schema{Name: ds.DatasetID}
	if ds.DatasetID == s.cfg.defaultDataset {
		schema.Name = "public"
	}
	meta, err := ds.Metadata(ctx)
	if err != nil {
		return schema, s.describeError(ctx, err)
	}
	schema.Comment = meta.Description
	var tables []*bigquery.Table
	list := ds.Tables(ctx)
	for {
		t, err := list.Next()
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			return schema, s.describeError(ctx, err)
		}
		tables = append(tables, t)
	}
	schema.Tables = make([]providers.Table, len(tables))
	errs := make([]error, len(tables))
	var wg sync.WaitGroup
	limit := make(chan struct{}, describeConcurrency)
	for i, t := range tables {
		wg.Add(1)
		limit <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-limit }()
			schema.Tables[i], errs[i] = s.describeTable(ctx, t)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return schema, s.describeError(ctx, err)
	}
	sort.Slice(schema.Tables, func(i, j int) bool { return schema.Tables[i].Name < schema.Tables[j].Name })
	return schema, nil
}

func (s *session) describeTable(ctx context.Context, t *bigquery.Table) (providers.Table, error) {
	table := providers.Table{Name: t.TableID}
	meta, err := t.Metadata(ctx)
	if err != nil {
		return table, err
	}
	table.Comment = meta.Description
	table.View = meta.Type == bigquery.ViewTable || meta.Type == bigquery.MaterializedView
	if c := meta.TableConstraints; c != nil && c.PrimaryKey != nil {
		table.PrimaryKey = slices.Clone(c.PrimaryKey.Columns)
	}
	for _, f := range meta.Schema {
		table.Columns = append(table.Columns, providers.TableColumn{
			Name:    f.Name,
			Type:    mapField(f).name,
			NotNull: f.Required,
			Comment: f.Description,
		})
	}
	return table, nil
}

// probe lists one dataset of the project through the REST service, with
// the retries of withRetry and within probeTimeout. The client library,
// which makes the other requests of Describe, retries a refused or timed
// out connection with backoff until ctx ends, so without the probe an
// unreachable endpoint would hold Describe for as long as ctx allows.
func (s *session) probe(ctx context.Context) error {
	probeCtx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	err := withRetry(probeCtx, func() error {
		_, err := s.service.Datasets.List(s.cfg.projectID).MaxResults(1).Context(probeCtx).Do()
		return err
	})
	if err == nil {
		return nil
	}
	if ctx.Err() == nil && probeCtx.Err() != nil {
		return &providers.Error{Code: "08006",
			Message: fmt.Sprintf("could not reach BigQuery: no answer to datasets.list within %v", probeTimeout),
			Err:     redactError(err, s.secrets)}
	}
	return s.describeError(ctx, err)
}
