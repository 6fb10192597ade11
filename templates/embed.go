// Package templates holds the embedded page templates and the stylesheet.
package templates

import "embed"

// FS holds layouts/, partials/, one folder of pages per resource, and static/. (embed.go itself is
// included by the pattern and ignored.)
//
//go:embed *
var FS embed.FS
