// Package templates holds the embedded page templates and the stylesheet.
package templates

import "embed"

// FS holds layouts/, partials/, one folder of pages per resource, and static/.
//
//go:embed layouts partials static auth missions admin
var FS embed.FS
