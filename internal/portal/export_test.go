package portal

// Building reports whether a rebuild of the home page's data is running.
func (s *Service) Building() bool { return s.building.Load() }
