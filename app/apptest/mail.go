package apptest

import (
	"bytes"
	"encoding/base64"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// MailServer is an SMTP server in the test process: it receives real SMTP and keeps each message.
type MailServer struct {
	Addr string // host:port
	Host string
	Port string

	mu   sync.Mutex
	msgs []Mail
	srv  *smtp.Server
	ln   net.Listener
}

// Mail is one message the server received.
type Mail struct {
	From string
	To   []string
	Raw  []byte
}

// StartMailServer listens on a free local port until the test ends.
func StartMailServer(t testing.TB) *MailServer {
	t.Helper()
	ms := &MailServer{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ms.Addr = ln.Addr().String()
	ms.Host, ms.Port, _ = net.SplitHostPort(ms.Addr)
	ms.serve(ln)
	t.Cleanup(func() { ms.Stop() })
	return ms
}

func (ms *MailServer) serve(ln net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{ms: ms}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ms.mu.Lock()
	ms.srv, ms.ln = srv, ln
	ms.mu.Unlock()
	go srv.Serve(ln)
}

// Stop closes the server: connections to its port are refused (the SMTP server is down).
func (ms *MailServer) Stop() {
	ms.mu.Lock()
	srv, ln := ms.srv, ms.ln
	ms.srv, ms.ln = nil, nil
	ms.mu.Unlock()
	if srv != nil {
		ln.Close() // Serve may not have taken it yet
		srv.Close()
	}
}

// Restart listens again on the same address after Stop.
func (ms *MailServer) Restart(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", ms.Addr)
	if err != nil {
		t.Fatalf("restart the SMTP server on %s: %v", ms.Addr, err)
	}
	ms.serve(ln)
}

// Env is the environment that points the app at this server, without TLS.
func (ms *MailServer) Env() map[string]string {
	return map[string]string{"SMTP_HOST": ms.Host, "SMTP_PORT": ms.Port, "SMTP_TLS": "none",
		"SMTP_FROM": "Mission team <missions@example.org>", "SMTP_REPLY_TO": "team@example.org"}
}

// Messages returns what has been received so far.
func (ms *MailServer) Messages() []Mail {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]Mail(nil), ms.msgs...)
}

// WaitFor waits until at least n messages have arrived (or timeout) and returns them all.
func (ms *MailServer) WaitFor(n int, timeout time.Duration) []Mail {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if m := ms.Messages(); len(m) >= n {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	return ms.Messages()
}

type mailSession struct {
	ms   *MailServer
	from string
	to   []string
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }
func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ms.mu.Lock()
	s.ms.msgs = append(s.ms.msgs, Mail{From: s.from, To: s.to, Raw: b})
	s.ms.mu.Unlock()
	return nil
}

// Parsed is a received message taken apart: its headers, plain-text and HTML bodies and attachments.
type Parsed struct {
	Header      mail.Header
	Subject     string
	Text, HTML  string
	Attachments map[string]Attachment // by file name
}

// Attachment is one attached file.
type Attachment struct {
	ContentType string
	Content     string
}

// Parse takes a received message apart (multipart, base64 and quoted-printable), failing the test on
// anything malformed.
func (m Mail) Parse(t testing.TB) Parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	p := Parsed{Header: msg.Header, Attachments: map[string]Attachment{}}
	dec := new(mime.WordDecoder)
	p.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	walkPart(t, &p, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Header.Get("Content-Disposition"), msg.Body)
	return p
}

func walkPart(t testing.TB, p *Parsed, ctype, encoding, disposition string, body io.Reader) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatalf("content type %q: %v", ctype, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("multipart: %v", err)
			}
			walkPart(t, p, part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part.Header.Get("Content-Disposition"), part)
		}
	}
	var r io.Reader = body
	switch strings.ToLower(encoding) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read part %s: %v", mt, err)
	}
	if _, dp, err := mime.ParseMediaType(disposition); err == nil && dp["filename"] != "" {
		p.Attachments[dp["filename"]] = Attachment{ContentType: ctype, Content: string(b)}
		return
	}
	switch mt {
	case "text/plain":
		p.Text += string(b)
	case "text/html":
		p.HTML += string(b)
	}
}
