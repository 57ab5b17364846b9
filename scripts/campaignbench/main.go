// Command campaignbench measures a campaign to 100,000 contacts: it runs the fake SendGrid
// as a separate process (answering in about 100 ms), `confer serve` on the Postgres named
// by DATABASE_URL, imports nothing through the API (contacts are bulk-inserted), then
// times one campaign from POST .../send until the fake has accepted every message. It
// prints the time, messages per second, HTTP requests, duplicates and the server's peak RSS.
//
//	campaignbench run -bin bin/confer -db postgres://...   (scripts/bench/campaigns.sh)
//	campaignbench fake -latency 100ms                      (started by run)
package main

import (
	"fmt"
	"net"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: campaignbench run|fake [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = run(os.Args[2:])
	case "fake":
		err = runFake(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "campaignbench:", err)
		os.Exit(1)
	}
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
