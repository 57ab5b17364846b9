package server

import (
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
)

// assetEncodings are the precompressed copies the SPA build writes beside each hashed
// asset (vite.config.ts, precompress), best first: brotli is about a fifth smaller than
// gzip on our CSS and JS.
var assetEncodings = []struct{ name, ext string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// serveAssets serves dist/assets/*: hashed names, so each may be cached for a year. It
// sends the smallest precompressed copy the client accepts (nothing is compressed per
// request), with the original's Content-Type, and Vary: Accept-Encoding on every answer
// so a shared cache never hands brotli to a client that asked for none.
func serveAssets(dist fs.FS) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Vary(fiber.HeaderAcceptEncoding)
		name := path.Clean("/" + c.Params("*"))
		if name == "/" || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			return fiber.ErrNotFound // the copies are reached through Accept-Encoding only
		}
		name = "assets" + name
		data, encoding := readAsset(dist, name, c.Get(fiber.HeaderAcceptEncoding))
		if data == nil {
			return fiber.ErrNotFound
		}
		if encoding != "" {
			c.Set(fiber.HeaderContentEncoding, encoding)
		}
		c.Set(fiber.HeaderContentType, assetType(name))
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		return c.Send(data)
	}
}

// readAsset reads the copy of name the client prefers (highest q-value, then ours: brotli
// before gzip) among those it accepts and the build wrote, returning its bytes and its
// Content-Encoding ("" for the file itself), or nil when there is no such file.
func readAsset(dist fs.FS, name, acceptEncoding string) ([]byte, string) {
	weight := parseAcceptEncoding(acceptEncoding)
	order := make([]int, len(assetEncodings))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return weight(assetEncodings[order[a]].name) > weight(assetEncodings[order[b]].name)
	})
	for _, i := range order {
		e := assetEncodings[i]
		if weight(e.name) <= 0 {
			continue
		}
		if data, err := fs.ReadFile(dist, name+e.ext); err == nil {
			return data, e.name
		}
	}
	data, err := fs.ReadFile(dist, name)
	if err != nil {
		return nil, ""
	}
	return data, ""
}

// assetType is the Content-Type of an asset by its extension (Fiber's fixed table, not
// the host's mime.types), text types and SVG marked UTF-8 as Vite writes them.
func assetType(name string) string {
	t := utils.GetMIME(path.Ext(name))
	if strings.HasPrefix(t, "text/") || t == "image/svg+xml" || t == fiber.MIMEApplicationJSON {
		return t + "; charset=utf-8"
	}
	return t
}

// parseAcceptEncoding reads an Accept-Encoding header (RFC 9110 12.5.3) and returns the
// q-value it gives a coding: its own, else that of "*", else 0 (not acceptable).
// "gzip;q=0" refuses gzip; an absent header accepts none, so the file goes as it is.
func parseAcceptEncoding(header string) func(coding string) float64 {
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		coding := strings.ToLower(strings.TrimSpace(fields[0]))
		if coding == "" {
			continue
		}
		weight := 1.0
		for _, param := range fields[1:] {
			k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					weight = f
				} else {
					weight = 0 // a q-value we cannot read is not a yes
				}
			}
		}
		q[coding] = weight
	}
	return func(coding string) float64 {
		if w, ok := q[coding]; ok {
			return w
		}
		if w, ok := q["x-"+coding]; ok && coding == "gzip" {
			return w
		}
		return q["*"]
	}
}
