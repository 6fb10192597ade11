package handlers_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/missionplanner/missionplanner/app/apptest"
)

// upload posts a multipart form with a file (none when filename is empty) and fields, as a browser
// does, with the CSRF token it last saw. Both imports' tests use it.
func upload(t *testing.T, c *apptest.Client, path, filename string, content []byte, fields map[string]string) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", c.CSRF())
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if filename != "" {
		fw, err := w.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}
