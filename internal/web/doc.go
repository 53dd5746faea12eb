// Package web serves the platform's server-rendered HTML pages: sign-in and
// two-factor sign-in, password reset, the user's account (password, language,
// two-factor enrolment, personal API tokens), the administration pages
// (users, audit log, outbox, system status) and background jobs with live
// progress.
//
// Routes are registered on a stdlib ServeMux in routes.go. Handlers follow
// one shape: parse the form → one service call → render a typed page struct
// (one per template, each embedding Layout) or redirect with a flash message
// (POST-redirect-GET). Errors go to Handler.Error, which maps a fault kind to
// a status through httpx.Status and renders an error page in the user's
// language first and the other one second.
//
// Templates and static files are embedded and parsed once, per language, in
// New; a missing or broken template fails New. Texts come from the Go
// catalogue in i18n.go, looked up by key with the template function t.
//
// Glossary: flash = a one-time message shown on the next page; htmx = the
// small library that swaps server-rendered fragments (job progress).
package web
