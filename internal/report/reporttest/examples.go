package reporttest

import (
	"bytes"
	"testing"

	"jixiao/examples"
	"jixiao/internal/eval"
	"jixiao/internal/report/plaintext"
)

// Examples reads the project's example reports (examples/rugao-2023.txt,
// the fund center's eight 2023 projects) through the plain-text reader.
func Examples(t testing.TB) []*eval.Report {
	t.Helper()
	data, err := examples.FS.ReadFile("rugao-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := plaintext.Read("rugao-2023.txt", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
