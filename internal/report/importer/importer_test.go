package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/testenv"
)

func TestReadByContent(t *testing.T) {
	r := reporttest.Sample()
	var x, d bytes.Buffer
	if err := xlsx.Write(&x, r, eval.Result{}); err != nil {
		t.Fatal(err)
	}
	if err := docx.Write(&d, r, eval.Result{}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want Kind
	}{
		{"a.xlsx", x.Bytes(), KindXLSX},
		{"upload.bin", x.Bytes(), KindXLSX}, // content decides, not the name
		{"a.docx", d.Bytes(), KindDOCX},
		{"a.txt", []byte("评价指标\t\t\t年初指标值"), KindText},
	}
	for _, c := range cases {
		k, err := Sniff(c.name, bytes.NewReader(c.data), int64(len(c.data)))
		if err != nil || k != c.want {
			t.Errorf("%s: %v %v", c.name, k, err)
		}
	}
	for _, c := range cases[:3] {
		imp, err := Read(c.name, bytes.NewReader(c.data), int64(len(c.data)), report.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, diff := range reporttest.Diff(r, imp.Reports[0]) {
			t.Errorf("%s: %s", c.name, diff)
		}
	}
}

func TestRejects(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, ".xls"},
		{"fake.xlsx", []byte("hello"), "不是 zip"},
		{"other.zip", zipBytes(t), "既不是"},
	}
	for _, c := range cases {
		_, err := Read(c.name, bytes.NewReader(c.data), int64(len(c.data)), report.Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: want %q, got %v", c.name, c.want, err)
		}
	}
	big := make([]byte, 2048)
	if _, err := Read("big.txt", bytes.NewReader(big), int64(len(big)), report.Options{Limits: report.Limits{MaxUpload: 1024}}); err == nil {
		t.Error("upload limit not enforced")
	}
}

func zipBytes(t *testing.T) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "other.zip"))
	if err == nil {
		return b
	}
	return []byte("PK\x05\x06" + strings.Repeat("\x00", 18)) // an empty zip
}

func TestSeedsThroughImporter(t *testing.T) {
	seeds := reporttest.Seeds(t)
	data, err := os.ReadFile(testenv.Seed(t))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Read("seed.txt", bytes.NewReader(data), int64(len(data)), report.Options{})
	if err != nil || len(imp.Reports) != len(seeds) {
		t.Fatalf("%v, %d reports", err, len(imp.Reports))
	}
}
