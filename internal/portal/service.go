package portal

import (
	"log/slog"
	"time"
)

// Options configure a Service.
type Options struct {
	Clock func() time.Time
	Log   *slog.Logger
}

// Service builds the home page's data.
type Service struct {
	now func() time.Time
	log *slog.Logger
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{now: o.Clock, log: o.Log}
}
