// Package web is what every area's HTTP and websocket handlers share: the Kit (settings,
// store, mail, log, hub, route table, shared limits, background work), route policies and
// Route, the error vocabulary and error handler, JSON decoding and body limits, client
// addresses and rate limiting, sessions and CSRF, websocket clients, the hub and its broker.
// It knows no area: areas (server/<area>) import it, never the other way round.
package web
