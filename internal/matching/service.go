package matching

// Service is the matching use cases. (Scaffolding: the owner of this package
// replaces this file.)
type Service struct{}
