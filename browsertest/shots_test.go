package browsertest

import (
	"fmt"
	"github.com/chromedp/cdproto/page"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestShots is a tool for looking at pages, not a check: with SHOTS_BASE (a running server, e.g.
// http://localhost:8080), SHOTS_EMAIL and SHOTS_PASSWORD, it signs in and saves a full-page PNG of each
// path in SHOTS_PATHS (space separated) at each width in SHOTS_WIDTHS (default "375 1280") into
// SHOTS_DIR (default shots/) (with SHOTS_PDF=1 also the page printed to PDF), and reports axe-core's findings and any sideways scrolling.
func TestShots(t *testing.T) {
	base := os.Getenv("SHOTS_BASE")
	if base == "" {
		t.Skip("SHOTS_BASE not set: this is a tool for looking at pages")
	}
	dir := os.Getenv("SHOTS_DIR")
	if dir == "" {
		dir = "shots"
	}
	os.MkdirAll(dir, 0o755)
	widths := strings.Fields(os.Getenv("SHOTS_WIDTHS"))
	if len(widths) == 0 {
		widths = []string{"375", "1280"}
	}
	yes := true
	browser := startBrowser(t)
	for _, ws := range widths {
		w, _ := strconv.Atoi(ws)
		tb := newTab(t, browser, base, w, true)
		if email := os.Getenv("SHOTS_EMAIL"); email != "" {
			tb.load("login page", chromedp.Navigate(base+"/login"))
			tb.fill(map[string]string{"email": email, "password": os.Getenv("SHOTS_PASSWORD")})
			tb.load("sign in", chromedp.Click(chromedp.CSS("main button[type=submit]")))
		}
		for _, p := range strings.Fields(os.Getenv("SHOTS_PATHS")) {
			status := tb.load("open "+p, chromedp.Navigate(base+p))
			name := regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(p, "_") + "-" + ws
			height := evalAs[float64](tb, `document.documentElement.scrollHeight`)
			// pieces of 1,200 px, so each can be looked at without shrinking
			for i, y := 0, 0.0; y < height; i, y = i+1, y+1200 {
				res, err := chromedp.Call(tb.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
					Clip:                  &page.Viewport{X: 0, Y: y, Width: float64(w), Height: min(1200, height-y), Scale: 1},
					CaptureBeyondViewport: &yes,
				})
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, i)), res.Data, 0o644)
			}
			if os.Getenv("SHOTS_PDF") != "" { // also print the page, as a browser's Print does (A4)
				res, err := chromedp.Call(tb.ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &yes})
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, name+".pdf"), res.Data, 0o644)
			}
			tb.seen = map[string]bool{}
			t.Logf("%d %s (%dpx) → %s", status, p, w, name)
			tb.check()
		}
	}
}
