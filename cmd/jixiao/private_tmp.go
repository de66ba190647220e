package main

import (
	"fmt"
	"os"
	"path/filepath"

	"jixiao/internal/store"
)

// privateTmpName is the private temporary directory under the data
// directory: uploads (multipart files, the audit month's rolls with full
// ID numbers), export files and SQLite's temporary files go there, never
// to the shared /tmp.
const privateTmpName = ".jixiao-tmp"

// dataDir is where the server keeps its files: the SQLite file's
// directory, or --data-dir (PostgreSQL: the current directory unless set).
func dataDir(flagDir, dsn string) string {
	if flagDir != "" {
		return flagDir
	}
	if store.IsPostgres(dsn) {
		return "."
	}
	return filepath.Dir(dsn)
}

// usePrivateTmp empties (a run killed mid-upload leaves files behind) and
// creates dir/.jixiao-tmp with mode 0700, and points the process's
// temporary directory at it (TMPDIR for Go's os.TempDir — which the
// multipart parser uses — and for SQLite). Each request removes its own
// files when it ends; this sweep removes what a killed process left. It
// returns how many leftovers it removed and a function restoring the
// previous temporary directory.
func usePrivateTmp(dir string) (int, func(), error) {
	tmp, err := filepath.Abs(filepath.Join(dir, privateTmpName))
	if err != nil {
		return 0, nil, err
	}
	ents, _ := os.ReadDir(tmp)
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(tmp, e.Name())); err != nil {
			return 0, nil, fmt.Errorf("sweep %s: %w", tmp, err)
		}
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return 0, nil, err
	}
	if err := os.Chmod(tmp, 0o700); err != nil {
		return 0, nil, err
	}
	saved := map[string]*string{}
	for _, k := range []string{"TMPDIR", "TMP", "TEMP", "SQLITE_TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			saved[k] = &v
		} else {
			saved[k] = nil
		}
		os.Setenv(k, tmp)
	}
	restore := func() {
		for k, v := range saved {
			if v == nil {
				os.Unsetenv(k)
			} else {
				os.Setenv(k, *v)
			}
		}
	}
	return len(ents), restore, nil
}
