package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// message is a composed email: its subject and both bodies.
type message struct{ Subject, Text, HTML string }

// block is one paragraph or item of a message, written the same way in both bodies.
type block struct {
	Heading string   // bold first line ("Moved: Meeting with …")
	Lines   []string // one per line
	Link    string   // a link shown on its own line
}

// render writes the plain-text and HTML bodies from the same blocks, so the two never disagree.
func render(subject, greeting string, blocks []block, footer []block) message {
	var t strings.Builder
	t.WriteString(greeting + "\n\n")
	for _, b := range append(blocks, footer...) {
		if b.Heading != "" {
			t.WriteString(b.Heading + "\n")
		}
		for _, l := range b.Lines {
			t.WriteString(l + "\n")
		}
		if b.Link != "" {
			t.WriteString(b.Link + "\n")
		}
		t.WriteString("\n")
	}
	var h bytes.Buffer
	_ = htmlBody.Execute(&h, map[string]any{"Subject": subject, "Greeting": greeting, "Blocks": blocks, "Footer": footer})
	return message{Subject: subject, Text: strings.TrimRight(t.String(), "\n") + "\n", HTML: h.String()}
}

var htmlBody = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c;">
<p>{{.Greeting}}</p>
{{range .Blocks}}<div style="margin: 0 0 16px 0;">{{if .Heading}}<p style="margin: 0;"><strong>{{.Heading}}</strong></p>{{end}}{{range .Lines}}<p style="margin: 0;">{{.}}</p>{{end}}{{if .Link}}<p style="margin: 0;"><a href="{{.Link}}">{{.Link}}</a></p>{{end}}</div>
{{end}}<hr style="border: 0; border-top: 1px solid #b1b4b6;">
{{range .Footer}}<div style="margin: 0 0 12px 0; font-size: 14px; color: #505a5f;">{{if .Heading}}<p style="margin: 0;">{{.Heading}}</p>{{end}}{{range .Lines}}<p style="margin: 0;">{{.}}</p>{{end}}{{if .Link}}<p style="margin: 0;"><a href="{{.Link}}">{{.Link}}</a></p>{{end}}</div>
{{end}}</body></html>
`))

// when is a time span for people in the mission's zone with home time beside it:
// "Mon 15 Mar 2027 10:00–10:45 CDT Chicago (15:00–15:45 GMT UK)".
func when(m *models.Mission, start, end time.Time) string {
	zone, home := m.Zone(), m.HomeZone()
	ls, le, hs, he := start.In(zone), end.In(zone), start.In(home), end.In(home)
	s := fmt.Sprintf("%s %s–%s %s %s (%s–%s %s %s", ls.Format("Mon 2 Jan 2006"), ls.Format("15:04"), le.Format("15:04"), ls.Format("MST"), m.ZoneLabel(),
		hs.Format("15:04"), he.Format("15:04"), hs.Format("MST"), m.HomeLabel())
	if models.DateIn(start, home) != models.DateIn(start, zone) {
		s += ", " + hs.Format("Mon 2 Jan")
	}
	return s + ")"
}

type registrationFacts struct {
	Mission           *models.Mission
	Firm              *models.Firm
	Status            string
	Applied, Promoted bool
	Place             int
	BaseURL           string
}

// registrationMessage tells a firm's contact where its application stands.
func registrationMessage(f registrationFacts) message {
	m, firm := f.Mission, f.Firm.CompanyName
	dates := fmt.Sprintf("%s to %s", m.StartDate.Format("2 January"), m.EndDate.Format("2 January 2006"))
	var subject string
	var body []string
	switch {
	case f.Applied:
		subject = "We have received " + firm + "'s application for " + m.Name
		body = []string{"Thank you for applying for " + m.Name + " (" + dates + ").",
			"The mission team will review the application and write to you again when it has been decided."}
	case f.Promoted:
		subject = firm + " has a place on " + m.Name
		body = []string{"A place has become free on " + m.Name + " (" + dates + "), and " + firm + " has moved up from the wait list: its application is now approved.",
			"The mission team will be in touch about the next steps."}
	case f.Status == models.StatusApproved:
		subject = firm + "'s application for " + m.Name + " is approved"
		body = []string{firm + "'s application for " + m.Name + " (" + dates + ") is approved.", "The mission team will be in touch about the next steps."}
	case f.Status == models.StatusWaitlisted:
		subject = firm + " is on the wait list for " + m.Name
		place := "on the wait list"
		if f.Place > 0 {
			place = fmt.Sprintf("number %d on the wait list", f.Place)
		}
		body = []string{"Every place on " + m.Name + " (" + dates + ") is taken, so " + firm + " is " + place + ".",
			"If a place becomes free, the firm at the top of the wait list is offered it, and we will write to you at once."}
	case f.Status == models.StatusRejected:
		subject = firm + "'s application for " + m.Name
		body = []string{"We are sorry: " + firm + "'s application for " + m.Name + " (" + dates + ") has not been accepted.",
			"Reply to this email if you would like to talk about it or about future missions."}
	case f.Status == models.StatusWithdrawn:
		subject = firm + " has been withdrawn from " + m.Name
		body = []string{firm + " has been withdrawn from " + m.Name + " (" + dates + ").",
			"If this is a mistake, reply to this email and the mission team will help."}
	}
	greeting := "Hello"
	if f.Firm.ContactName != "" {
		greeting += " " + f.Firm.ContactName
	}
	return render(subject, greeting+",", []block{{Lines: body}}, []block{{Lines: []string{"You receive this because you are the contact for " + firm + " on " + m.Name + "."}}})
}

// invitationMessage carries a delegate's sign-in link.
func invitationMessage(m *models.Mission, d *models.Delegate, link string, expires time.Time) message {
	return render("Your trade mission itinerary: set your password", "Hello "+d.FullName+",", []block{
		{Lines: []string{"You can now see your firm's itinerary for " + m.Name + " online, and add it to your calendar."}},
		{Lines: []string{"Open this link to choose a password (it works once and expires on " + expires.UTC().Format("2 January 2006") + "):"}, Link: link},
	}, []block{{Lines: []string{"If you did not expect this email, you can ignore it."}}})
}

// changesMessage lists one delegate's changed meetings, old → new.
func changesMessage(m *models.Mission, d *models.Delegate, firm string, lines []changeLine, baseURL, unsubscribe string) message {
	subject := "Your meetings on " + m.Name + " have changed"
	if len(lines) == 1 {
		switch lines[0].Kind {
		case changeNew:
			subject = "New meeting: " + lines[0].Title
		case changeMoved:
			subject = "Meeting moved: " + lines[0].Title
		case changeCancelled:
			subject = "Meeting cancelled: " + lines[0].Title
		}
	}
	intro := fmt.Sprintf("%d of your meetings on %s have changed. Times are %s time, with %s time in brackets.", len(lines), m.Name, m.ZoneLabel(), m.HomeLabel())
	if len(lines) == 1 {
		intro = fmt.Sprintf("One of your meetings on %s has changed. Times are %s time, with %s time in brackets.", m.Name, m.ZoneLabel(), m.HomeLabel())
	}
	blocks := []block{{Lines: []string{intro}}}
	for _, l := range lines {
		b := block{}
		switch l.Kind {
		case changeNew:
			b.Heading = "New: " + l.Title
			b.Lines = append(b.Lines, "When: "+when(m, l.Now.Start, l.Now.End), "Where: "+orUnknown(l.Now.Address))
		case changeMoved:
			b.Heading = "Moved: " + l.Title
			b.Lines = append(b.Lines, "Was: "+when(m, l.Was.Start, l.Was.End)+", "+orUnknown(l.Was.Address),
				"Now: "+when(m, l.Now.Start, l.Now.End)+", "+orUnknown(l.Now.Address))
		case changeCancelled:
			b.Heading = "Cancelled: " + l.Title
			b.Lines = append(b.Lines, "Was: "+when(m, l.Was.Start, l.Was.End)+", "+orUnknown(l.Was.Address))
		}
		if l.With != "" {
			b.Lines = append(b.Lines, "With: "+l.With)
		}
		if len(l.Delegates) > 0 {
			b.Lines = append(b.Lines, "Delegates: "+strings.Join(l.Delegates, ", "))
		}
		if l.Notes != "" && l.Kind != changeCancelled {
			b.Lines = append(b.Lines, "Notes: "+l.Notes)
		}
		blocks = append(blocks, b)
	}
	blocks = append(blocks, block{Lines: []string{"Each meeting is attached as a calendar invitation: open it to update your calendar. Your whole itinerary:"}, Link: baseURL + "/my/itinerary"})
	return render(subject, "Hello "+d.FullName+",", blocks, optionalFooter(m, firm, "schedule change emails", baseURL, unsubscribe))
}

func optionalFooter(m *models.Mission, firm, what, baseURL, unsubscribe string) []block {
	return []block{
		{Lines: []string{"You receive this because you are a delegate of " + firm + " on " + m.Name + "."}},
		{Lines: []string{"Stop " + what + " (no sign-in needed):"}, Link: unsubscribe},
		{Lines: []string{"Choose which emails you get:"}, Link: baseURL + "/my/notifications"},
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "place to be confirmed"
	}
	return s
}

// invitations makes one calendar file per changed meeting: METHOD:REQUEST with the feed's UID and
// SEQUENCE, or METHOD:CANCEL for a meeting the delegate no longer goes to.
func (s *Service) invitations(m *models.Mission, d *models.Delegate, lines []changeLine) ([]models.MailAttachment, error) {
	organizer := addressOnly(s.opts.From)
	var out []models.MailAttachment
	for _, l := range lines {
		sl, method := l.Now, "REQUEST"
		if l.Kind == changeCancelled {
			sl, method = l.Was, "CANCEL"
		}
		desc := []string{when(m, sl.Start, sl.End)}
		if l.With != "" {
			desc = append(desc, "With: "+l.With)
		}
		if len(l.Delegates) > 0 {
			desc = append(desc, "Delegates: "+strings.Join(l.Delegates, ", "))
		}
		summary := l.Title
		if method == "CANCEL" {
			summary = "Cancelled: " + summary
		}
		var buf bytes.Buffer
		err := exports.WriteCalendar(&buf, exports.Calendar{Method: method, Events: []exports.CalendarEvent{{
			UID: exports.EventUID(models.EntryMeeting, l.MeetingID, s.host), Sequence: l.Sequence, Start: sl.Start, End: sl.End,
			Summary: summary, Location: sl.Address, Description: strings.Join(desc, "\n"), Cancelled: method == "CANCEL",
			Updated: l.Stamp, Organizer: organizer, Attendees: []string{d.Email},
		}}})
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("meeting-%d.ics", l.MeetingID)
		if method == "CANCEL" {
			name = fmt.Sprintf("meeting-%d-cancelled.ics", l.MeetingID)
		}
		out = append(out, models.MailAttachment{Name: name, ContentType: "text/calendar; charset=utf-8; method=" + method, Content: buf.String()})
	}
	return out, nil
}

// addressOnly is the bare address of "Name <addr>" (or the string itself).
func addressOnly(s string) string {
	if i, j := strings.LastIndexByte(s, '<'), strings.LastIndexByte(s, '>'); i >= 0 && j > i {
		return s[i+1 : j]
	}
	return strings.TrimSpace(s)
}
