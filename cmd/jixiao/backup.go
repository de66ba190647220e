package main

import (
	"archive/zip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/web"
)

// runBackup writes a consistent copy of a database while it is in use:
// `jixiao backup --db FILE|postgres://… --out FILE`.
func runBackup(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	messagesLang(fs)
	fs.SetOutput(stderr)
	dbFlag := fs.String("db", os.Getenv("JIXIAO_DB"), "数据库：SQLite 文件或 postgres://… (database; env JIXIAO_DB)")
	out := fs.String("out", "", "备份文件 (backup file to write)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *dbFlag == "" || *out == "" {
		fmt.Fprintln(stderr, "用法 (usage): jixiao backup --db FILE|postgres://… --out FILE")
		return 2
	}
	ctx := context.Background()
	st, err := project.Open(ctx, *dbFlag)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao backup: %v\n", err)
		return 1
	}
	defer st.Close()
	start := time.Now()
	m, size, err := writeBackup(ctx, st, *out)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao backup: %v\n", err)
		return 1
	}
	var rows int64
	for _, t := range m.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "已备份 (backed up) %s → %s: %d 张表 (tables), %d 行 (rows), %d 字节 (bytes), 版本 (schema) %d, %.1f s\n",
		redactDSN(*dbFlag), *out, len(m.Tables), rows, size, m.SchemaVersion, time.Since(start).Seconds())
	return 0
}

// writeBackup writes the backup beside out and renames it into place once
// it is complete and synced, so out is never a half-written file.
func writeBackup(ctx context.Context, st *store.Store, out string) (store.Manifest, int64, error) {
	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return store.Manifest{}, 0, err
	}
	defer os.Remove(tmp)
	m, err := st.Backup(ctx, f, filepath.Dir(out))
	if err == nil {
		err = f.Sync()
	}
	var size int64
	if fi, e := f.Stat(); e == nil {
		size = fi.Size()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return m, 0, err
	}
	return m, size, os.Rename(tmp, out)
}

// runRestore replaces a database with a backup:
// `jixiao restore --from FILE --db FILE|postgres://… [--force]`.
func runRestore(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	messagesLang(fs)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "备份文件 (backup file)")
	dbFlag := fs.String("db", "", "恢复到的数据库 (database to restore into)")
	force := fs.Bool("force", false, "覆盖已有数据，或恢复较新版本的备份 (replace existing data, or restore a newer schema)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *from == "" || *dbFlag == "" {
		fmt.Fprintln(stderr, "用法 (usage): jixiao restore --from FILE --db FILE|postgres://… [--force]")
		return 2
	}
	zr, err := zip.OpenReader(*from)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao restore: %s: %v\n", *from, err)
		return 1
	}
	defer zr.Close()
	m, err := store.Restore(context.Background(), &zr.Reader, *dbFlag, store.RestoreOptions{Force: *force})
	if err != nil {
		fmt.Fprintf(stderr, "jixiao restore: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "已恢复 (restored) %s → %s: 备份时间 (taken) %s, 版本 (schema) %d, %d 张表 (tables), 校验一致 (checksums and row counts match)\n",
		*from, redactDSN(*dbFlag), m.CreatedAt, m.SchemaVersion, len(m.Tables))
	return 0
}

// backupFilePrefix and backupFileExt name the scheduled backups.
const (
	backupFilePrefix = "jixiao-"
	backupFileExt    = ".jxbak"
)

// backupScheduler makes a backup every interval into dir and keeps the
// newest keep files; the admin page reads its last result.
type backupScheduler struct {
	st       *store.Store
	dir      string
	every    time.Duration
	keep     int
	mu       sync.Mutex
	last     web.BackupInfo
	stderr   io.Writer
	filename func(time.Time) string
}

func newBackupScheduler(st *store.Store, dir string, every time.Duration, keep int, stderr io.Writer) (*backupScheduler, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("backup dir: %w", err)
	}
	b := &backupScheduler{st: st, dir: dir, every: every, keep: max(keep, 1), stderr: stderr,
		filename: func(t time.Time) string { return backupFilePrefix + t.Format("20060102-150405") + backupFileExt }}
	// The newest existing backup is the last one until the next runs.
	if files := b.files(); len(files) > 0 {
		p := filepath.Join(dir, files[len(files)-1])
		if fi, err := os.Stat(p); err == nil {
			b.last = web.BackupInfo{At: fi.ModTime(), File: p, Bytes: fi.Size()}
		}
	}
	return b, nil
}

// Last reports the last backup.
func (b *backupScheduler) Last() web.BackupInfo {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last
}

func (b *backupScheduler) files() []string {
	ents, _ := os.ReadDir(b.dir)
	var out []string
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, backupFilePrefix) && strings.HasSuffix(n, backupFileExt) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// once makes one backup and drops the oldest beyond keep.
func (b *backupScheduler) once(ctx context.Context) {
	start := time.Now()
	p := filepath.Join(b.dir, b.filename(start))
	_, size, err := writeBackup(ctx, b.st, p)
	info := web.BackupInfo{At: start, File: p, Bytes: size, Took: time.Since(start)}
	if err != nil {
		info = b.Last()
		info.Err = err.Error()
		info.ErrAt = start
		fmt.Fprintf(b.stderr, "jixiao serve: backup: %v\n", err)
	} else {
		files := b.files()
		for len(files) > b.keep {
			os.Remove(filepath.Join(b.dir, files[0]))
			files = files[1:]
		}
	}
	b.mu.Lock()
	b.last = info
	b.mu.Unlock()
}

// run backs up every interval until ctx ends.
func (b *backupScheduler) run(ctx context.Context) {
	t := time.NewTicker(b.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.once(ctx)
		}
	}
}
