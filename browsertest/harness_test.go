package browsertest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The checks themselves work: axe-core reports a known violation, and a page wider than the phone is
// measured as scrolling sideways (so a passing journey means something).
func TestHarnessSeesProblems(t *testing.T) {
	browser := startBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bad</title></head>
<body><main><h1>Bad page</h1><img src="/x.png"><div style="width:600px">wide</div></main></body></html>`))
	}))
	defer srv.Close()
	for _, js := range []bool{true, false} {
		tb := newTab(t, browser, srv.URL, 375, js)
		tb.load("open", chromedp.Navigate(srv.URL+"/"))
		if v := strings.Join(tb.axe(), "\n"); !strings.Contains(v, "image-alt") {
			t.Errorf("js %v: axe-core did not report the image without alt text: %q", js, v)
		}
		wide := evalAs[int](tb, `document.documentElement.scrollWidth`)
		if wide <= 375 {
			t.Errorf("js %v: a 600 px page measured %d px wide", js, wide)
		}
	}
}
