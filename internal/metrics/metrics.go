// Package metrics defines pgway's Prometheus metrics. Every label value
// comes from a bounded set: connection names and provider IDs from the
// configuration, and fixed words or SQLSTATE classes. No label ever holds
// query text, a user name or a parameter.
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds the collectors of one server and the registry they are
// registered in.
type Metrics struct {
	Registry *prometheus.Registry

	sessionsOpen      *prometheus.GaugeVec
	sessionsTotal     *prometheus.CounterVec
	authFailures      *prometheus.CounterVec
	statements        *prometheus.CounterVec
	statementDuration *prometheus.HistogramVec
	rowsSent          *prometheus.CounterVec
	bytesSent         *prometheus.CounterVec
	upstreamErrors    *prometheus.CounterVec
}

// Statement results, the values of the result label.
const (
	ResultOK    = "ok"
	ResultError = "error"
)

// statementBuckets are the upper bounds of the statement latency
// histogram, in seconds: 1ms to about 4.4 minutes in steps of 4x, because
// warehouse queries range from cached lookups to long scans.
var statementBuckets = prometheus.ExponentialBuckets(0.001, 4, 10)

// New creates the collectors and registers them, with the Go runtime and
// process collectors, in a new registry.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		sessionsOpen: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "pgway_sessions_open",
			Help: "Client sessions open now, past authentication.",
		}, []string{"connection", "provider"}),
		sessionsTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pgway_sessions_total",
			Help: "Client sessions opened, past authentication.",
		}, []string{"connection", "provider"}),
		authFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pgway_authentication_failures_total",
			Help: "Rejected logins, by authentication method and reason.",
		}, []string{"method", "reason"}),
		statements: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pgway_statements_total",
			Help: "Statements finished, by result: ok, or error when the client got an ErrorResponse.",
		}, []string{"provider", "result"}),
		statementDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pgway_statement_duration_seconds",
			Help:    "Time from a statement's first message to its ReadyForQuery.",
			Buckets: statementBuckets,
		}, []string{"provider"}),
		rowsSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pgway_rows_sent_total",
			Help: "DataRow messages sent to clients.",
		}, []string{"provider"}),
		bytesSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pgway_bytes_sent_total",
			Help: "Protocol bytes sent to clients after startup.",
		}, []string{"provider"}),
		upstreamErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pgway_upstream_errors_total",
			Help: "Errors from warehouses, by SQLSTATE class (the first two characters).",
		}, []string{"provider", "class"}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.sessionsOpen, m.sessionsTotal, m.authFailures, m.statements,
		m.statementDuration, m.rowsSent, m.bytesSent, m.upstreamErrors,
	)
	return m
}

// AuthFailure counts a rejected login. method and reason must come from a
// fixed set of words.
func (m *Metrics) AuthFailure(method, reason string) {
	m.authFailures.WithLabelValues(method, reason).Inc()
}

// UpstreamError counts an error from a warehouse.
func (m *Metrics) UpstreamError(provider, sqlstate string) {
	m.upstreamErrors.WithLabelValues(provider, SQLStateClass(sqlstate)).Inc()
}

// SQLStateClass returns the class of a SQLSTATE, its first two characters,
// or "other" when sqlstate is not five digits and upper-case letters, so
// that the label stays bounded whatever a warehouse sends.
func SQLStateClass(sqlstate string) string {
	if len(sqlstate) != 5 {
		return "other"
	}
	for i := range len(sqlstate) {
		c := sqlstate[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return "other"
		}
	}
	return sqlstate[:2]
}

// Session is the metrics of one open session, with its label values
// resolved once, so that reporting a statement allocates nothing.
type Session struct {
	metrics  *Metrics
	provider string
	open     prometheus.Gauge
	ok       prometheus.Counter
	failed   prometheus.Counter
	duration prometheus.Observer
	rows     prometheus.Counter
	bytes    prometheus.Counter
}

// OpenSession counts a session that has passed authentication on
// connection. Call Close when it ends.
func (m *Metrics) OpenSession(connection, provider string) *Session {
	m.sessionsTotal.WithLabelValues(connection, provider).Inc()
	s := &Session{
		metrics:  m,
		provider: provider,
		open:     m.sessionsOpen.WithLabelValues(connection, provider),
		ok:       m.statements.WithLabelValues(provider, ResultOK),
		failed:   m.statements.WithLabelValues(provider, ResultError),
		duration: m.statementDuration.WithLabelValues(provider),
		rows:     m.rowsSent.WithLabelValues(provider),
		bytes:    m.bytesSent.WithLabelValues(provider),
	}
	s.open.Inc()
	return s
}

// Close counts the end of the session.
func (s *Session) Close() {
	s.open.Dec()
}

// Statement counts a finished statement. sqlstate is empty when it
// succeeded.
func (s *Session) Statement(duration time.Duration, rows int64, sqlstate string) {
	if sqlstate == "" {
		s.ok.Inc()
	} else {
		s.failed.Inc()
	}
	s.duration.Observe(duration.Seconds())
	s.rows.Add(float64(rows))
}

// BytesSent adds n bytes sent to the client.
func (s *Session) BytesSent(n int64) {
	if n > 0 {
		s.bytes.Add(float64(n))
	}
}

// UpstreamError counts an error from the session's warehouse.
func (s *Session) UpstreamError(sqlstate string) {
	s.metrics.UpstreamError(s.provider, sqlstate)
}
