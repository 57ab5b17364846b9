package server

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// parsedFeed is what Python's feedparser (Debian's python3-feedparser, the reference
// feed reader many aggregators use) made of a feed: our own structs agreeing with our
// own writer would prove nothing.
type parsedFeed struct {
	Bozo      bool   `json:"bozo"`
	Exception string `json:"exception"`
	Version   string `json:"version"`
	Title     string `json:"title"`
	Entries   []struct {
		Title     string `json:"title"`
		Link      string `json:"link"`
		ID        string `json:"id"`
		Published bool   `json:"published"`
	} `json:"entries"`
}

const feedparserScript = `
import json, sys, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
    "bozo": bool(d.bozo), "exception": str(d.get("bozo_exception", "")),
    "version": d.version, "title": d.feed.get("title", ""),
    "entries": [{"title": e.get("title", ""), "link": e.get("link", ""), "id": e.get("id", ""),
                 "published": bool(e.get("published_parsed") or e.get("updated_parsed"))}
                for e in d.entries]}))
`

// readWithFeedparser parses body with feedparser; without it the test is skipped, or
// fails under CI=true (.ci/run installs python3-feedparser).
func readWithFeedparser(t *testing.T, body []byte) parsedFeed {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", "-c", feedparserScript)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := "Python's feedparser is not installed (apt-get install python3-feedparser): " + err.Error() + " " + stderr.String()
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	var f parsedFeed
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatalf("feedparser's output %s: %v", out, err)
	}
	return f
}
