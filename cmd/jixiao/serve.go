package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/web"
	"jixiao/internal/workflow"
)

// runServe starts the web application: `jixiao serve [flags]`. It stops
// on SIGINT or SIGTERM.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve runs the server until ctx ends.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	messagesLang(fs)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址 (listen address)")
	dbFlag := fs.String("db", os.Getenv("JIXIAO_DB"), "数据库：SQLite 文件路径或 postgres://… (database: SQLite file or PostgreSQL URL; env JIXIAO_DB; default jixiao.db, or a fresh temporary file with --demo)")
	withDemo := fs.Bool("demo", false, "载入演示数据和演示用户 (load demo data and demo users)")
	adminUser := fs.String("admin-user", "admin", "首次启动时创建的管理员用户名 (admin created on first start)")
	adminPass := fs.String("admin-password", os.Getenv("JIXIAO_ADMIN_PASSWORD"), "首次启动时管理员密码；为空则生成一次性密码 (first admin's password; empty: print a one-time password; env JIXIAO_ADMIN_PASSWORD)")
	org := fs.String("org", "财政局", "首次启动时的根单位名称 (root unit created on first start)")
	secure := fs.Bool("secure-cookies", false, "会话 Cookie 加 Secure（经 HTTPS 反向代理时） (mark cookies Secure behind a TLS proxy)")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "会话空闲超时 (session idle timeout)")
	trusted := fs.String("trusted-origins", "", "允许提交表单的外部来源，逗号分隔 (extra origins allowed to POST, comma-separated)")
	lifetime := fs.Duration("session-lifetime", 12*time.Hour, "会话最长有效期（不论是否活动） (absolute session lifetime)")
	proxies := fs.String("trusted-proxy", "", "受信任的反向代理地址或网段，逗号分隔；仅其 X-Forwarded-For 被采信 (trusted reverse proxies, CIDRs; only their X-Forwarded-For is believed)")
	tlsCert := fs.String("tls-cert", "", "TLS 证书文件（PEM）；与 --tls-key 一起直接提供 HTTPS (TLS certificate, PEM: serve HTTPS directly)")
	tlsKey := fs.String("tls-key", "", "TLS 私钥文件（PEM） (TLS private key, PEM)")
	dataFlag := fs.String("data-dir", "", "数据目录：上传与导出的临时文件在其下的私有目录（0700），启动时清理；默认为 SQLite 文件所在目录 (data directory: temporary uploads and exports go to a private 0700 directory under it, swept at start; default: the SQLite file's directory)")
	backupDir := fs.String("backup-dir", "", "定时备份目录；为空则不定时备份 (directory for scheduled backups; empty: none)")
	backupEvery := fs.Duration("backup-every", 24*time.Hour, "定时备份间隔 (interval between scheduled backups)")
	backupKeep := fs.Int("backup-keep", 14, "保留最近几份备份 (scheduled backups to keep)")
	applyFonts := fontFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	applyFonts()
	dsn := *dbFlag
	if dsn == "" {
		if *withDemo {
			dir, err := os.MkdirTemp("", "jixiao-demo-")
			if err != nil {
				fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
				return 1
			}
			dsn = filepath.Join(dir, "demo.db")
		} else {
			dsn = "jixiao.db"
		}
	}
	swept, restoreTmp, err := usePrivateTmp(dataDir(*dataFlag, dsn))
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: temporary directory: %v\n", err)
		return 1
	}
	defer restoreTmp()
	if swept > 0 {
		fmt.Fprintf(stdout, "已清除上次遗留的临时文件 %d 个 (removed %d temporary files left by an interrupted run)\n", swept, swept)
	}
	st, err := project.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return 1
	}
	defer st.Close()
	if err := st.MarkInUse(ctx); err != nil { // jixiao restore refuses a database in use
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return 1
	}
	clock := time.Now
	if *withDemo {
		// the demo has its own today (demo.Today): deadlines, overdue
		// counts and the trail follow it, and the header shows it
		clock = demo.Clock(time.Now())
		st.Now = clock
	}
	hasher := web.DefaultHasher()
	n, err := st.CountUsers(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return 1
	}
	var logins []demo.Login
	switch {
	case *withDemo && n == 0:
		fmt.Fprintln(stdout, "正在载入演示数据 (loading demo data)…")
		if logins, err = demo.Load(ctx, st, hasher.Hash); err != nil {
			fmt.Fprintf(stderr, "jixiao serve: demo: %v\n", err)
			return 1
		}
	case *withDemo:
		if _, err := st.UserByName(ctx, "tianbao"); err != nil {
			fmt.Fprintln(stderr, "jixiao serve: --demo needs an empty database or one with the demo loaded")
			return 1
		}
		logins = demoLogins()
	case n == 0:
		if code := firstAdmin(ctx, st, hasher, *org, *adminUser, *adminPass, stdout, stderr); code != 0 {
			return code
		}
	}
	var origins []string
	for _, o := range strings.Split(*trusted, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	trustedProxies, err := web.ParseTrustedProxies(*proxies)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: --trusted-proxy: %v\n", err)
		return 2
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		fmt.Fprintln(stderr, "jixiao serve: --tls-cert and --tls-key go together")
		return 2
	}
	opt := web.Options{IdleTimeout: *idle, SessionLifetime: *lifetime, SecureCookies: *secure || *tlsCert != "", Hasher: hasher, TrustedOrigins: origins,
		TrustedProxies: trustedProxies, Logger: slog.New(slog.NewTextHandler(stderr, nil)), Now: clock, DemoDate: *withDemo}
	var backups *backupScheduler
	if *backupDir != "" {
		if *backupEvery < time.Minute {
			fmt.Fprintln(stderr, "jixiao serve: --backup-every must be at least 1m")
			return 2
		}
		if backups, err = newBackupScheduler(st, *backupDir, *backupEvery, *backupKeep, stderr); err != nil {
			fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
			return 1
		}
		opt.LastBackup = backups.Last
	}
	srv, err := web.New(st, opt)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return 1
	}
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String() + "/"
	reportFonts(stdout)
	fmt.Fprintf(stdout, "jixiao 已启动 (serving) %s  数据库 (database): %s (%s)\n", url, redactDSN(dsn), st.Dialect())
	if len(logins) > 0 {
		fmt.Fprintf(stdout, "演示账户 (demo logins), 密码 (password) %q:\n", demo.Password)
		for _, l := range logins {
			fmt.Fprintf(stdout, "  %-9s %-8s %-10s %s\n", l.Username, l.Name, l.Role, l.Unit)
		}
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			hs.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			errc <- hs.ServeTLS(ln, *tlsCert, *tlsKey)
			return
		}
		errc <- hs.Serve(ln)
	}()
	go sweepSessions(ctx, st, *idle, clock, stderr)
	if backups != nil {
		go backups.run(ctx)
	}
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	return 0
}

