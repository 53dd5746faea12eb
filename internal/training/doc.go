// Package training runs the programme's training for improvement
// practitioners: courses (tool, level, curriculum, hours), sessions (dates,
// place, trainer), enrolment, attendance, an exam or a practical
// assessment, and completion, which issues a practitioner credential (tool
// + level) sealed like a certificate (package seal) and verified on the
// same public page. Per enterprise, it lists its certified practitioners.
//
// Assessors' accreditations per scheme are package assessment's.
package training
