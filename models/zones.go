package models

import (
	"sync"
	"time"
)

// zoneMap caches loaded time zones: LoadLocation reads the zone database each call.
type zoneMap struct {
	mu sync.RWMutex
	m  map[string]*time.Location
}

func (c *zoneMap) get(name string) (*time.Location, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	loc, ok := c.m[name]
	return loc, ok
}

func (c *zoneMap) put(name string, loc *time.Location) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*time.Location{}
	}
	c.m[name] = loc
}
