// Package matching connects diagnosed needs with experts and organisations:
// the ranking by fit (with its parts), the needs board where consultants
// find anonymised needs and express interest, and engagements, accepted by
// the enterprise and rated when done.
//
// Glossary:
//   - need (nhu cầu hỗ trợ): what an enterprise publishes on the needs board —
//     improvement tools in order of priority, a short description, and a copy
//     of its priority industry, province, size class and maturity levels
//     taken at publication. The board shows needs without anything that
//     identifies the enterprise.
//   - interest (quan tâm): an expert's offer on a need, with a message.
//   - engagement (hợp đồng tư vấn): the expert the enterprise accepted for a
//     need. Accepting reveals the enterprise to that expert only; the
//     enterprise completes and rates it (1–5), which feeds the expert's
//     verified track record.
//   - fit (mức phù hợp): the score, out of 100, of an expert for a need, in
//     parts (see the weights in score.go).
package matching
