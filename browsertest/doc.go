// Package browsertest drives the real application in Debian's chromium (chromedp): the main journeys
// at phone and desktop widths, with JavaScript on and off, checking that no page scrolls sideways and
// that axe-core finds no WCAG 2.2 A/AA violation. Its tests skip without chromium, unless CI=true.
package browsertest
