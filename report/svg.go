package report

import (
	"fmt"
	"html"
	"strings"
)

// Bar is one bar of a chart: a label and its value.
type Bar struct {
	Label string
	Value float64
	Text  string // the value as people read it: "£25,000"
}

// BarChart draws a horizontal bar chart as SVG markup, sized to its bars, for pages without
// JavaScript. The title names it for screen readers; the table beside it carries the same numbers.
func BarChart(id, title string, bars []Bar) string {
	const width, labelW, valueW, rowH = 560, 200, 90, 26
	barW := float64(width - labelW - valueW - 10)
	height := rowH*len(bars) + 10
	max := 0.0
	for _, b := range bars {
		if b.Value > max {
			max = b.Value
		}
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" id="%s" role="img" aria-labelledby="%s-title" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		html.EscapeString(id), html.EscapeString(id), width, height)
	fmt.Fprintf(&s, `<title id="%s-title">%s</title>`, html.EscapeString(id), html.EscapeString(title))
	for i, b := range bars {
		y := 5 + i*rowH
		w := 0.0
		if max > 0 {
			w = b.Value / max * barW
		}
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" class="chart__label">%s</text>`, labelW-8, y+17, html.EscapeString(b.Label))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%.1f" height="%d" class="chart__bar"/>`, labelW, y+4, w, rowH-8)
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" class="chart__value">%s</text>`, float64(labelW)+w+6, y+17, html.EscapeString(b.Text))
	}
	s.WriteString(`</svg>`)
	return s.String()
}
