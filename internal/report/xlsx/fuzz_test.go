package xlsx

import (
	"bytes"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// FuzzReadXLSX feeds arbitrary bytes, starting from real workbooks, to the
// reader: it must never panic or hang, and gives a report or an error.
// Crashers found are kept in testdata/fuzz/FuzzReadXLSX.
func FuzzReadXLSX(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, reporttest.Sample(), eval.Result{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	lim := report.Limits{MaxUpload: 1 << 20, MaxUnzipped: 8 << 20, MaxRows: 2000}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := Read("f.xlsx", bytes.NewReader(data), int64(len(data)), report.Options{Limits: lim})
		if (imp == nil) == (err == nil) {
			t.Fatalf("imp %v err %v", imp, err)
		}
	})
}
