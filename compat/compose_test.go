package compat

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// composeFile is the subset of docker-compose.yml that the test reads.
type composeFile struct {
	Services map[string]struct {
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		Volumes     []string          `yaml:"volumes"`
	} `yaml:"services"`
}

// TestComposeConfig checks that docker-compose.yml mounts
// docker/pgway.yaml where pgway serve reads its configuration, passes
// every variable the file uses, logs in to the catalog service as the
// role it creates, and that pgway check-config accepts the file.
func TestComposeConfig(t *testing.T) {
	text, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose composeFile
	if err := yaml.Unmarshal(text, &compose); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	pgway, catalog := compose.Services["pgway"], compose.Services["catalog"]

	i := slices.Index(pgway.Command, "--config")
	if i < 0 || i+1 == len(pgway.Command) {
		t.Fatalf("the pgway service's command %q has no --config FILE", pgway.Command)
	}
	mount := "./docker/pgway.yaml:" + pgway.Command[i+1] + ":ro"
	if !slices.Contains(pgway.Volumes, mount) {
		t.Errorf("the pgway service's volumes %q do not contain %q", pgway.Volumes, mount)
	}

	configText, err := os.ReadFile("../docker/pgway.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const value = "compose-test-value"
	env := []string{"PATH=" + os.Getenv("PATH")}
	variable := regexp.MustCompile(`\$\{(\w+)\}`)
	for _, m := range variable.FindAllStringSubmatch(string(configText), -1) {
		name := m[1]
		if _, ok := pgway.Environment[name]; !ok {
			t.Errorf("docker/pgway.yaml uses ${%s}, which the pgway service's environment does not set", name)
		}
		env = append(env, name+"="+value)
	}

	expanded := variable.ReplaceAllString(string(configText), value)
	dsn := regexp.MustCompile(`(?m)^\s*dsn:\s*(\S+)`).FindStringSubmatch(expanded)
	if dsn == nil {
		t.Fatal("docker/pgway.yaml sets no catalog.dsn")
	}
	u, err := url.Parse(dsn[1])
	if err != nil {
		t.Fatalf("catalog.dsn of docker/pgway.yaml is not a URL: %v", err)
	}
	if _, ok := compose.Services[u.Hostname()]; !ok {
		t.Errorf("catalog.dsn names host %q, which is not a service of docker-compose.yml", u.Hostname())
	}
	if user := catalog.Environment["POSTGRES_USER"]; u.User.Username() != user {
		t.Errorf("catalog.dsn logs in as %q, but the catalog service creates the superuser %q",
			u.User.Username(), user)
	}

	binary := filepath.Join(t.TempDir(), "pgway")
	build := exec.Command("go", "build", "-o", binary, "../cmd/pgway")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/pgway: %v\n%s", err, out)
	}
	check := exec.Command(binary, "check-config", "--config", "../docker/pgway.yaml")
	check.Env = env
	out, err := check.CombinedOutput()
	if err != nil || !strings.HasSuffix(string(out), ": ok\n") {
		t.Errorf("pgway check-config --config docker/pgway.yaml: %v\n%s", err, out)
	}
}
