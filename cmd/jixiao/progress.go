package main

import (
	"io"
	"path/filepath"
	"sync"

	"jixiao/internal/progress"
)

// fileProgress turns the readers' per-file row counts (file, rows so far)
// into one bar over all the input files: percentage of the estimated rows,
// rate and remaining time on a terminal; nil (silent) otherwise.
type fileProgress struct {
	bar  *progress.Bar
	mu   sync.Mutex
	rows map[string]int64
	sum  int64
}

// terminalProgress returns a bar over the files when stderr is a terminal,
// or nil. Its total is estimated from the CSV files' sizes.
func terminalProgress(stderr io.Writer, paths ...[]string) *fileProgress {
	if !progress.IsTerminal(stderr) {
		return nil
	}
	var all []string
	for _, p := range paths {
		all = append(all, p...)
	}
	return &fileProgress{bar: progress.New(stderr, "读取 (reading)", progress.EstimateRows(all...)), rows: map[string]int64{}}
}

// update is the readers' callback: rows is the count so far in file.
func (p *fileProgress) update(file string, rows int64) {
	p.mu.Lock()
	p.sum += rows - p.rows[file]
	p.rows[file] = rows
	sum := p.sum
	p.mu.Unlock()
	p.bar.Label("读取 (reading) " + filepath.Base(file))
	p.bar.Set(sum)
}

// sequential is a callback for a reader that counts each file from zero
// without naming it: a count smaller than the last starts a new file.
func (p *fileProgress) sequential() func(rows int64) {
	var base, prev int64
	return func(rows int64) {
		p.mu.Lock()
		if rows < prev {
			base += prev
		}
		prev = rows
		sum := base + rows
		p.mu.Unlock()
		p.bar.Set(sum)
	}
}

func (p *fileProgress) done() {
	if p != nil {
		p.bar.Done()
	}
}
