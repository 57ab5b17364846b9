package server

import "github.com/confer-nhs/confer/server/web"
import "time"

// newClientLimits makes every per-client limiter. Each is keyed on clientKey, the real
// client behind CONFER_TRUSTED_PROXIES, never on the proxy in front of everyone.
func (s *Server) newClientLimits() {
	s.signinByIP = web.NewKeyedLimiter(signinPerClient, time.Hour)
	s.signinByPair = web.NewKeyedLimiter(signinPerAddress, signinPeriod)
	s.signinMail = web.NewKeyedLimiter(signinPerAddress, signinPeriod)
}
