// Command oidcprovider is an OpenID provider for Confer's browser tests only: oauth2-proxy's
// mockoidc (discovery, JWKS, RS256-signed ID tokens, code exchange with its PKCE check)
// on 127.0.0.1, signing in whoever the test names next, without a login screen.
//
// It prints one JSON line, {"issuer", "client_id", "client_secret", "control"}, and serves
// until killed. POST {control}/next-user {"email", "sub", "email_verified"} sets who the
// next sign-in is. Never run it beside a real Confer: anyone who can reach it is anyone.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/oauth2-proxy/mockoidc"
)

func main() {
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		log.Fatal(err)
	}
	m.ClientID, m.ClientSecret = "confer-e2e", "confer-e2e-secret"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		log.Fatal(err)
	}
	control, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	out, _ := json.Marshal(map[string]string{"issuer": m.Issuer(), "client_id": m.ClientID,
		"client_secret": m.ClientSecret, "control": "http://" + control.Addr().String()})
	fmt.Println(string(out))
	mux := http.NewServeMux()
	mux.HandleFunc("POST /next-user", func(w http.ResponseWriter, r *http.Request) {
		var u struct {
			Email    string `json:"email"`
			Sub      string `json:"sub"`
			Verified bool   `json:"email_verified"`
		}
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil || u.Sub == "" {
			http.Error(w, "want {email, sub, email_verified}", http.StatusBadRequest)
			return
		}
		m.QueueUser(&mockoidc.MockUser{Subject: u.Sub, Email: u.Email, EmailVerified: u.Verified, PreferredUsername: u.Sub})
		w.WriteHeader(http.StatusNoContent)
	})
	if err := http.Serve(control, mux); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
