// Package handlers holds the HTTP layer: each handler parses a request, calls the store or a domain
// function, and renders a page, a redirect or JSON. No SQL and no business rules live here.
package handlers

import (
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"time"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/notify"
	"github.com/missionplanner/missionplanner/privacy"
)

// Options are what the handlers need from the configuration.
type Options struct {
	BaseURL       string
	SessionIdle   time.Duration
	SessionMaxAge time.Duration
	CookieSecure  bool            // the session cookie is sent over HTTPS only
	Notify        *notify.Service // the outbox: invitations, holds, retries
	// PrivacyContact is whom the privacy notice names for questions and requests about personal data.
	PrivacyContact string
	ExportSlots    int // workbooks and zips built at once; 0 for one per two cores
	// NoPageCache renders every page afresh (PAGE_CACHE=off): for measuring what rendering costs.
	NoPageCache bool
}

// Handler carries the dependencies every handler uses. It is built once at start.
type Handler struct {
	Store  *models.Store
	Log    *slog.Logger
	Now    func() time.Time
	Opts   Options
	pages  map[string]*template.Template
	static map[string]staticFile
	// Privacy answers subject access and erasure requests.
	Privacy *privacy.Service
	touches *touches // sessions whose visit this process has just written
	kept    *pageCache
	// exports bounds how many workbooks and zips are built at once; ExportWait is how long a download
	// waits for a slot (ExportWait; tests shorten it).
	exports    exportLimit
	ExportWait time.Duration
}

// New builds the handlers and parses every template once.
func New(store *models.Store, log *slog.Logger, now func() time.Time, templates fs.FS, opts Options) (*Handler, error) {
	pages, err := parsePages(templates)
	if err != nil {
		return nil, fmt.Errorf("handlers: parse templates: %w", err)
	}
	static, err := loadStatic(templates)
	if err != nil {
		return nil, fmt.Errorf("handlers: read static files: %w", err)
	}
	return &Handler{Store: store, Log: log, Now: now, Opts: opts, pages: pages, static: static, touches: &touches{}, kept: &pageCache{},
		exports: newExportLimit(opts.ExportSlots), ExportWait: ExportWait, Privacy: privacy.New(store)}, nil
}
