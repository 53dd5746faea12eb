package sqldb

import "time"

// SetSpreadTrace lets the spread benchmark time each part of FindSpread.
func SetSpreadTrace(fn func(part string, d time.Duration)) { spreadTrace = fn }
