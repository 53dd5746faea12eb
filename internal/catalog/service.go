package catalog

import "context"

// Service is the catalog use cases. (Scaffolding: the owner of this package
// replaces this file, keeping the Tools method: the directory, the diagnosis
// and matching read the catalogue through it.)
type Service struct{}

// Tools lists the catalogue's tools in catalogue order.
func (s *Service) Tools(ctx context.Context) ([]Tool, error) {
	out := make([]Tool, len(BuiltinTools))
	for i, c := range BuiltinTools {
		out[i] = Tool{Code: c}
	}
	return out, nil
}
