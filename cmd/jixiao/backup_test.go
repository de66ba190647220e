package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// TestBackupCommands backs up a database that jixiao serve holds, restores
// the copy into a new database, and is refused over the served one.
func TestBackupCommands(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			db := storetest.DSN(t, d)
			startServe(t, "--db", db, "--admin-password", "a-long-admin-pass")
			out := filepath.Join(t.TempDir(), "b.jxbak")
			var o, e bytes.Buffer
			if code := run([]string{"backup", "--db", db, "--out", out}, nil, &o, &e); code != 0 {
				t.Fatalf("backup: exit %d: %s", code, e.String())
			}
			if !strings.Contains(o.String(), "已备份") {
				t.Errorf("backup output: %s", o.String())
			}
			if _, err := os.Stat(out + ".partial"); err == nil {
				t.Error("partial file left behind")
			}
			o.Reset()
			e.Reset()
			if code := run([]string{"restore", "--from", out, "--db", db, "--force"}, nil, &o, &e); code != 1 || !strings.Contains(e.String(), "in use") {
				t.Errorf("restore over the served database: exit %d: %s", code, e.String())
			}
			dst := storetest.DSN(t, d)
			e.Reset()
			if code := run([]string{"restore", "--from", out, "--db", dst}, nil, &o, &e); code != 0 {
				t.Fatalf("restore: exit %d: %s", code, e.String())
			}
			st, err := project.Open(context.Background(), dst)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.UserByName(context.Background(), "admin"); err != nil {
				t.Errorf("restored database lacks the admin: %v", err)
			}
		})
	}
}

// TestBackupScheduler keeps the newest backups and reports the last one.
func TestBackupScheduler(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	dir := filepath.Join(t.TempDir(), "backups")
	b, err := newBackupScheduler(st, dir, time.Hour, 2, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Last().At.IsZero() {
		t.Error("a last backup before any")
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		b.filename = func(time.Time) string {
			return backupFilePrefix + at.Add(time.Duration(i)*time.Hour).Format("20060102-150405") + backupFileExt
		}
		b.once(context.Background())
	}
	files := b.files()
	if len(files) != 2 || !strings.Contains(files[1], "20260101-020000") {
		t.Errorf("kept %v", files)
	}
	last := b.Last()
	if last.Err != "" || last.Bytes == 0 || filepath.Base(last.File) != files[1] {
		t.Errorf("last = %+v", last)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("backup dir mode: %v %v", info.Mode(), err)
	}
}

// TestTrailVerifyCommand: exit 0 on an untouched database, 1 naming the
// row after an UPDATE through SQL.
func TestTrailVerifyCommand(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			db := storetest.DSN(t, d)
			st, err := project.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			ctx := context.Background()
			for _, name := range []string{"甲", "乙", "丙"} {
				if _, err := st.CreateUnit(ctx, 0, name, store.KindUnit); err != nil {
					t.Fatal(err)
				}
			}
			var o, e bytes.Buffer
			if code := run([]string{"trail", "verify", "--db", db}, nil, &o, &e); code != 0 || !strings.Contains(o.String(), "3 条") {
				t.Fatalf("untouched: exit %d: %s %s", code, o.String(), e.String())
			}
			if d == "sqlite" {
				st.DB().Exec(`DROP TRIGGER events_fixed`)
			}
			if _, err := st.DB().Exec(`UPDATE events SET new_value = 'x' WHERE seq = 2`); err != nil {
				t.Fatal(err)
			}
			o.Reset()
			if code := run([]string{"trail", "verify", "--db", db}, nil, &o, &e); code != 1 || !strings.Contains(o.String(), "seq 2 ") {
				t.Errorf("tampered: exit %d: %s", code, o.String())
			}
		})
	}
}
