// Package httpx is the HTTP plumbing shared by the web pages and the JSON
// API: the middleware chain (request id, structured request log, panic
// recovery, security headers, body size limits, cross-origin protection,
// metrics, session and token authentication), the one table that maps a
// fault.Kind to an HTTP status, and small request helpers.
//
// Handlers return errors; an ErrorHandler (HTML for web, JSON for the API)
// renders them. Only errors of kind Internal are logged, once, with the
// request id; the user sees the request id and a generic message.
package httpx
