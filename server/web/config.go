package web

import (
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
)

// Config is everything Confer reads from its environment, with defaults.
type Config struct {
	DrainWait      time.Duration          // CONFER_DRAIN_WAIT: how long /readyz fails before shutdown on SIGTERM
	MetricsAddr    string                 // CONFER_METRICS_ADDR: where GET /metrics listens; empty is off
	Addr           string                 // CONFER_ADDR
	DatabaseURL    string                 // DATABASE_URL; empty means embedded SQLite
	DBMaxConns     int                    // CONFER_DB_MAX_CONNS: Postgres pool size (default 32)
	DataDir        string                 // CONFER_DATA_DIR
	BaseURL        string                 // CONFER_BASE_URL, for links in mail
	MailFrom       string                 // CONFER_MAIL_FROM
	SendGridAPIKey string                 // SENDGRID_API_KEY; empty means the local outbox
	SendGridAPIURL string                 // SENDGRID_API_URL
	Demo           bool                   // CONFER_DEMO
	RateLimit      int                    // CONFER_RATE_LIMIT: public writes (and, apart, join-code lookups) per client IP per minute; 0 = off
	LogLevel       slog.Level             // CONFER_LOG_LEVEL
	AllowedOrigins []string               // CONFER_ALLOWED_ORIGINS, comma-separated; default the base URL's origin
	Campaign       CampaignConfig         // CONFER_CAMPAIGN_*, SENDGRID_WEBHOOK_PUBLIC_KEY
	Booking        BookingLimits          // CONFER_BOOKING_RATE_LIMIT, CONFER_BOOKING_DOMAIN_RATE_LIMIT
	Clients        ClientConfig           // CONFER_TRUSTED_PROXIES, CONFER_WS_PER_CLIENT, CONFER_POLL_JOIN_LIMIT
	Site           SiteConfig             // CONFER_PROGRAMME_NAME, CONFER_ICS_NAME
	Retention      map[string]models.Span // CONFER_RETAIN_*: how long each kind of personal data is kept (config_retention.go)
	Notices        NoticesConfig          // CONFER_CONTROLLER_NAME, CONFER_DPO_*, CONFER_ACCESSIBILITY_*, CONFER_PRIVACY_UPDATED
	OIDC           OIDCConfig             // CONFER_OIDC_*: single sign-on
	SessionIdle    time.Duration          // CONFER_SESSION_IDLE: a browser session unused this long ends
}

// SiteConfig names the programme and the integrated care system Confer serves: they appear in
// the header of every page and every email, so staff see whose programme they are helping.
type SiteConfig struct {
	Programme string `json:"programme"` // CONFER_PROGRAMME_NAME
	ICS       string `json:"ics"`       // CONFER_ICS_NAME; empty hides it
}

// DefaultRateLimit lets several hundred staff behind one hospital NAT book within a minute.
const DefaultRateLimit = 600

