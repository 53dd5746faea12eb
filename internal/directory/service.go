package directory

// Service is the directory use cases. (Scaffolding: the owner of this package
// replaces this file.)
type Service struct{}
