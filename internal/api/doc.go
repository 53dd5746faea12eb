// Package api is the platform's JSON API, version 1, built with huma v2 on
// the standard library's ServeMux.
//
// Every operation lives under /api/v1/. The OpenAPI 3.1 document is served at
// /api/openapi.json (and /api/openapi.yaml), and a server-rendered reference
// page at /api/docs (no JavaScript, so it works under the platform's
// Content-Security-Policy). Handlers parse the request, make one service call
// and render; the services do all validation and authorization. The actor is
// put into the request context before these handlers run, by middleware in
// cmd (session cookie or "Authorization: Bearer nscl_…" personal token).
//
// Every error is an RFC 9457 problem (application/problem+json) with the
// status from httpx.Status, the message in the caller's language in
// "detail", both languages in "message", per-field messages in "errors" and
// the request id. See Problem.
//
// Glossary: operation = one method + path of the API, with an operation id
// used by generated clients; tag = the group an operation is listed under in
// the docs (Account, Users, Audit, Jobs, Reference).
package api
