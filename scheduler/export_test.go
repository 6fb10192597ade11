package scheduler

import (
	"context"

	"github.com/missionplanner/missionplanner/models"
)

// PublishProposal saves the placements of a proposal computed earlier, in one transaction, as
// Publish does with the proposal it computes under the lock: it lets a test hand the write path a
// proposal that went stale.
func PublishProposal(ctx context.Context, s *models.Store, actor *models.User, p *Proposal) error {
	return s.WithTx(ctx, func(tx *models.Store) error { return writeSchedule(ctx, tx, actor, p.Book.Mission, p) })
}
