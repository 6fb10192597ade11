package models

import "context"

// PublishProposal saves the placements of a proposal computed earlier, in one transaction, as
// PublishSchedule does with the proposal it computes under the lock: it lets a test hand the write
// path a proposal that went stale.
func (s *Store) PublishProposal(ctx context.Context, actor *User, p *ScheduleProposal) error {
	return s.WithTx(ctx, func(tx *Store) error { return tx.writeSchedule(ctx, actor, p.Book.Mission, p) })
}
