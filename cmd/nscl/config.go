package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Config is every setting of the nscl binary. Values come from the defaults,
// then NSCL_* environment variables, then flags; a secret may come from a
// file named by the variable with _FILE appended (NSCL_SMTP_PASSWORD_FILE).
type Config struct {
	DB       string // sqlite:PATH or postgres://…
	Addr     string // serve: listen address
	BaseURL  string // public URL, for links in mail; default http://Addr
	LogJSON  bool   // JSON logs (production) instead of text
	LogLevel string // debug, info, warn, error
	// TrustProxy believes X-Forwarded-For from the reverse proxy in front.
	TrustProxy bool
	// SecureCookies marks the session cookie Secure; on by default when
	// BaseURL is https.
	SecureCookies bool
	MaxBodyBytes  int64
	SMTP          SMTPConfig
	// SigningKey is the Ed25519 seed (base64 or hex) that seals
	// certificates and credentials (NSCL_SIGNING_KEY or, better,
	// NSCL_SIGNING_KEY_FILE). Without it, on SQLite the key is kept in
	// signing.key beside the database (created on first start); on
	// PostgreSQL nothing can be issued until it is set, and every server
	// of one database must have the same key.
	SigningKey string
}

// SMTPConfig holds mail server settings; without Host, mail is only stored
// in the outbox.
type SMTPConfig struct {
	Host        string
	Port        int
	Username    string
	Password    string
	From        string
	ImplicitTLS bool
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{
		DB:           "sqlite:./nscl-data/nscl.db",
		Addr:         "127.0.0.1:8080",
		LogLevel:     "info",
		MaxBodyBytes: 32 << 20,
		SMTP:         SMTPConfig{Port: 587, From: "NSCL <no-reply@localhost>"},
	}
}

// envConfig applies NSCL_* variables to c.
func envConfig(c *Config, getenv func(string) string) error {
	str := func(name string, dst *string) error {
		if v := getenv(name); v != "" {
			*dst = v
		}
		if f := getenv(name + "_FILE"); f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return fmt.Errorf("%s_FILE: %w", name, err)
			}
			*dst = strings.TrimSpace(string(b))
		}
		return nil
	}
	boolean := func(name string, dst *bool) error {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not true/false", name, v)
			}
			*dst = b
		}
		return nil
	}
	integer := func(name string, dst *int) error {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not a number", name, v)
			}
			*dst = n
		}
		return nil
	}
	var logFormat string
	errs := []error{
		str("NSCL_DB", &c.DB), str("NSCL_ADDR", &c.Addr), str("NSCL_BASE_URL", &c.BaseURL),
		str("NSCL_LOG_FORMAT", &logFormat), str("NSCL_LOG_LEVEL", &c.LogLevel),
		boolean("NSCL_TRUST_PROXY", &c.TrustProxy), boolean("NSCL_SECURE_COOKIES", &c.SecureCookies),
		str("NSCL_SMTP_HOST", &c.SMTP.Host), integer("NSCL_SMTP_PORT", &c.SMTP.Port),
		str("NSCL_SMTP_USERNAME", &c.SMTP.Username), str("NSCL_SMTP_PASSWORD", &c.SMTP.Password),
		str("NSCL_SMTP_FROM", &c.SMTP.From), boolean("NSCL_SMTP_TLS", &c.SMTP.ImplicitTLS),
		str("NSCL_SIGNING_KEY", &c.SigningKey),
	}
	if logFormat == "json" {
		c.LogJSON = true
	}
	return errors.Join(errs...)
}

// addDBFlag registers --db on fs.
func addDBFlag(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.DB, "db", c.DB, "database: sqlite:PATH or postgres://user@host/db (env NSCL_DB)")
}

// addServeFlags registers the serve flags on fs.
func addServeFlags(fs *flag.FlagSet, c *Config) {
	addDBFlag(fs, c)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (env NSCL_ADDR)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL for links in mail (env NSCL_BASE_URL)")
	fs.BoolVar(&c.LogJSON, "log-json", c.LogJSON, "JSON logs (env NSCL_LOG_FORMAT=json)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env NSCL_LOG_LEVEL)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "take the client address from X-Forwarded-For (env NSCL_TRUST_PROXY)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "Secure session cookie (env NSCL_SECURE_COOKIES; on when --base-url is https)")
}

// Validate checks c before anything opens.
func (c *Config) Validate() error {
	var errs []error
	switch {
	case strings.HasPrefix(c.DB, "sqlite:"):
		if strings.TrimPrefix(c.DB, "sqlite:") == "" {
			errs = append(errs, errors.New("--db sqlite: needs a file path, e.g. sqlite:./nscl-data/nscl.db"))
		}
	case strings.HasPrefix(c.DB, "postgres://"), strings.HasPrefix(c.DB, "postgresql://"):
		if _, err := url.Parse(c.DB); err != nil {
			errs = append(errs, fmt.Errorf("--db: %w", err))
		}
	default:
		errs = append(errs, fmt.Errorf("--db must be sqlite:PATH or a postgres:// URL, not %q", c.DB))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("--base-url must be an http(s) URL, not %q", c.BaseURL))
	} else if u.Scheme == "https" {
		c.SecureCookies = true
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level must be debug, info, warn or error, not %q", c.LogLevel))
	}
	if c.SMTP.Host != "" && (c.SMTP.Port <= 0 || c.SMTP.Port > 65535) {
		errs = append(errs, fmt.Errorf("NSCL_SMTP_PORT %d is not a port", c.SMTP.Port))
	}
	return errors.Join(errs...)
}
