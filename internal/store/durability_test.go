package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"jixiao/internal/project"
	"jixiao/internal/store"
)

// TestDurability: every SQLite connection runs synchronous=FULL (2), and
// a process killed (SIGKILL) in the middle of a stream of saves loses none
// that it acknowledged. A power cut cannot be simulated here; FULL makes
// each commit wait for the write-ahead log's fsync, which is what a power
// cut needs (docs/operations.md).
func TestDurability(t *testing.T) {
	if db := os.Getenv("JIXIAO_CHILD_SAVER"); db != "" {
		ctx := context.Background()
		s, err := project.Open(ctx, db)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		unit, _ := s.CreateUnit(ctx, 0, "中心", store.KindUnit)
		for i := 0; ; i++ {
			name := fmt.Sprintf("项目%d", i)
			if _, err := s.CreateProject(ctx, store.Project{UnitID: unit, Year: 2024, Name: name}, nil, 0); err != nil {
				fmt.Println("error", err)
				os.Exit(1)
			}
			fmt.Println(name) // acknowledged
		}
	}
	db := filepath.Join(t.TempDir(), "d.db")
	s, err := project.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ { // several pooled connections
		var sync int
		if err := s.DB().QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
			t.Errorf("synchronous = %d %v, want 2 (FULL)", sync, err)
		}
	}
	s.Close()

	child := exec.Command(os.Args[0], "-test.run=^TestDurability$")
	child.Env = append(os.Environ(), "JIXIAO_CHILD_SAVER="+db)
	out, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 200 {
		acked = append(acked, sc.Text())
	}
	child.Process.Kill()
	child.Wait()
	if len(acked) < 200 {
		t.Fatalf("child acknowledged only %d saves: %v", len(acked), acked)
	}
	r, err := project.Open(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer r.Close()
	ps, err := r.Projects(context.Background(), store.ProjectFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, p := range ps {
		have[p.Name] = true
	}
	for _, name := range acked {
		if !have[name] {
			t.Errorf("acknowledged save %s lost after the kill", name)
		}
	}
	if c, err := r.VerifyTrail(context.Background()); err != nil || !c.OK {
		t.Errorf("trail after the kill: %+v %v", c, err)
	}
}
