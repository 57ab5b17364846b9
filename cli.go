package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/demo"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server"
	"github.com/confer-nhs/confer/server/web"
)

const usage = `usage:
  confer [serve]                 run the server (configured from the environment; see .env.example)
  confer token create --email E --role R [--name N] [--organisation CODE]
                                 create (or update) a user and print a new API token on the last line
  confer signin-link --email E   print a one-time sign-in link for an existing user
  confer migrate                 apply database migrations and exit
  confer audit verify            check the audit trail's hash chain; print its head hash to record elsewhere
  confer backup --to FILE        copy the embedded SQLite database while Confer runs (PostgreSQL: pg_dump)
  confer restore --from FILE     put a backup in place in an empty CONFER_DATA_DIR`

func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	cfg, err := web.LoadConfig(os.Getenv)
	if err != nil {
		return err
	}
	switch cmd {
	case "serve":
		return serve(cfg)
	case "token":
		if len(args) == 0 || args[0] != "create" {
			return errors.New("usage: confer token create --email E --role R [--name N] [--organisation CODE]")
		}
		return tokenCreate(cfg, args[1:], os.Stdout)
	case "signin-link":
		return signinLink(cfg, args, os.Stdout)
	case "audit":
		if len(args) == 0 || args[0] != "verify" {
			return errors.New("usage: confer audit verify")
		}
		return auditVerify(cfg, os.Stdout)
	case "backup":
		return backup(cfg, args, os.Stdout)
	case "restore":
		return restore(cfg, args, os.Stdout)
	case "migrate":
		store, err := openStore(context.Background(), cfg)
		if err != nil {
			return err
		}
		return store.Close()
	case "help", "-h", "--help":
		fmt.Println(usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func openStore(ctx context.Context, cfg web.Config) (*models.Store, error) {
	return models.Open(ctx, models.OpenOptions{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, MaxConns: cfg.DBMaxConns})
}

// newSender picks SendGrid when a key is configured, else the local outbox.
func newSender(cfg web.Config, store *models.Store, log *slog.Logger) notifications.Sender {
	if cfg.SendGridAPIKey == "" {
		return notifications.NewOutbox(store, cfg.MailFrom)
	}
	return notifications.NewSendGrid(notifications.SendGridConfig{
		APIKey: cfg.SendGridAPIKey, BaseURL: cfg.SendGridAPIURL, From: cfg.MailFrom, Logger: log,
	})
}

func serve(cfg web.Config) error {
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if cfg.Demo {
		if err := demo.Seed(ctx, store); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
	}
	if cfg.Demo && cfg.SendGridAPIKey == "" {
		// Demo mail goes to the outbox, which only admins can read: hand the person at the
		// console a way in. Printed on stdout for them, never to the log.
		if link, err := signinURL(ctx, cfg, store, demo.AdminEmail); err == nil {
			fmt.Printf("\nDemo: sign in as %s with this link (it works once, within 15 minutes):\n  %s\nFor another link: ./bin/confer signin-link --email %s\n\n", demo.AdminEmail, link, demo.AdminEmail)
		}
	}
	srv := server.New(cfg, store, newSender(cfg, store, log), log)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv.Start()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("confer listening", "addr", ln.Addr().String(), "database", dbKind(store), "demo", cfg.Demo)
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("listen on %s (CONFER_METRICS_ADDR): %w", cfg.MetricsAddr, err)
		}
		metrics := &http.Server{Handler: srv.Metrics.Handler(), ReadHeaderTimeout: 10 * time.Second}
		defer metrics.Close()
		go func() { errc <- metrics.Serve(mln) }()
		log.Info("metrics listening", "addr", mln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if cfg.DrainWait > 0 {
		// /readyz fails first, so the balancer's health checks move new clients to other
		// instances while this one still answers the ones it has.
		srv.Drain()
		log.Info("draining", "for", cfg.DrainWait.String())
		time.Sleep(cfg.DrainWait)
	}
	log.Info("shutting down")
	return srv.Shutdown(20 * time.Second)
}

func dbKind(s *models.Store) string {
	if s.IsPostgres() {
		return "postgres"
	}
	return "sqlite"
}

func tokenCreate(cfg web.Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	email := fs.String("email", "", "the user's email (required)")
	role := fs.String("role", "", "admin, comms or facilitator (required)")
	name := fs.String("name", "", "the user's name (default: from the email)")
	orgCode := fs.String("organisation", "", "organisation code (default: matched by email domain)")
	tokenName := fs.String("token-name", "command line", "a label for the token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return errors.New("--email and --role are required")
	}
	ctx := context.Background()
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	var orgID *uint
	if *orgCode != "" {
		o, err := store.GetOrganisationByCode(ctx, *orgCode)
		if err != nil {
			return fmt.Errorf("--organisation %s: %w", *orgCode, err)
		}
		orgID = &o.ID
	}
	p, err := people.Of(store).EnsureUser(ctx, *email, *name, *role, orgID)
	if err != nil {
		return err
	}
	_, raw, err := store.CreateAPIToken(ctx, p.ID, *tokenName)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "API token for %s (%s); it is shown once:\n%s\n", p.Email, p.Role, raw)
	return nil
}

// signinURL issues a one-time sign-in link for an existing user.
func signinURL(ctx context.Context, cfg web.Config, store *models.Store, email string) (string, error) {
	p, err := store.GetPersonByEmail(ctx, email)
	if err != nil {
		return "", err
	}
	if p.Role == "" {
		return "", fmt.Errorf("%s has no role: only admins, comms and facilitators sign in", p.Email)
	}
	raw, err := store.CreateSignInToken(ctx, p.Email)
	if err != nil {
		return "", err
	}
	return cfg.BaseURL + "/signin/verify?token=" + url.QueryEscape(raw), nil
}

func signinLink(cfg web.Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("signin-link", flag.ContinueOnError)
	email := fs.String("email", "", "the user's email (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("--email is required")
	}
	ctx := context.Background()
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	link, err := signinURL(ctx, cfg, store, *email)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "One-time sign-in link (15 minutes):\n%s\n", link)
	return nil
}
