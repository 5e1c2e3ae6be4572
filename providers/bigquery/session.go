package bigquery

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"time"

	"cloud.google.com/go/bigquery"
	bq "google.golang.org/api/bigquery/v2"

	"pgway/providers"
)

// firstPageSize is the number of rows requested for a result's first
// page. Each later page request doubles the one before, up to
// maxPageSize, so a small result arrives after one short request and a
// large one in few requests. A session holds at most one page of a result
// in memory, and BigQuery may return fewer rows than requested.
const (
	firstPageSize = 5000
	maxPageSize   = 20000
)

// cancelTimeout bounds the jobs.cancel request sent for a cancelled
// statement.
const cancelTimeout = 10 * time.Second

// session is one client's connection to BigQuery. It holds no BigQuery
// session: each statement is a job of its own.
type session struct {
	cfg     *settings
	client  *bigquery.Client
	service *bq.Service
	// secrets are the credential strings that no error may show.
	secrets *secretSet

	// mu guards runs, which Cancel reads from another goroutine.
	mu   sync.Mutex
	runs map[*run]struct{}
}

// run is one execution of a statement: its job and the context its
// requests use, from jobs.insert to the last result page.
type run struct {
	jobID  string
	ctx    context.Context
	cancel context.CancelFunc
	// busy is set while a request of the run is in flight for the client:
	// the job's start, the wait for it, or the fetch of a result page.
	busy bool
}

func newSession(cfg *settings, client *bigquery.Client, service *bq.Service, secrets *secretSet) *session {
	return &session{cfg: cfg, client: client, service: service, secrets: secrets,
		runs: make(map[*run]struct{})}
}

// Prepare describes sql with a dry run, which BigQuery does not bill.
func (s *session) Prepare(ctx context.Context, sql string) (providers.Statement, error) {
	p, err := scanPlaceholders(sql)
	if err != nil {
		return nil, err
	}
	st := &statement{session: s, sql: sql, placeholders: p}
	if err := s.describe(ctx, st); err != nil {
		return nil, err
	}
	return st, nil
}

// Execute starts the statement's job and waits for it to finish. Rows
// then reads the result one page at a time.
func (s *session) Execute(ctx context.Context, stmt providers.Statement, args []any) (providers.Rows, error) {
	st, ok := stmt.(*statement)
	if !ok || st.session != s {
		return nil, errors.New("bigquery: statement belongs to another session")
	}
	params, err := bindParameters(st.placeholders, st.paramOIDs, st.paramKinds, args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, errCanceled(err)
	}
	q := s.query(st.sql)
	q.Parameters = params
	// The engine cancels ctx for a CancelRequest or a statement timeout.
	// The run's own context outlives ctx, since later Executes of a
	// suspended portal read the rest of the result.
	runCtx, cancelRun := context.WithCancel(context.Background())
	r := s.startRun(q.JobID, runCtx, cancelRun)
	stop := context.AfterFunc(ctx, cancelRun)
	defer stop()

	rows, err := s.runQuery(runCtx, q, st, r)
	s.setBusy(r, false)
	if err != nil {
		cancelled := r.cancelled()
		s.endRun(r)
		if cancelled {
			s.cancelJob(r.jobID)
			return nil, errCanceled(err)
		}
		return nil, convertError(err, s.secrets)
	}
	return rows, nil
}

// query returns a query with the connection's settings and a new job ID,
// so that the job can be cancelled before jobs.insert returns.
func (s *session) query(sql string) *bigquery.Query {
	q := s.client.Query(sql)
	if s.cfg.defaultDataset != "" {
		// QueryConfig requires DefaultDatasetID wherever DefaultProjectID is set.
		q.DefaultProjectID = s.cfg.projectID
		q.DefaultDatasetID = s.cfg.defaultDataset
	}
	q.Location = s.cfg.location
	q.MaxBytesBilled = s.cfg.maxBytesBilled
	q.Labels = s.cfg.labels
	q.JobID = newJobID()
	return q
}

func (s *session) runQuery(ctx context.Context, q *bigquery.Query, st *statement, r *run) (*rows, error) {
	job, err := q.Run(ctx)
	if err != nil {
		return nil, err
	}
	it, err := job.Read(ctx)
	if err != nil {
		return nil, err
	}
	it.PageInfo().MaxSize = firstPageSize
	res := &rows{session: s, run: r, it: it, kind: st.kind}
	res.setSchema(it.Schema)
	if st.kind.dml {
		// The affected row count is in the finished job's statistics.
		if status, err := job.Status(ctx); err == nil && status.Statistics != nil {
			if qs, ok := status.Statistics.Details.(*bigquery.QueryStatistics); ok {
				res.affected = qs.NumDMLAffectedRows
			}
		}
	}
	return res, nil
}

// newJobID returns a job ID that BigQuery accepts: letters, digits,
// underscores and dashes.
func newJobID() string {
	var b [16]byte
	rand.Read(b[:])
	return "pgway_" + hex.EncodeToString(b[:])
}

func (s *session) startRun(jobID string, ctx context.Context, cancel context.CancelFunc) *run {
	r := &run{jobID: jobID, ctx: ctx, cancel: cancel, busy: true}
	s.mu.Lock()
	s.runs[r] = struct{}{}
	s.mu.Unlock()
	return r
}

func (s *session) endRun(r *run) {
	s.mu.Lock()
	delete(s.runs, r)
	s.mu.Unlock()
	r.cancel()
}

// cancelled reports whether the run's requests were cancelled.
func (r *run) cancelled() bool { return r.ctx.Err() != nil }

func (s *session) setBusy(r *run, busy bool) {
	s.mu.Lock()
	r.busy = busy
	s.mu.Unlock()
}

// cancelJob sends jobs.cancel for a job. A job that has finished stays as
// it is.
func (s *session) cancelJob(jobID string) {
	ctx, cancel := context.WithTimeout(context.Background(), cancelTimeout)
	defer cancel()
	call := s.service.Jobs.Cancel(s.cfg.billingProject, jobID).Context(ctx)
	if s.cfg.location != "" {
		call = call.Location(s.cfg.location)
	}
	err := withRetry(ctx, func() error {
		_, err := call.Do()
		return err
	})
	if err != nil {
		slog.Warn("bigquery jobs.cancel failed", "job", jobID,
			"error", convertError(err, s.secrets).Error())
	}
}

// Cancel interrupts the requests in flight for the client. Execute then
// cancels a job that has not finished, because its context has ended.
// Results that a suspended portal has open but is not reading stay open.
func (s *session) Cancel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for r := range s.runs {
		if r.busy {
			r.cancel()
		}
	}
}

var (
	_ providers.ParamTyper    = (*statement)(nil)
	_ providers.Introspector  = (*session)(nil)
	_ providers.ResultColumns = (*rows)(nil)
)

// Close ends every open result and releases the clients.
func (s *session) Close() error {
	s.mu.Lock()
	for r := range s.runs {
		r.cancel()
		delete(s.runs, r)
	}
	s.mu.Unlock()
	return s.client.Close()
}
