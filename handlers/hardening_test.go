package handlers_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

// listen serves the app on a real socket (fasthttp's own refusals, 431 and 413, happen only there).
func listen(t *testing.T, a *apptest.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Server.App.Listener(ln) }()
	t.Cleanup(func() { _ = a.Server.App.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// The finding: under /api/v1 a 431 answered an HTML page, and "bearer" in lower case was refused.
func TestAPIErrorsAreJSON(t *testing.T) {
	a := apptest.New(t, apptest.OpenDB(t, "sqlite"), testNow)
	staff, _ := a.CreateUser("staff", "sam@agency.example")
	token := a.Token(staff)
	base := listen(t, a)
	send := func(t *testing.T, method, path string, body io.Reader, header map[string]string) *http.Response {
		req, _ := http.NewRequest(method, base+path, body)
		req.Header.Set("Authorization", "Bearer "+token)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return res
	}
	tests := []struct {
		name   string
		method string
		path   string
		body   io.Reader
		header map[string]string
		status int
	}{
		{"headers too large", "GET", "/api/v1/missions", nil, map[string]string{"X-Padding": strings.Repeat("a", 10000)}, http.StatusRequestHeaderFieldsTooLarge},
		{"unknown path", "GET", "/api/v1/nothing-here", nil, nil, http.StatusNotFound},
		{"wrong method", "PUT", "/api/v1/missions", strings.NewReader("{}"), nil, http.StatusMethodNotAllowed},
		{"no token", "GET", "/api/v1/missions", nil, map[string]string{"Authorization": ""}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := send(t, tt.method, tt.path, tt.body, tt.header)
			defer res.Body.Close()
			var got struct {
				Errors map[string]string `json:"errors"`
			}
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || json.Unmarshal(body, &got) != nil || len(got.Errors) == 0 {
				t.Fatalf("%d %s %q, want %d with JSON errors", res.StatusCode, res.Header.Get("Content-Type"), body[:min(len(body), 120)], tt.status)
			}
		})
	}
	// A body over the limit is refused from its Content-Length, before it is read: sent by hand so
	// the client is not still writing when the answer comes.
	t.Run("body too large", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", token, 12<<20)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !bytes.Contains(body, []byte(`"errors"`)) {
			t.Fatalf("%d %s %q, want 413 with JSON errors", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	})
	// The bearer scheme is case-insensitive (RFC 9110).
	for _, scheme := range []string{"bearer", "BEARER", "Bearer"} {
		if r := send(t, "GET", "/api/v1/missions", nil, map[string]string{"Authorization": scheme + " " + token}); r.StatusCode != http.StatusOK {
			t.Errorf("%q scheme: %d, want 200", scheme, r.StatusCode)
		}
	}
	if r := send(t, "GET", "/api/v1/missions", nil, map[string]string{"Authorization": "Basic " + token}); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("Basic scheme: %d, want 401", r.StatusCode)
	}
	// A page refused for its headers stays an HTML page.
	if r := send(t, "GET", "/missions", nil, map[string]string{"X-Padding": strings.Repeat("a", 10000)}); r.StatusCode != http.StatusRequestHeaderFieldsTooLarge || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("page with huge headers: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
}

// The finding: registrations.xlsx, signed-in pages and API answers sent no Cache-Control.
func TestPersonalDataIsNeverCached(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, staff := a.SignedIn("staff", "sam@agency.example")
		token := a.Token(staff)
		for _, path := range []string{
			"/missions", f.pageA(),
			fmt.Sprintf("/missions/%d/registrations.xlsx", f.Mission.ID),
			fmt.Sprintf("/missions/%d/registrations/%d/itinerary.xlsx", f.Mission.ID, f.RegA.ID),
		} {
			r := c.Get(path)
			if r.Status != http.StatusOK || r.Header.Get("Cache-Control") != "private, no-store" {
				t.Errorf("GET %s: %d, Cache-Control %q", path, r.Status, r.Header.Get("Cache-Control"))
			}
		}
		if r := a.API("GET", fmt.Sprintf("/api/v1/registrations/%d/itinerary", f.RegA.ID), token, ""); r.Status != http.StatusOK || r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("API itinerary: %d, Cache-Control %q", r.Status, r.Header.Get("Cache-Control"))
		}
		if r := a.Client().Get("/login"); r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("sign-in page Cache-Control %q", r.Header.Get("Cache-Control"))
		}
		if r := c.Get("/static/app.css"); !strings.Contains(r.Header.Get("Cache-Control"), "max-age=") || strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("stylesheet Cache-Control %q, want long caching", r.Header.Get("Cache-Control"))
		}
	})
}

// The finding: 200 parallel zip downloads took 25 s and /healthz slowed to 3.8 s meanwhile. Exports
// now wait for one of a few slots (503 with Retry-After past the wait); health checks never wait.
func TestExportsWaitForASlot(t *testing.T) {
	a := apptest.New(t, apptest.OpenDB(t, "sqlite"), testNow)
	f := seedItinerary(t, a.DB)
	f.grow(t, a.DB, 30)
	c, _ := a.SignedIn("staff", "sam@agency.example")
	a.Server.Handler.ExportWait = time.Millisecond
	zip := fmt.Sprintf("/missions/%d/itineraries.zip", f.Mission.ID)
	const n = 12
	statuses := make([]*apptest.Response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); statuses[i] = c.Get(zip) }()
	}
	var health []time.Duration
	for range 5 {
		start := time.Now()
		if r := a.Client().Get("/healthz"); r.Status != http.StatusOK {
			t.Errorf("/healthz during exports: %d", r.Status)
		}
		health = append(health, time.Since(start))
	}
	wg.Wait()
	counts := map[int]int{}
	for _, r := range statuses {
		counts[r.Status]++
		if r.Status == http.StatusServiceUnavailable && r.Header.Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
	}
	if counts[http.StatusOK] == 0 || counts[http.StatusServiceUnavailable] == 0 || counts[http.StatusOK]+counts[http.StatusServiceUnavailable] != n {
		t.Errorf("%d parallel zips answered %v: want some 200 and the rest 503", n, counts)
	}
	for _, d := range health {
		if d > time.Second {
			t.Errorf("/healthz took %v during exports", d)
		}
	}
	t.Logf("%d parallel zips: %v; /healthz meanwhile %v", n, counts, health)
}