// LoadConfig reads the configuration through getenv (os.Getenv in main). A bad value is an
// error naming the variable, so start-up fails with one clear line.
func LoadConfig(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Addr:           get("CONFER_ADDR", ":8080"),
		DatabaseURL:    get("DATABASE_URL", ""),
		DataDir:        get("CONFER_DATA_DIR", "./data"),
		BaseURL:        strings.TrimRight(get("CONFER_BASE_URL", "http://localhost:8080"), "/"),
		MailFrom:       get("CONFER_MAIL_FROM", "Confer <confer@localhost>"),
		SendGridAPIKey: get("SENDGRID_API_KEY", ""),
		SendGridAPIURL: get("SENDGRID_API_URL", "https://api.sendgrid.com"),
		Site: SiteConfig{
			Programme: get("CONFER_PROGRAMME_NAME", "Shared care record programme"),
			ICS:       get("CONFER_ICS_NAME", ""),
		},
	}
	var err error
	if c.Demo, err = parseBool("CONFER_DEMO", get("CONFER_DEMO", "false")); err != nil {
		return c, err
	}
	if c.DBMaxConns, err = strconv.Atoi(get("CONFER_DB_MAX_CONNS", "32")); err != nil || c.DBMaxConns < 1 || c.DBMaxConns > 1000 {
		return c, fmt.Errorf("CONFER_DB_MAX_CONNS must be a whole number of connections from 1 to 1000")
	}
	if c.RateLimit, err = strconv.Atoi(get("CONFER_RATE_LIMIT", strconv.Itoa(DefaultRateLimit))); err != nil || c.RateLimit < 0 {
		return c, fmt.Errorf("CONFER_RATE_LIMIT must be a whole number of requests per minute, 0 for no limit")
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("CONFER_LOG_LEVEL", "info"))); err != nil {
		return c, fmt.Errorf("CONFER_LOG_LEVEL must be debug, info, warn or error")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return c, fmt.Errorf("DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)")
	}
	base, err := url.Parse(c.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return c, fmt.Errorf("CONFER_BASE_URL must be an http(s) URL such as https://confer.example.nhs.uk")
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		// It names the sender of every mail and the ORGANIZER of calendar invites.
		return c, fmt.Errorf(`CONFER_MAIL_FROM must be an address such as "North Moor Engagement <engage@example.nhs.uk>" (put a name holding , ; or " in double quotes)`)
	}
	if c.Demo && c.Site.ICS == "" {
		c.Site.ICS = "North Moor ICS" // the demo data's fictional integrated care system
	}
	if len(c.Site.Programme) > 80 || len(c.Site.ICS) > 80 {
		return c, fmt.Errorf("CONFER_PROGRAMME_NAME and CONFER_ICS_NAME must each be at most 80 characters")
	}
	if u, err := url.Parse(c.SendGridAPIURL); err != nil || u.Host == "" {
		return c, fmt.Errorf("SENDGRID_API_URL must be an http(s) URL")
	}
	if c.Campaign, err = loadCampaignConfig(get); err != nil {
		return c, err
	}
	if c.Booking, err = loadBookingLimits(get); err != nil {
		return c, err
	}
	if c.Clients, err = loadClientConfig(get); err != nil {
		return c, err
	}
	if c.OIDC, err = loadOIDCConfig(get); err != nil {
		return c, err
	}
	if c.SessionIdle, err = loadSessionIdle(get); err != nil {
		return c, err
	}
	if c.Retention, err = loadRetention(get); err != nil {
		return c, err
	}
	if c.Notices, err = loadNoticesConfig(get, c.Site); err != nil {
		return c, err
	}
	if c.DrainWait, err = time.ParseDuration(get("CONFER_DRAIN_WAIT", "0s")); err != nil || c.DrainWait < 0 || c.DrainWait > 5*time.Minute {
		return c, fmt.Errorf("CONFER_DRAIN_WAIT must be a duration from 0s to 5m, such as 10s")
	}
	if c.MetricsAddr = get("CONFER_METRICS_ADDR", ""); c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			return c, fmt.Errorf("CONFER_METRICS_ADDR must be an address such as 127.0.0.1:9090 (keep it off the public network)")
		}
	}
	c.AllowedOrigins = []string{base.Scheme + "://" + base.Host}
	if v := get("CONFER_ALLOWED_ORIGINS", ""); v != "" {
		c.AllowedOrigins = nil
		for _, o := range strings.Split(v, ",") {
			o = strings.TrimRight(strings.TrimSpace(o), "/")
			if u, err := url.Parse(o); err != nil || u.Host == "" {
				return c, fmt.Errorf("CONFER_ALLOWED_ORIGINS: %q is not an origin such as https://confer.example.nhs.uk", o)
			}
			c.AllowedOrigins = append(c.AllowedOrigins, o)
		}
	}
	return c, nil
}

func parseBool(name, v string) (bool, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s must be true or false", name)
	}
	return b, nil
}

// Secure reports whether Confer is served over https (cookies get Secure, HSTS is sent).
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }
