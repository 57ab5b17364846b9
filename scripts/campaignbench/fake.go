package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

// runFake runs the fake SendGrid as its own process, so its CPU and memory are not the
// server's: it prints its URL and API key on one line, then serves GET /stats on -stats.
func runFake(args []string) error {
	fs := flag.NewFlagSet("fake", flag.ContinueOnError)
	latency := fs.Duration("latency", 100*time.Millisecond, "added before every answer")
	statsAddr := fs.String("stats", "127.0.0.1:0", "address of the /stats endpoint")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fake := sendgridfake.Start(sendgridfake.Options{Latency: *latency})
	defer fake.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		// Progress polls are cheap; ?full=1 (once, at the end) counts distinct recipients.
		if r.URL.Query().Get("full") == "" {
			json.NewEncoder(w).Encode(stats{Requests: fake.Requests(), Messages: fake.Messages()})
			return
		}
		json.NewEncoder(w).Encode(fakeStats(fake))
	})
	srv := &http.Server{Addr: *statsAddr, Handler: mux}
	ln, err := listen(*statsAddr)
	if err != nil {
		return err
	}
	fmt.Printf("%s %s http://%s\n", fake.URL(), fake.APIKey(), ln.Addr())
	go srv.Serve(ln)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	return srv.Close()
}

// stats is what the fake saw: requests, messages accepted, distinct recipients and
// duplicates (messages beyond the first to the same address).
type stats struct {
	Requests   int `json:"requests"`
	Messages   int `json:"messages"`
	Distinct   int `json:"distinct"`
	Duplicates int `json:"duplicates"`
}

func fakeStats(fake *sendgridfake.Server) stats {
	seen := map[string]bool{}
	for _, req := range fake.Accepted() {
		for _, to := range req.Recipients() {
			seen[to] = true
		}
	}
	m := fake.Messages()
	return stats{Requests: fake.Requests(), Messages: m, Distinct: len(seen), Duplicates: m - len(seen)}
}
