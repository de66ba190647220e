package xlsx

import (
	"bytes"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

func roundTrip(t *testing.T, r *eval.Report) *eval.Report {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, eval.Result{}); err != nil {
		t.Fatalf("write: %v", err)
	}
	imp, err := Read("out.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), report.Options{})
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	return imp.Reports[0]
}

func TestRoundTripSample(t *testing.T) {
	r := reporttest.Sample()
	got := roundTrip(t, r)
	for _, d := range reporttest.Diff(r, got) {
		t.Error(d)
	}
}

func TestRoundTripSeeds(t *testing.T) {
	for _, r := range reporttest.Seeds(t) {
		t.Run(r.Project, func(t *testing.T) {
			got := roundTrip(t, r)
			for _, d := range reporttest.Diff(r, got) {
				t.Error(d)
			}
		})
	}
}
