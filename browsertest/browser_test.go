package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe-core/axe.min.js
var axeSource string

// failuresDir is where a page that fails a check leaves its screenshot (named in the README).
const failuresDir = "failures"

// chromiumPath finds Debian's chromium (or CHROMIUM), "" when there is none.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireChromium skips the test without a browser, or fails it when CI=true: CI must run the suite.
func requireChromium(t *testing.T) string {
	t.Helper()
	p := chromiumPath()
	if p == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("browser tests: chromium not found and CI=true; install it with apt-get install -y chromium (.ci/run does)")
		}
		t.Skip("browser tests skipped: chromium not found (apt-get install -y chromium, or set CHROMIUM)")
	}
	return p
}

// startBrowser starts one headless chromium for the test, with the flags known to work as root on
// this machine's closed network.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := requireChromium(t)
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", false),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// tab is one browser tab at a width, with JavaScript on or off, signed in as nobody yet.
type tab struct {
	t       *testing.T
	browser context.Context // the browser, for another tab of another user
	ctx     context.Context
	base    string
	width   int
	js      bool
	name    string
	seen    map[string]bool // pages already checked, by path without ids
	// seenAt is seen for every width, when the tab is resized (checkWidth is its width then).
	seenAt     map[int]map[string]bool
	checkWidth int
	state      string // a page's state, when the same page is checked again after a change
	narrow     int    // when set, every page checked is also measured at this width (no sideways scrolling)
	mu         sync.Mutex
}

// newTab opens a tab of its own (its own cookies) in the browser.
func newTab(t *testing.T, browser context.Context, base string, width int, js bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	err := chromedp.Do(ctx, chromedp.Navigate("about:blank"))
	if err == nil {
		_, err = chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(width), Height: 900, DeviceScaleFactor: 1, Mobile: width < 700})
	}
	if err == nil {
		err = setScripts(ctx, js)
	}
	if err != nil {
		t.Fatalf("open tab: %v", err)
	}
	name := fmt.Sprintf("%dpx-js-%s", width, map[bool]string{true: "on", false: "off"}[js])
	return &tab{t: t, browser: browser, ctx: ctx, base: base, width: width, js: js, name: name, seen: map[string]bool{}}
}

// run runs chromedp actions with a time limit, failing the test on error.
func (tb *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.shot(what)
		tb.t.Fatalf("%s: %s: %v", tb.name, what, err)
	}
}

// load runs actions that cause one navigation (a link, a form) and returns the response's status.
func (tb *tab) load(what string, actions ...chromedp.Action[chromedp.Void]) int {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		tb.shot(what)
		tb.t.Fatalf("%s: %s: %v", tb.name, what, err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// open navigates to path and checks the page.
func (tb *tab) open(path string, wantStatus int) {
	tb.t.Helper()
	defer tb.timed("open "+path, time.Now())
	if status := tb.load("open "+path, chromedp.Navigate(tb.base+path)); status != wantStatus {
		tb.shot("status " + path)
		tb.t.Fatalf("%s: GET %s answered %d, want %d", tb.name, path, status, wantStatus)
	}
	tb.check()
}

// submit clicks the button matching sel, which sends a form, and checks the page it leads to.
func (tb *tab) submit(sel string, wantStatus int) {
	tb.t.Helper()
	defer tb.timed("submit "+sel, time.Now())
	status := tb.load("submit "+sel, chromedp.Click(chromedp.CSS(sel)))
	if status != wantStatus {
		tb.shot("status after " + sel)
		tb.t.Fatalf("%s: submitting %s answered %d at %s, want %d; page says: %s", tb.name, sel, status, tb.location(), wantStatus, tb.text("main"))
	}
	tb.check()
}

// timed logs a step that took long (seen with go test -v), to say where the suite's time goes.
func (tb *tab) timed(what string, start time.Time) {
	if d := time.Since(start); d > 2*time.Second {
		tb.t.Logf("%s: slow step (%.1f s): %s", tb.name, d.Seconds(), what)
	}
}

// openAgain opens a page already checked in another state (after a change), and checks it again.
func (tb *tab) openAgain(path string, wantStatus int, state string) {
	tb.t.Helper()
	tb.state = state
	defer func() { tb.state = "" }()
	tb.open(path, wantStatus)
}

// upload puts a file into the file input matching sel (the page's form then sends it).
func (tb *tab) upload(sel, file string) {
	tb.t.Helper()
	tb.run("choose "+file, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file}))
}

// fill types values into the fields named by their ids.
func (tb *tab) fill(fields map[string]string) {
	tb.t.Helper()
	if !tb.js { // the test types through script; the page itself still has none
		tb.run("allow the test's script", scriptsAction(true))
		defer tb.run("switch scripts off again", scriptsAction(false))
	}
	for id, v := range fields {
		tb.run("fill #"+id, chromedp.SetValue(chromedp.ID(id), v))
	}
}

