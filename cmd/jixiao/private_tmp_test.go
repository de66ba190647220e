package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/web"
	"jixiao/internal/workflow"
)

// TestKilledUploadLeavesNothing kills (SIGKILL) a server in the middle of
// a 60 MB audit upload: the part already received sits in the private
// temporary directory under the data directory (mode 0700), not in /tmp,
// and the next start removes it.
func TestKilledUploadLeavesNothing(t *testing.T) {
	if args := os.Getenv("JIXIAO_CHILD_SERVE"); args != "" {
		os.Exit(run(strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr))
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ctx := context.Background()
	st, err := project.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	unit, _ := st.CreateUnit(ctx, 0, "中心", store.KindUnit)
	h, _ := web.NewHasher(1, 1024, 1, 1).Hash("auditor-pass-1")
	if _, err := st.CreateUser(ctx, store.User{Username: "jihe", DisplayName: "稽核", Role: workflow.RoleAuditor, UnitID: unit, PasswordHash: h}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	child := exec.Command(os.Args[0], "-test.run=^TestKilledUploadLeavesNothing$")
	child.Env = append(os.Environ(), "JIXIAO_CHILD_SERVE="+strings.Join([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--admin-password", "a-long-admin-pass"}, "\n"))
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	u := ""
	sc := bufio.NewScanner(out)
	for u == "" && sc.Scan() {
		u = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(sc.Text())
	}
	if u == "" {
		t.Fatal("child server did not start")
	}
	go io.Copy(io.Discard, out)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", u+"login", strings.NewReader(url.Values{"username": {"jihe"}, "password": {"auditor-pass-1"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", strings.TrimSuffix(u, "/"))
	res, err := c.Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %v %v", err, res)
	}
	res.Body.Close()

	// Stream 60 MB of roll (more than the 32 MB kept in memory) and stop
	// sending before the end: the server holds the rest on disk.
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("as_of", "2024-06")
		f, _ := mw.CreateFormFile("roll", "名册.csv")
		line := []byte("320682195001010017,张三,如城街道,居保,23500\n")
		for n := 0; n < 60<<20; n += len(line) {
			if _, err := f.Write(line); err != nil {
				return
			}
		}
		// never closes: the upload is still running when the server dies
	}()
	req, _ = http.NewRequest("POST", u+"audit/runs", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", strings.TrimSuffix(u, "/"))
	go c.Do(req)
	private := filepath.Join(dir, privateTmpName)
	deadline := time.Now().Add(90 * time.Second)
	var left []string
	for time.Now().Before(deadline) {
		left = bigFiles(private, 33<<20)
		if len(left) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(left) == 0 {
		t.Fatalf("the upload never reached the private directory %s", private)
	}
	if info, err := os.Stat(private); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("private directory mode %v %v", info.Mode(), err)
	}
	child.Process.Kill()
	child.Wait()
	pw.CloseWithError(fmt.Errorf("server killed"))
	if len(bigFiles(private, 1)) == 0 {
		t.Fatal("nothing left after the kill: the test proves nothing")
	}

	// The next start sweeps it.
	_, o := startServe(t, "--db", db)
	if ents, _ := os.ReadDir(private); len(ents) != 0 {
		t.Errorf("after restart %s still holds %d entries", private, len(ents))
	}
	if !strings.Contains(o.String(), "removed") {
		t.Errorf("the sweep was not reported: %s", o.String())
	}
}

// bigFiles lists the files under dir of at least min bytes.
func bigFiles(dir string, min int64) []string {
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && info.Size() >= min {
			out = append(out, p)
		}
		return nil
	})
	return out
}
