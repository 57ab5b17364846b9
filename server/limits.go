package server

import "time"

// newClientLimits makes every per-client limiter. Each is keyed on clientKey, the real
// client behind CONFER_TRUSTED_PROXIES, never on the proxy in front of everyone.
func (s *Server) newClientLimits() {
	s.signinByIP = newKeyedLimiter(signinPerClient, time.Hour)
	s.signinByPair = newKeyedLimiter(signinPerAddress, signinPeriod)
	s.signinMail = newKeyedLimiter(signinPerAddress, signinPeriod)
	s.pollJoins = newKeyedLimiter(s.Cfg.Clients.PollJoinLimit, time.Hour)
	s.followMail = newKeyedLimiter(followMailPerHour, time.Hour)
	s.joinLookups = newKeyedLimiter(s.Cfg.RateLimit, time.Minute)
	if s.Cfg.RateLimit > 0 { // CONFER_RATE_LIMIT=0 (load tests) switches the public-write family off
		s.metooByPost = newKeyedLimiter(metooPerPostPerHour, time.Hour)
	}
}
