package privacy

import (
	"context"
	"fmt"

	"github.com/missionplanner/missionplanner/models"
)

// Notice is what the privacy notice states: the default retention periods and each published mission's
// own, with whom to contact.
type Notice struct {
	Contact          string
	DefaultMonths    int
	DefaultNeedsDays int
	WarningDays      int
	Missions         []models.Mission // not drafts, newest first
	ImportBatchHours int
}

// Notice gathers the retention settings the privacy notice is built from.
func (s *Service) Notice(ctx context.Context, contact string) (*Notice, error) {
	n := &Notice{
		Contact: contact, DefaultMonths: models.DefaultPersonalDataRetentionMonths,
		DefaultNeedsDays: models.DefaultNeedsRetentionDays, WarningDays: models.RetentionWarningDays,
		ImportBatchHours: int(models.ImportBatchLifetime.Hours()),
	}
	err := s.store.DB(ctx).Where("status <> ?", "draft").Order("start_date DESC, id DESC").Limit(100).Find(&n.Missions).Error
	if err != nil {
		return nil, fmt.Errorf("privacy: missions for the notice: %w", err)
	}
	return n, nil
}
