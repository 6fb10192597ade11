package handlers

import (
	"strconv"
	"sync"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/sync/singleflight"
)

// The pages that grow with a mission (itineraries, the registrations and meetings lists, the API
// itinerary) cost milliseconds of queries and template work; people reload them far more often than the
// data under them changes (a delegate checking the day's plan, staff keeping the meetings list open). So
// a page is kept after it is rendered and sent again while three things hold (issue 8):
//
//   - the data revision has not moved: any committed change, by any process, moves it (models.Revision),
//     and reading it is one indexed read;
//   - the clock is in the same minute: what a page says about now ("Next", outcomes offered once a
//     meeting has started) is worked out to the minute, and a change made outside the application is
//     shown within a minute;
//   - the same signed-in session (or, on the API, the same user) asks for the same address: a page never
//     reaches anyone but whoever it was rendered for, with that session's CSRF token in its forms.
//
// Everything in front of the handler still runs for every request: the session, the user (so a disabled
// account or a password reset takes effect at once) and the route's guard. A page that changed the
// session (a flash shown, a CSRF token made) or did not answer 200 is not kept.
//
// Requests that miss together (a new minute, a change, a page nobody has kept yet) render it once: the
// first renders and the others for the same key, revision and minute wait for its page. Without that, a
// client with 32 connections open turned every change into 32 renders of the same page at once, the
// p99s of the costly pages went past a second.

// pageCacheBytes bounds what the process keeps; past it, pages are simply not kept until the revision
// or the minute moves on and the cache starts afresh.
const pageCacheBytes = 64 << 20

type keptPage struct {
	body  []byte
	ctype string
}

type pageCache struct {
	mu       sync.Mutex
	revision int64
	minute   int64
	pages    map[string]keptPage
	size     int
	flight   singleflight.Group
}

// get returns the page kept under key for this revision and minute; a newer revision or minute empties
// the cache.
func (pc *pageCache) get(revision, minute int64, key string) (keptPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if revision != pc.revision || minute != pc.minute {
		if revision > pc.revision || (revision == pc.revision && minute > pc.minute) {
			pc.revision, pc.minute, pc.pages, pc.size = revision, minute, nil, 0
		}
		return keptPage{}, false
	}
	p, ok := pc.pages[key]
	return p, ok
}

func (pc *pageCache) put(revision, minute int64, key string, p keptPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if revision != pc.revision || minute != pc.minute || pc.size+len(p.body) > pageCacheBytes {
		return
	}
	if pc.pages == nil {
		pc.pages = map[string]keptPage{}
	}
	if old, ok := pc.pages[key]; ok {
		pc.size -= len(old.body)
	}
	pc.pages[key] = p
	pc.size += len(p.body)
}

// Kept serves a GET from the page cache when it can, and keeps the handler's answer when it may (see
// above). It goes after the route's guard, just before the handler.
func (h *Handler) Kept(c *fiber.Ctx) error {
	if h.Opts.NoPageCache || c.Method() != fiber.MethodGet {
		return c.Next()
	}
	u := currentUser(c)
	if u == nil {
		return c.Next()
	}
	s := h.session(c)
	var who string
	switch {
	case s.key != "" && s.CSRF != "" && s.Flash == "":
		who = "s:" + s.key
	case s.key == "" && c.Get(fiber.HeaderAuthorization) != "": // the API: a bearer token, no session
		who = "u:" + strconv.FormatUint(uint64(u.ID), 10)
	default:
		return c.Next()
	}
	revision, err := h.Store.Revision(c.UserContext())
	if err != nil {
		return c.Next()
	}
	minute := h.Now().Unix() / 60
	key := who + " " + strconv.FormatUint(uint64(u.ID), 10) + " " + c.OriginalURL()
	if p, ok := h.kept.get(revision, minute, key); ok {
		return sendKept(c, p)
	}
	var led bool
	var nextErr error
	flightKey := key + "@" + strconv.FormatInt(revision, 10) + "/" + strconv.FormatInt(minute, 10)
	v, _, _ := h.kept.flight.Do(flightKey, func() (any, error) {
		led = true
		if nextErr = c.Next(); nextErr != nil {
			return nil, nil
		}
		res := c.Response()
		if res.StatusCode() != fiber.StatusOK || s.dirty || len(res.Header.PeekCookie(sessionCookie)) > 0 {
			return nil, nil
		}
		p := keptPage{body: append([]byte(nil), res.Body()...), ctype: string(res.Header.ContentType())}
		h.kept.put(revision, minute, key, p)
		return p, nil
	})
	if led {
		return nextErr
	}
	if p, ok := v.(keptPage); ok {
		return sendKept(c, p)
	}
	return c.Next() // the first one's answer was not one to keep: render this one's own
}

func sendKept(c *fiber.Ctx, p keptPage) error {
	c.Status(fiber.StatusOK)
	c.Set(fiber.HeaderContentType, p.ctype)
	return c.Send(p.body)
}
