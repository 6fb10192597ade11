package handlers

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// parsePages builds one template set per page: the layout and partials, plus the page's own file, so
// each page can define "title" and "content" without clashing with the others.
func parsePages(fsys fs.FS) (map[string]*template.Template, error) {
	base := template.New("base").Funcs(funcs)
	if _, err := base.ParseFS(fsys, "layouts/*.html", "partials/*.html"); err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "layouts/") || strings.HasPrefix(p, "partials/") {
			return err
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(fsys, p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		pages[strings.TrimSuffix(p, ".html")] = t
		return nil
	})
	return pages, err
}

// View is the data of one page: what the handler passes plus what every page needs.
type View map[string]any

// render writes page name with status, adding the CSRF token, the signed-in user, the flash message
// and the error summary (when data holds "Errors").
func (h *Handler) render(c *fiber.Ctx, status int, name string, data View) error {
	t, ok := h.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	if data == nil {
		data = View{}
	}
	if _, ok := data["CSRF"]; !ok {
		data["CSRF"] = h.csrfToken(c)
	}
	data["User"] = currentUser(c)
	if _, ok := data["Flash"]; !ok {
		data["Flash"] = h.popFlash(c)
	}
	if errs, ok := data["Errors"].(models.FieldErrors); ok && len(errs) > 0 {
		data["Summary"] = errorSummary(errs, data["Order"])
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Status(status)
	c.Type("html", "utf-8")
	return c.Send(buf.Bytes())
}

// SummaryItem is one line of the error summary, linking to the field it is about.
type SummaryItem struct{ Href, Message string }

// errorSummary lists errs in the order of the form's fields, then the rest by name. order is a form's
// *formSpec, whose dates link to their day input, or the names of a form without dates.
func errorSummary(errs models.FieldErrors, order any) []SummaryItem {
	var names []string
	isDate := func(string) bool { return false }
	switch o := order.(type) {
	case *formSpec:
		names, isDate = o.Names(), o.isDate
	case []string:
		names = o
	}
	var out []SummaryItem
	seen := map[string]bool{}
	add := func(field string) {
		msg, ok := errs[field]
		if !ok || seen[field] {
			return
		}
		seen[field] = true
		href := "#" + field
		if isDate(field) {
			href = "#" + field + "-day"
		}
		out = append(out, SummaryItem{Href: href, Message: msg})
	}
	for _, f := range names {
		add(f)
	}
	rest := make([]string, 0, len(errs))
	for f := range errs {
		rest = append(rest, f)
	}
	sort.Strings(rest)
	for _, f := range rest {
		add(f)
	}
	return out
}

var funcs = template.FuncMap{
	"label": models.Label,
	"list": func(name string) []models.Option {
		switch name {
		case "sectors":
			return models.Sectors
		case "employees":
			return models.EmployeeBands
		case "export_experience":
			return models.ExportExperiences
		case "mission_status":
			return models.MissionStatuses
		case "registration_status":
			return models.RegistrationStatuses
		case "organisation_type":
			return models.OrganisationTypes
		case "meeting_status":
			return models.MeetingStatuses
		case "programme_kind":
			return models.ProgrammeKinds
		case "roles":
			return models.Roles
		case "attendance":
			return models.Attendances
		case "interest":
			return models.Interests
		case "lead_status":
			return models.LeadStatuses
		case "without_support":
			return models.WithoutSupportAnswers
		case "satisfaction":
			return models.SatisfactionScores
		case "esta_status":
			return models.EstaStatuses
		case "room":
			return models.RoomTypes
		case "readiness_check":
			return models.ReadinessChecks
		case "readiness_level":
			return models.ReadinessLevels
		}
		return nil
	},
	"readyOptions": func() []models.Option {
		return []models.Option{{Code: "no", Label: "Not ready"}, {Code: "yes", Label: "Ready"}}
	},
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"has": func(list any, code string) bool {
		switch l := list.(type) {
		case models.StringList:
			return l.Has(code)
		case []string:
			for _, s := range l {
				if s == code {
					return true
				}
			}
		}
		return false
	},
	"date": func(d models.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.Format("2 January 2006")
	},
	"datetime": func(t time.Time, loc *time.Location) string { return t.In(loc).Format("Mon 2 Jan 2006 15:04") },
	"clock":    models.FormatClock,
	"zoneabbr": func(t time.Time, loc *time.Location) string { return t.In(loc).Format("MST") },
	"stamp":    func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") },
	"add":      func(a, b int) int { return a + b },
	"query": func(base url.Values, key string, value any) string {
		q := url.Values{}
		for k, v := range base {
			q[k] = append([]string(nil), v...)
		}
		q.Set(key, fmt.Sprint(value))
		return "?" + q.Encode()
	},
	"gbp":  formatGBP,
	"join": strings.Join,
	// options writes a long list of <option>s as the select partial would, without running the template
	// once per option (the meetings list of a large mission offers hundreds of firms).
	"options": func(opts []models.Option, value string) template.HTML {
		var b strings.Builder
		for _, o := range opts {
			b.WriteString(`<option value="`)
			b.WriteString(template.HTMLEscapeString(o.Code))
			b.WriteByte('"')
			if o.Code == value {
				b.WriteString(" selected")
			}
			b.WriteByte('>')
			b.WriteString(template.HTMLEscapeString(o.Label))
			b.WriteString("</option>")
		}
		return template.HTML(b.String())
	},
	// mapsurl is a maps search for an address: on a phone it opens the maps app.
	"mapsurl": func(address string) string {
		return "https://www.google.com/maps/search/?api=1&query=" + url.QueryEscape(address)
	},
	"base": path.Base,
}
