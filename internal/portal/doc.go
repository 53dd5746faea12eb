// Package portal assembles the public portal's home page: the programme's
// headline figures and charts (aggregates only), activity by province for
// the map, the latest news, honours and cases, kept in a short-lived cache
// so that the page is cheap to serve to many visitors on slow phones.
package portal
