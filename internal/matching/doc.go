// Package matching connects diagnosed needs with experts and organisations:
// the ranking by fit (with its parts), the needs board where consultants
// find anonymised needs and express interest, and engagements, accepted by
// the enterprise and rated when done.
package matching