// check asserts what every page must satisfy: no sideways scrolling and no axe-core violation
// (WCAG 2.2 A and AA, target size included). Each kind of page is checked once per tab.
func (tb *tab) check() {
	tb.t.Helper()
	loc := tb.location()
	key := pageKey(loc) + "#" + tb.text("title") + "#" + tb.state
	width, seen := tb.width, tb.seen
	if tb.checkWidth != 0 && tb.checkWidth != tb.width {
		width, seen = tb.checkWidth, tb.seenAt[tb.checkWidth]
	}
	tb.mu.Lock()
	done := seen[key]
	seen[key] = true
	tb.mu.Unlock()
	if done {
		return
	}
	wide := evalAs[struct{ Scroll, Client int }](tb, `({Scroll: document.documentElement.scrollWidth, Client: document.documentElement.clientWidth})`)
	if width <= 414 && wide.Scroll > wide.Client {
		tb.shot("sideways " + loc)
		// name the widest elements that stick out, innermost first, to say what to fix
		culprits := evalAs[[]string](tb, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
			.filter(e => !Array.from(e.children).some(k => k.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
			.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).replace(/ /g, ".") : "") + " " + Math.round(e.getBoundingClientRect().right) + "px")`)
		tb.t.Errorf("%s at %d px: %s scrolls sideways: %d px wide in a %d px window; sticking out: %v", tb.name, width, loc, wide.Scroll, wide.Client, culprits)
	}
	if tb.narrow != 0 && width > tb.narrow {
		tb.sideways(loc, tb.narrow)
	}
	if v := tb.axe(); len(v) > 0 {
		tb.shot("axe " + loc)
		tb.t.Errorf("%s at %d px: axe-core found %d violations on %s:\n%s", tb.name, width, len(v), loc, strings.Join(v, "\n"))
	}
}

// sideways measures the page at a narrower window width, then puts the tab's width back.
func (tb *tab) sideways(loc string, width int) {
	tb.t.Helper()
	metrics := func(w int) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: int64(w), Height: 900, DeviceScaleFactor: 1, Mobile: w < 700})
			return chromedp.Void{}, err
		}
	}
	tb.run("narrow the window", metrics(width))
	defer tb.run("widen the window again", metrics(tb.width))
	wide := evalAs[struct{ Scroll, Client int }](tb, `({Scroll: document.documentElement.scrollWidth, Client: document.documentElement.clientWidth})`)
	if wide.Scroll > wide.Client {
		tb.shot(fmt.Sprintf("sideways %d %s", width, loc))
		tb.t.Errorf("%s at %d px: %s scrolls sideways: %d px wide in a %d px window", tb.name, width, loc, wide.Scroll, wide.Client)
	}
}

var idSegment = regexp.MustCompile(`/\d+`)

func pageKey(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return idSegment.ReplaceAllString(u, "/N")
}

// eval evaluates a JavaScript expression through the DevTools protocol (it works with the page's
// scripts switched off: it is the test's script, not the page's).
func evalAs[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if !tb.js {
		if err := setScripts(ctx, true); err != nil {
			tb.t.Fatalf("allow the test's script: %v", err)
		}
		defer setScripts(tb.ctx, false)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: evaluate %.60q: %v", tb.name, expr, err)
	}
	return v
}

// scriptsAction switches the page's scripts on or off, as a step.
func scriptsAction(on bool) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		return chromedp.Void{}, setScripts(ctx, on)
	}
}

// setScripts switches the page's scripts on or off.
func setScripts(ctx context.Context, on bool) error {
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
	return err
}

// axe runs axe-core on the page and returns one line per violation and node.
func (tb *tab) axe() []string {
	tb.t.Helper()
	if !evalAs[bool](tb, `typeof window.axe === "object"`) {
		evalAs[bool](tb, axeSource+";true")
	}
	raw := evalAs[string](tb, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + " " + n.failureSummary.replace(/\s+/g, " "))}))))`)
	var violations []struct {
		ID, Help string
		Nodes    []string
	}
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		tb.t.Fatalf("read axe-core's answer: %v", err)
	}
	var out []string
	for _, v := range violations {
		for i, n := range v.Nodes {
			if i == 5 {
				out = append(out, fmt.Sprintf("  %s: … %d more", v.ID, len(v.Nodes)-5))
				break
			}
			out = append(out, fmt.Sprintf("  %s (%s): %s", v.ID, v.Help, n))
		}
	}
	return out
}

// location is the current path and query.
func (tb *tab) location() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, tb.base)
}

// text is the visible text of the first element matching sel ("" when there is none).
func (tb *tab) text(sel string) string {
	s := evalAs[string](tb, fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||""`, sel))
	return strings.Join(strings.Fields(s), " ")
}

// shot saves a full-page screenshot in failuresDir.
func (tb *tab) shot(what string) {
	if err := os.MkdirAll(failuresDir, 0o755); err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		tb.t.Logf("screenshot failed: %v", err)
		return
	}
	name := tb.t.Name() + "-" + tb.name + "-" + what
	name = regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(name, "_")
	if len(name) > 150 {
		name = name[:150]
	}
	file := filepath.Join(failuresDir, name+".jpg")
	if err := os.WriteFile(file, png, 0o644); err == nil {
		tb.t.Logf("screenshot: browsertest/%s", file)
	}
}
