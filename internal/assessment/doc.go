// Package assessment is the national system that evaluates and recognises
// improvement work: versioned assessment schemes (5S good practice, an
// improvement-tool scheme for Kaizen, Lean and TPM, the 1000-point
// excellence framework of the National Quality Award), assessments in three
// modes (the enterprise's self-assessment, an independent assessment by an
// accredited assessor, state recognition by an officer based on an
// independent one), photo evidence and findings with corrective actions,
// and the certificates that recognition issues, which anyone can verify
// (package seal signs their codes).
//
// The package is in areas, one file (or a few) each, sharing the types and
// the core store of this scaffold:
//   - schemes*.go: the scheme editor, versions, shipped schemes, import and
//     export (the scoring itself is score.go);
//   - audit*.go: assessments, answers, photos, results and findings;
//   - certificate*.go: recognition, certificates, verification, the public
//     register, expiry and revocation;
//   - accreditation*.go: assessors accredited per scheme, with renewal
//     (package training runs the courses and practitioner credentials).
package assessment
