package models

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// NewSecret returns an unguessable token (256 random bits, URL-safe) with an optional
// prefix, and the hash under which it is stored. The raw token is never stored.
func NewSecret(prefix string) (raw, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the OS has no entropy: nothing is safe
	}
	raw = prefix + base64.RawURLEncoding.EncodeToString(b)
	return raw, HashSecret(raw)
}

// HashSecret is the stored form of a token: its SHA-256, hex-encoded. Tokens carry 256
// random bits, so a fast hash is enough; no salt or stretching is needed.
func HashSecret(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// SubjectKey is how records that must outlive a person's erasure (the audit trail) name
// the person they are about: a digest of the lower-cased email, never the email itself.
// Subject access finds those rows by computing the key from the address asked about, and
// erasing the address leaves nothing in them that reads as the person.
func SubjectKey(email string) string {
	sum := sha256.Sum256([]byte("confer-subject:" + strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(sum[:])
}
