// Package frontend holds the built single-page app so the Go binary can serve it.
package frontend

import (
	"embed"
	"io/fs"
)

// dist is the Vite build output. The "all:" prefix keeps dist/.gitkeep, so the
// package still compiles on a fresh clone where the SPA has not been built.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the built SPA rooted at dist/ (index.html, assets/...), so callers
// can serve it without knowing the embed path.
func Dist() fs.FS {
	// fs.Sub fails only for an invalid path, and "dist" is a valid one.
	sub, _ := fs.Sub(dist, "dist")
	return sub
}
