// Package catalog holds the reference catalogues of the ecosystem: the
// improvement tools and management systems (5S, Kaizen, Lean, TPM, …, ISO
// 50001) that experts are expert in and diagnoses recommend, and the
// national standards and technical regulations (TCVN, QCVN).
package catalog
