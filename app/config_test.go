package app

import (
	"strings"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		name    string
		env     func(string) string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", env: env(), check: func(t *testing.T, c Config) {
			if c.Port != 8080 || c.DataDir != "data" || c.UsesPostgres() || c.CookieSecure || c.BaseURL != "http://localhost:8080" || c.SessionIdle != 2*time.Hour || c.SessionMaxAge != 12*time.Hour {
				t.Errorf("defaults: %+v", c)
			}
		}},
		{name: "postgres and port", env: env("PORT", "9000", "DATABASE_URL", "postgres://u@db/mp", "COOKIE_SECURE", "true", "BASE_URL", "https://missions.example.org/"), check: func(t *testing.T, c Config) {
			if c.Port != 9000 || !c.UsesPostgres() || !c.CookieSecure || c.BaseURL != "https://missions.example.org" {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "port not a number", env: env("PORT", "eighty"), wantErr: "PORT must be a whole number"},
		{name: "port out of range", env: env("PORT", "70000"), wantErr: "PORT must be between 1 and 65535"},
		{name: "not a postgres url", env: env("DATABASE_URL", "mysql://x"), wantErr: "DATABASE_URL must be a postgres:// URL"},
		{name: "short admin password", env: env("ADMIN_EMAIL", "a@b.example", "ADMIN_PASSWORD", "short"), wantErr: "ADMIN_PASSWORD: Password must be 12 characters or more"},
		{name: "bad boolean", env: env("COOKIE_SECURE", "maybe"), wantErr: "COOKIE_SECURE must be true or false"},
		{name: "bad duration", env: env("SESSION_IDLE_TIMEOUT", "forever"), wantErr: "SESSION_IDLE_TIMEOUT must be a positive duration"},
		{name: "bad log level", env: env("LOG_LEVEL", "loud"), wantErr: "LOG_LEVEL must be"},
		{name: "bad base url", env: env("BASE_URL", "missions.example.org"), wantErr: "BASE_URL must be an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(tt.env)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestPostgresDSNForcesUTC(t *testing.T) {
	if got := postgresDSN("postgres://u@h/db?sslmode=disable"); !strings.Contains(got, "TimeZone=UTC") || !strings.Contains(got, "sslmode=disable") {
		t.Errorf("postgresDSN = %q", got)
	}
	if got := postgresDSN("postgres://u@h/db?TimeZone=Europe/London"); strings.Contains(got, "UTC") {
		t.Errorf("an explicit TimeZone was overridden: %q", got)
	}
}

func TestSplitStatements(t *testing.T) {
	got := splitStatements("CREATE TABLE a (x INTEGER);\n\nCREATE INDEX b ON a (x);\n-- only a comment\n")
	if len(got) != 2 || got[0] != "CREATE TABLE a (x INTEGER)" || got[1] != "CREATE INDEX b ON a (x)" {
		t.Errorf("splitStatements = %q", got)
	}
}
