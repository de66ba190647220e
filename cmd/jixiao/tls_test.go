package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeTLS serves HTTPS with --tls-cert/--tls-key: Secure cookies and
// HSTS, no-store on pages.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	writeSelfSigned(t, cert, key)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "j.db"), "--admin-password", "a-long-admin-pass",
			"--tls-cert", cert, "--tls-key", key, "--trusted-proxy", "127.0.0.1"}, &out, &errb)
	}()
	defer func() { cancel(); <-done }()
	re := regexp.MustCompile(`https://127\.0\.0\.1:\d+/`)
	var u string
	for i := 0; i < 600 && u == ""; i++ {
		u = re.FindString(out.String())
		time.Sleep(50 * time.Millisecond)
	}
	if u == "" {
		t.Fatalf("no https URL: %s %s", out.String(), errb.String())
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 10 * time.Second}
	res, err := c.Get(u + "login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age") || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("https login page: %d %v", res.StatusCode, res.Header)
	}
	var code int
	if code = serve(context.Background(), []string{"--db", filepath.Join(dir, "k.db"), "--tls-cert", cert}, &out, &errb); code != 2 {
		t.Errorf("--tls-cert without --tls-key: exit %d", code)
	}
	if code = serve(context.Background(), []string{"--db", filepath.Join(dir, "k.db"), "--trusted-proxy", "not-an-address"}, &out, &errb); code != 2 {
		t.Errorf("bad --trusted-proxy: exit %d", code)
	}
}

func writeSelfSigned(t *testing.T, certFile, keyFile string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jixiao test"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(k)
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
}
