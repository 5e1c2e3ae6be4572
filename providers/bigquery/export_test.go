package bigquery

import (
	"net/http"
	"strings"
)

// Helpers for the tests in package bigquery_test, which drive the
// provider through an in-process pgway.
var (
	StartEmulator = startEmulator
	NewRecorder   = newRecorder
	TestToken     = testToken
)

const EmulatorProject = emulatorProject

// URL returns the emulator's REST endpoint.
func (e *emulator) URL() string { return e.url }

// URL returns the recorder's endpoint.
func (rec *recorder) URL() string { return rec.url() }

// PageRequests counts the requests for result pages, leaving out the
// polls for a job's completion, which ask for no rows.
func (rec *recorder) PageRequests() int {
	n := 0
	for _, r := range rec.requests("/queries/") {
		if r.Query.Get("maxResults") != "0" {
			n++
		}
	}
	return n
}

// MaxResults returns the maxResults of every page request.
func (rec *recorder) MaxResults() []string {
	var out []string
	for _, r := range rec.requests("/queries/") {
		if v := r.Query.Get("maxResults"); v != "0" {
			out = append(out, v)
		}
	}
	return out
}

// CancelRequests counts jobs.cancel requests.
func (rec *recorder) CancelRequests() int { return len(rec.requests("/cancel")) }

// HoldPolls makes the recorder hold every poll for a job's completion
// until release is closed or the client gives up, and reports each held
// poll on held.
func (rec *recorder) HoldPolls(release <-chan struct{}, held chan<- struct{}) {
	rec.setHold(func(r *http.Request) {
		if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/queries/") && r.URL.Query().Get("maxResults") == "0" {
			select {
			case held <- struct{}{}:
			default:
			}
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	})
}

// JobInserts returns the bodies of the jobs.insert requests that run a
// query, leaving out dry runs.
func (rec *recorder) JobInserts() []string {
	var out []string
	for _, r := range rec.jobInserts() {
		out = append(out, r.Body)
	}
	return out
}

// JobInsertPaths returns the paths of the jobs.insert requests that run a
// query, which name the project that runs the job.
func (rec *recorder) JobInsertPaths() []string {
	var out []string
	for _, r := range rec.jobInserts() {
		out = append(out, r.Path)
	}
	return out
}

func (rec *recorder) jobInserts() []request {
	var out []request
	for _, r := range rec.requests("/jobs") {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/jobs") && !strings.Contains(r.Body, `"dryRun":true`) {
			out = append(out, r)
		}
	}
	return out
}