// sweepSessions deletes idle sessions every few minutes until ctx ends;
// the session check refuses them anyway, this keeps the table small.
func sweepSessions(ctx context.Context, st *store.Store, idle time.Duration, now func() time.Time, stderr io.Writer) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := st.DeleteIdleSessions(ctx, now().Add(-idle).Unix()); err != nil && ctx.Err() == nil {
				fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
			}
		}
	}
}

func demoLogins() []demo.Login {
	return []demo.Login{
		{Username: "tianbao", Name: "张敏", Role: workflow.RoleFiler, Unit: demo.Center},
		{Username: "shenhe", Name: "李强", Role: workflow.RoleUnitApprover, Unit: demo.Center},
		{Username: "renshe", Name: "王芳", Role: workflow.RoleDeptReviewer, Unit: demo.Dept},
		{Username: "caizheng", Name: "陈刚", Role: workflow.RoleFinance, Unit: demo.Finance},
		{Username: "admin", Name: "系统管理员", Role: workflow.RoleAdmin, Unit: demo.Finance},
		{Username: "rucheng", Name: "周丽", Role: workflow.RoleTownClerk, Unit: "如城街道"},
		{Username: "jihe", Name: "吴涛", Role: workflow.RoleAuditor, Unit: demo.Center},
		{Username: "jiuye", Name: "赵磊", Role: workflow.RoleFiler, Unit: demo.Jobs},
	}
}

// firstAdmin creates the root unit and the administrator of a new
// installation, with the given password or a printed one-time password
// that must be changed at first login. There is never a fixed default.
func firstAdmin(ctx context.Context, st *store.Store, h *web.Hasher, org, user, pass string, stdout, stderr io.Writer) int {
	oneTime := pass == ""
	if oneTime {
		pass = web.RandomPassword()
	} else if len([]rune(pass)) < 10 {
		fmt.Fprintln(stderr, "jixiao serve: --admin-password must have at least 10 characters")
		return 2
	}
	unit, err := st.CreateUnit(ctx, 0, org, store.KindFinance)
	if err == nil {
		var hash string
		if hash, err = h.Hash(pass); err == nil {
			_, err = st.CreateUser(ctx, store.User{Username: user, DisplayName: "管理员", Role: workflow.RoleAdmin, UnitID: unit, PasswordHash: hash, MustChange: oneTime})
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: first admin: %v\n", err)
		return 1
	}
	if oneTime {
		fmt.Fprintf(stdout, "已创建管理员 (admin created): %s  一次性密码 (one-time password): %s  — 首次登录须修改 (change it at first login)\n", user, pass)
	} else {
		fmt.Fprintf(stdout, "已创建管理员 (admin created): %s\n", user)
	}
	return 0
}

func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.LastIndex(dsn, "@"); j > i {
			if k := strings.Index(dsn[i+3:j], ":"); k >= 0 {
				return dsn[:i+3+k] + ":***" + dsn[j:]
			}
		}
	}
	return dsn
}
