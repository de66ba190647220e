package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"jixiao/internal/store"
)

// Hasher hashes passwords with argon2id and verifies them. The parameters
// are stored in each hash (PHC string), so they can be raised later.
type Hasher struct {
	Time, MemoryKiB uint32
	Threads         uint8
	sem             chan struct{}
}

// DefaultHasher uses t=1, m=64 MiB, p=2 (about 170 ms here) and lets at
// most two hashes run at once, so a burst of logins cannot exhaust memory.
func DefaultHasher() *Hasher { return NewHasher(1, 64*1024, 2, 2) }

// NewHasher builds a hasher; concurrent bounds simultaneous hashes.
func NewHasher(t, memKiB uint32, threads uint8, concurrent int) *Hasher {
	return &Hasher{Time: t, MemoryKiB: memKiB, Threads: threads, sem: make(chan struct{}, max(concurrent, 1))}
}

// Hash returns the PHC string of password.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	h.sem <- struct{}{}
	key := argon2.IDKey([]byte(password), salt, h.Time, h.MemoryKiB, h.Threads, 32)
	<-h.sem
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.MemoryKiB, h.Time, h.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches a PHC hash.
func (h *Hasher) Verify(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<21 || t > 16 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 64 {
		return false
	}
	h.sem <- struct{}{}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	<-h.sem
	return subtle.ConstantTimeCompare(got, want) == 1
}

// RandomPassword returns a one-time password of 16 letters and digits.
func RandomPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// limiter counts failed logins per client address in a sliding window.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	hits   map[string][]time.Time
}

func newLimiter(max int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{max: max, window: window, now: now, hits: map[string][]time.Time{}}
}

// blocked reports whether key has used up its failures.
func (l *limiter) blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.prune(key)) >= l.max
}

func (l *limiter) fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits[key] = append(l.prune(key), l.now())
	if len(l.hits) > 10000 { // bound memory under a spray of addresses
		for k := range l.hits {
			if len(l.prune(k)) == 0 {
				delete(l.hits, k)
			}
		}
	}
}

func (l *limiter) prune(key string) []time.Time {
	h := l.hits[key]
	cut := l.now().Add(-l.window)
	i := 0
	for i < len(h) && h[i].Before(cut) {
		i++
	}
	h = h[i:]
	if len(h) == 0 {
		delete(l.hits, key)
		return nil
	}
	l.hits[key] = h
	return h
}

const cookieName = "jixiao_session"

type ctxKey int

const (
	userKey ctxKey = iota
	tokenKey
)

func currentUser(r *http.Request) *store.User {
	u, _ := r.Context().Value(userKey).(*store.User)
	return u
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// session loads the user of the session cookie, ending idle sessions.
func (s *Server) session(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(cookieName)
		if err != nil || c.Value == "" || strings.HasPrefix(r.URL.Path, "/static/") {
			h.ServeHTTP(w, r)
			return
		}
		th := hashToken(c.Value)
		u, created, last, err := s.st.SessionTimes(r.Context(), th)
		now := s.now().Unix()
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.clearCookie(w, r)
		case err != nil:
			s.fail(w, r, err)
			return
		case now-last > int64(s.opt.IdleTimeout/time.Second) || now-created > int64(s.opt.SessionLifetime/time.Second):
			s.st.DeleteSession(r.Context(), th)
			s.clearCookie(w, r)
		default:
			if now-last >= 30 { // write at most twice a minute per session
				if err := s.st.TouchSession(r.Context(), th); err != nil {
					s.log.Warn("touch session", "err", err)
				}
			}
			ctx := context.WithValue(r.Context(), userKey, &u)
			ctx = context.WithValue(ctx, tokenKey, th)
			ctx = store.WithActor(ctx, u.ID) // the trail names who changed what
			r = r.WithContext(ctx)
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, tok string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.opt.SecureCookies || r.TLS != nil})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.opt.SecureCookies || r.TLS != nil})
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
