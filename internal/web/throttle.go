package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// loginGate slows password guessing without letting an outsider lock a
// colleague out (OWASP Authentication Cheat Sheet, "Account Lockout" and
// "Protect against automated attacks"; 等保2.0 GB/T 22239-2019 8.1.4.1 b:
// 登录失败处理 — limit failed attempts, end sessions, time out):
//
//   - failures are counted per user name and client address: after
//     PairFailures failures in a row from one address, that address must
//     wait before its next try for that name — 1 minute, doubling with
//     each further failure, at most MaxDelay. The real user at another
//     desk (another address) is not affected;
//   - failures per user name from all addresses together (a spray from
//     many machines) are slowed the same way, but only after
//     UserFailures, so a few outsiders cannot reach it by accident;
//   - nothing is ever locked for good: once the delay has passed, the
//     correct password logs in and clears the counts; no admin is needed;
//   - a name that does not exist is counted and delayed exactly like one
//     that does, and a delayed attempt answers the very same page as a
//     wrong password after the same hashing work, so the login page never
//     tells whether a user exists or is being slowed.
//
// The counts live in memory: a restart forgets them (one serve per
// database).
type loginGate struct {
	mu           sync.Mutex
	now          func() time.Time
	pairFailures int
	userFailures int
	firstDelay   time.Duration
	maxDelay     time.Duration
	entries      map[string]*gateEntry
}

type gateEntry struct {
	fails int
	until time.Time // no try before this
	last  time.Time
}

func newLoginGate(now func() time.Time, pairFailures, userFailures int, firstDelay, maxDelay time.Duration) *loginGate {
	return &loginGate{now: now, pairFailures: pairFailures, userFailures: userFailures, firstDelay: firstDelay, maxDelay: maxDelay, entries: map[string]*gateEntry{}}
}

func gatePairKey(name, addr string) string { return "p\x00" + strings.ToLower(name) + "\x00" + addr }
func gateUserKey(name string) string       { return "u\x00" + strings.ToLower(name) }

// waiting reports whether a try for name from addr must wait.
func (g *loginGate) waiting(name, addr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	for _, k := range []string{gatePairKey(name, addr), gateUserKey(name)} {
		if e := g.entries[k]; e != nil && now.Before(e.until) {
			return true
		}
	}
	return false
}

// fail counts a failed try and sets the delays it earns. A try refused
// unchecked because its address was waiting (checked false) lengthens
// that address's delay only: hammering from one machine must not earn
// the name a delay everywhere.
func (g *loginGate) fail(name, addr string, checked bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.bump(gatePairKey(name, addr), g.pairFailures, now)
	if checked {
		g.bump(gateUserKey(name), g.userFailures, now)
	}
	if len(g.entries) > 20000 { // bound memory under a spray of names
		for k, e := range g.entries {
			if now.Sub(e.last) > time.Hour && now.After(e.until) {
				delete(g.entries, k)
			}
		}
	}
}

func (g *loginGate) bump(k string, threshold int, now time.Time) {
	e := g.entries[k]
	if e == nil || now.Sub(e.last) > 24*time.Hour {
		e = &gateEntry{}
		g.entries[k] = e
	}
	e.fails++
	e.last = now
	if over := e.fails - threshold; over >= 0 {
		d := g.firstDelay << min(over, 20)
		if d > g.maxDelay || d <= 0 {
			d = g.maxDelay
		}
		e.until = now.Add(d)
	}
}

// succeed clears the counts of a name after a correct password.
func (g *loginGate) succeed(name, addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.entries, gatePairKey(name, addr))
	delete(g.entries, gateUserKey(name))
}

// forget clears every count of a name (the admin reset its password).
func (g *loginGate) forget(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	p := "p\x00" + strings.ToLower(name) + "\x00"
	for k := range g.entries {
		if k == gateUserKey(name) || strings.HasPrefix(k, p) {
			delete(g.entries, k)
		}
	}
}

// ParseTrustedProxies reads comma-separated CIDRs or addresses
// (--trusted-proxy).
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func trusted(proxies []netip.Prefix, a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address of the client: the connection's, or — when
// the connection comes from a configured trusted proxy — the right-most
// address of X-Forwarded-For that is not itself a trusted proxy. A header
// from anyone else is ignored, so a client cannot choose its address.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil || len(s.opt.TrustedProxies) == 0 || !trusted(s.opt.TrustedProxies, a) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return host // a malformed chain: keep the proxy's address
		}
		if !trusted(s.opt.TrustedProxies, h) {
			return h.Unmap().String()
		}
	}
	return host
}
