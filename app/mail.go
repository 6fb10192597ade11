package app

import (
	"fmt"
	"net"
	"net/smtp"
	"strconv"
	"strings"

	"github.com/missionplanner/missionplanner/handlers"
)

// smtpMailer sends plain-text mail through the configured SMTP server.
type smtpMailer struct {
	addr, from string
	auth       smtp.Auth
}

// newMailer returns nil when no SMTP_HOST is set: staff then pass invitation links on themselves.
func newMailer(cfg Config) handlers.Mailer {
	if cfg.SMTPHost == "" || cfg.SMTPFrom == "" {
		return nil
	}
	m := &smtpMailer{addr: net.JoinHostPort(cfg.SMTPHost, strconv.Itoa(cfg.SMTPPort)), from: cfg.SMTPFrom}
	if cfg.SMTPUsername != "" {
		m.auth = smtp.PlainAuth("", cfg.SMTPUsername, cfg.SMTPPassword, cfg.SMTPHost)
	}
	return m
}

func (m *smtpMailer) Send(to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return fmt.Errorf("mail: header values must be one line")
	}
	msg := "From: " + m.from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")
	if err := smtp.SendMail(m.addr, m.auth, m.from, []string{to}, []byte(msg)); err != nil {
		return fmt.Errorf("mail: send to %s: %w", to, err)
	}
	return nil
}
