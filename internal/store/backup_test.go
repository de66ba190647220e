package store_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/workflow"
)

func TestBackupRestore(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) { testBackupRestore(t, d) })
	}
}

// backupFixture makes a unit and a filer to save projects with.
func backupFixture(t *testing.T, s *store.Store) (unit, user int64) {
	t.Helper()
	ctx := context.Background()
	unit, err := s.CreateUnit(ctx, 0, "中心", store.KindUnit)
	if err != nil {
		t.Fatal(err)
	}
	user, err = s.CreateUser(ctx, store.User{Username: "f", DisplayName: "填报", Role: workflow.RoleFiler, UnitID: unit, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	return unit, user
}

func backupBytes(t *testing.T, s *store.Store) (*zip.Reader, store.Manifest) {
	t.Helper()
	var buf bytes.Buffer
	m, err := s.Backup(context.Background(), &buf, t.TempDir())
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return zr, m
}

func testBackupRestore(t *testing.T, dialect string) {
	ctx := context.Background()
	s := storetest.Open(t, dialect)
	unit, user := backupFixture(t, s)

	// Savers create projects and edit them while the backup runs; every
	// save acknowledged before the backup starts must be in the copy.
	var (
		mu    sync.Mutex
		acked []string
		seq   atomic.Int64
		stop  = make(chan struct{})
		wg    sync.WaitGroup
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("项目%d", seq.Add(1))
				id, err := s.CreateProject(ctx, store.Project{UnitID: unit, Year: 2024, Name: name}, []store.Indicator{{Level1: "产出指标", Level2: "数量指标", Level3: "人数", Target: "100", Weight: 100}}, user)
				if err != nil {
					t.Errorf("save: %v", err)
					return
				}
				if _, err := s.Edit(ctx, id, 1, user, "header", "", func(sh *store.Sheet) error { sh.Project.Scope = "范围" + name; return nil }); err != nil {
					t.Errorf("edit: %v", err)
					return
				}
				mu.Lock()
				acked = append(acked, name)
				mu.Unlock()
			}
		}()
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 20 {
			break
		}
	}
	mu.Lock()
	before := append([]string(nil), acked...)
	mu.Unlock()
	zr, m := backupBytes(t, s)
	close(stop)
	wg.Wait()

	if m.Dialect != dialect || m.SchemaVersion != store.LatestSchema(dialect) || m.Rows("projects") < int64(len(before)) || m.Rows("units") != 1 {
		t.Fatalf("manifest = %+v", m)
	}
	for _, f := range m.Files {
		if len(f.SHA256) != 64 || f.Bytes == 0 && f.Name == "sqlite/jixiao.db" {
			t.Errorf("file sum %+v", f)
		}
	}

	// Restore into a fresh database: every acknowledged save is there,
	// with its edit.
	dst := storetest.DSN(t, dialect)
	if _, err := store.Restore(ctx, zr, dst, store.RestoreOptions{}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	r, err := project.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ps, err := r.Projects(ctx, store.ProjectFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(ps)) != m.Rows("projects") {
		t.Errorf("restored %d projects, manifest %d", len(ps), m.Rows("projects"))
	}
	got := map[string]string{}
	for _, p := range ps {
		got[p.Name] = p.Scope
	}
	for _, name := range before {
		if got[name] != "范围"+name {
			t.Errorf("acknowledged save %s missing or without its edit after restore (scope %q)", name, got[name])
		}
	}
	// The restored database takes new writes (identities continue).
	if _, err := r.CreateProject(ctx, store.Project{UnitID: unit, Year: 2024, Name: "恢复后新建"}, nil, user); err != nil {
		t.Errorf("write after restore: %v", err)
	}

	// Refusals: a database with data (without --force), a database in use,
	// a newer schema, a damaged file, the other dialect.
	if _, err := store.Restore(ctx, zr, dst, store.RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "force") {
		t.Errorf("restore over data without force: %v", err)
	}
	if err := r.MarkInUse(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(ctx, zr, dst, store.RestoreOptions{Force: true}); !errors.Is(err, store.ErrInUse) {
		t.Errorf("restore over a database in use: %v", err)
	}
	r.Close()
	if _, err := store.Restore(ctx, zr, dst, store.RestoreOptions{Force: true}); err != nil {
		t.Errorf("forced restore once the server stopped: %v", err)
	}

	m2 := m
	m2.SchemaVersion = 9999
	if _, err := store.Restore(ctx, rewrite(t, zr, m2, ""), storetest.DSN(t, dialect), store.RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer schema: %v", err)
	}
	if _, err := store.Restore(ctx, rewrite(t, zr, m, m.Files[len(m.Files)-1].Name), storetest.DSN(t, dialect), store.RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("damaged backup: %v", err)
	}
	other := filepath.Join(t.TempDir(), "x.db")
	if dialect == "sqlite" {
		other = "postgres://nobody@127.0.0.1:1/x"
	}
	if _, err := store.Restore(ctx, zr, other, store.RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "cannot be restored") {
		t.Errorf("other dialect: %v", err)
	}
}

// rewrite copies a backup with a new manifest, flipping a byte of the
// named file when damage is set.
func rewrite(t *testing.T, zr *zip.Reader, m store.Manifest, damage string) *zip.Reader {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name == "manifest.json" {
			continue
		}
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		data := b.Bytes()
		if f.Name == damage && len(data) > 0 {
			data[len(data)/2] ^= 1
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	w, _ := zw.Create("manifest.json")
	fmt.Fprintf(w, "%s", mustJSON(t, m))
	zw.Close()
	r, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustJSON(t *testing.T, m store.Manifest) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
