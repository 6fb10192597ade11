package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"

	"github.com/gofiber/fiber/v2"
)

// staticFile is a file of templates/static, read and hashed once at start.
type staticFile struct {
	body        []byte
	etag        string
	contentType string
}

// loadStatic reads every file of static/ in fsys.
func loadStatic(fsys fs.FS) (map[string]staticFile, error) {
	entries, err := fs.ReadDir(fsys, "static")
	if err != nil {
		return nil, err
	}
	files := make(map[string]staticFile, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, "static/"+e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		files[e.Name()] = staticFile{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, contentType: mime.TypeByExtension(path.Ext(e.Name()))}
	}
	return files, nil
}

// Static serves the embedded stylesheet (and any other file in templates/static) with cache headers.
func (h *Handler) Static(c *fiber.Ctx) error {
	f, ok := h.static[c.Params("file")]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderETag, f.etag)
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	if c.Get(fiber.HeaderIfNoneMatch) == f.etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, f.contentType)
	return c.Send(f.body)
}
