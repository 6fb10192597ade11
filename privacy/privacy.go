// Package privacy carries out the data protection duties: finding everything held about a person
// (subject access), erasing them, and removing delegates' personal data when a mission's retention
// period ends. It reads the database's own catalog, so a table added later is searched and scrubbed
// without being listed here; the tables it knows by name are the ones whose rows it can tie to a person
// by id rather than by their address.
package privacy

import (
	"github.com/missionplanner/missionplanner/models"
)

// Service carries out privacy requests on the application's database.
type Service struct {
	store *models.Store
}

// New returns the service over store.
func New(store *models.Store) *Service { return &Service{store: store} }
