package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/internal/report/pdf"
	"jixiao/internal/store/storetest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `jixiao serve args…` until the test ends and returns its
// URL and output.
func startServe(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() { done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), &out, &errb) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("server did not stop")
		}
	})
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if u := re.FindString(out.String()); u != "" {
			return u, &out
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s %s", code, out.String(), errb.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start: %s %s", out.String(), errb.String())
	return "", nil
}

func TestServeFirstStartPrintsOneTimePassword(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	u, out := startServe(t, "--db", db)
	m := regexp.MustCompile(`一次性密码 \(one-time password\): (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no one-time password printed: %s", out.String())
	}
	res, err := http.Get(u + "healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, res)
	}
	res.Body.Close()
	// The one-time password logs in and must be changed first.
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", u+"login", strings.NewReader("username=admin&password="+m[1]))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", strings.TrimSuffix(u, "/"))
	res, err = c.Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the one-time password: %v %v", err, res)
	}
	res.Body.Close()
}

func TestServeAdminPasswordFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	var out bytes.Buffer
	if code := serve(context.Background(), []string{"--db", db, "--admin-password", "short"}, &out, io.Discard); code != 2 {
		t.Errorf("short admin password: exit %d", code)
	}
	_, o := startServe(t, "--db", db, "--admin-password", "a-long-admin-pass")
	if strings.Contains(o.String(), "one-time") {
		t.Errorf("printed a one-time password although one was given: %s", o.String())
	}
}

// TestServeSaysWhenPDFIsUnavailable: with a font that is not there the
// server starts and says why PDFs cannot be made; with a usable one it
// names the fonts.
func TestServeSaysWhenPDFIsUnavailable(t *testing.T) {
	t.Cleanup(func() { pdf.UseFonts("", "") })
	_, out := startServe(t, "--db", filepath.Join(t.TempDir(), "j.db"), "--font", "/nowhere/simfang.ttf")
	if !strings.Contains(out.String(), "不能导出 PDF (PDF export unavailable)") || !strings.Contains(out.String(), "/nowhere/simfang.ttf") {
		t.Errorf("no PDF notice: %s", out.String())
	}
	pdf.UseFonts("", "")
	if pdf.Available() == nil {
		_, out = startServe(t, "--db", filepath.Join(t.TempDir(), "k.db"))
		if !strings.Contains(out.String(), "PDF 字体 (fonts): 正文 ") {
			t.Errorf("fonts not named: %s", out.String())
		}
	}
}

func TestServePostgres(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		if d != "postgres" {
			continue
		}
		u, out := startServe(t, "--demo", "--db", storetest.DSN(t, d))
		if !strings.Contains(out.String(), "(postgres)") || strings.Contains(out.String(), "password=") {
			t.Errorf("output: %s", out.String())
		}
		res, err := http.Get(u + "login")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("login page on PostgreSQL: %v %v", err, res)
		}
		res.Body.Close()
	}
}

func TestServeDemo(t *testing.T) {
	_, out := startServe(t, "--demo", "--db", filepath.Join(t.TempDir(), "demo.db"))
	for _, want := range []string{"tianbao", "caizheng", "renshe", "shenhe", "admin", "rucheng", "jihe", "jixiao-demo-2024"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %s:\n%s", want, out.String())
		}
	}
}
