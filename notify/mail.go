package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/missionplanner/missionplanner/models"
)

// TLS policies of SMTP_TLS.
const (
	TLSMandatory     = "mandatory"     // STARTTLS or fail (the default)
	TLSOpportunistic = "opportunistic" // STARTTLS when the server offers it
	TLSNone          = "none"          // plain SMTP, for a local catcher such as Mailpit
)

// SMTPConfig is how to reach the SMTP server.
type SMTPConfig struct {
	Host               string
	Port               int
	Username, Password string
	TLS                string // TLSMandatory (""), TLSOpportunistic or TLSNone
	Timeout            time.Duration
}

// Mailer hands messages to the SMTP server.
type Mailer struct {
	client *gomail.Client
}

// NewMailer checks cfg and prepares a client (it connects for each send).
func NewMailer(cfg SMTPConfig) (*Mailer, error) {
	policy := gomail.TLSMandatory
	switch cfg.TLS {
	case "", TLSMandatory:
	case TLSOpportunistic:
		policy = gomail.TLSOpportunistic
	case TLSNone:
		policy = gomail.NoTLS
	default:
		return nil, fmt.Errorf("notify: SMTP_TLS must be mandatory, opportunistic or none, not %q", cfg.TLS)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTLSPolicy(policy), gomail.WithTimeout(cfg.Timeout)}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: SMTP client: %w", err)
	}
	return &Mailer{client: c}, nil
}

// Send builds n as a MIME message (plain text and HTML alternatives, attachments, List-Unsubscribe
// on optional messages, a Message-ID derived from its idempotency key) and hands it to the server.
func (m *Mailer) Send(ctx context.Context, n *models.Notification, from, replyTo, host string) error {
	msg, err := buildMessage(n, from, replyTo, host)
	if err != nil {
		return err
	}
	if err := m.client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send to %s: %w", n.RecipientEmail, err)
	}
	return nil
}

func buildMessage(n *models.Notification, from, replyTo, host string) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("From address %q: %w", from, err)
	}
	if err := msg.AddToFormat(n.RecipientName, n.RecipientEmail); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", n.RecipientEmail, err)
	}
	if replyTo != "" {
		if err := msg.ReplyTo(replyTo); err != nil {
			return nil, fmt.Errorf("Reply-To address %q: %w", replyTo, err)
		}
	}
	msg.Subject(n.Subject)
	msg.SetDate()
	// The same message always has the same Message-ID, so a mail system that sees it twice can tell.
	sum := sha256.Sum256([]byte(n.IdempotencyKey))
	msg.SetMessageIDWithValue(hex.EncodeToString(sum[:16]) + "@" + host)
	if n.UnsubscribeURL != "" {
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+n.UnsubscribeURL+">")
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(gomail.TypeTextPlain, n.BodyText)
	if n.BodyHTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, n.BodyHTML)
	}
	if n.Attachments != "" {
		var files []models.MailAttachment
		if err := json.Unmarshal([]byte(n.Attachments), &files); err != nil {
			return nil, fmt.Errorf("attachments of notification %d: %w", n.ID, err)
		}
		for _, f := range files {
			if err := msg.AttachReader(f.Name, strings.NewReader(f.Content), gomail.WithFileContentType(gomail.ContentType(f.ContentType))); err != nil {
				return nil, fmt.Errorf("attach %s: %w", f.Name, err)
			}
		}
	}
	return msg, nil
}
