// Package directory holds the people and organisations of the ecosystem:
// experts and improvement practitioners (with their expertise, credentials,
// capacity, track record and personal-data consents) and organisations
// (consulting firms, research institutes, certification bodies, testing
// laboratories with their VILAS accreditation, training institutions,
// universities) with their members.
package directory
