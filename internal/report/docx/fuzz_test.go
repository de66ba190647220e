package docx

import (
	"bytes"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// FuzzReadDOCX feeds arbitrary bytes, starting from a real document, to the
// reader: it must never panic, and gives a report or an error.
func FuzzReadDOCX(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, reporttest.Sample(), eval.Result{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	lim := report.Limits{MaxUpload: 1 << 20, MaxUnzipped: 8 << 20, MaxRows: 2000}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := Read("f.docx", bytes.NewReader(data), int64(len(data)), report.Options{Limits: lim})
		if (imp == nil) == (err == nil) {
			t.Fatalf("imp %v err %v", imp, err)
		}
	})
}

// FuzzParseBody fuzzes the document.xml parser directly, past the zip
// layer, so the fuzzer reaches table and bookmark handling.
func FuzzParseBody(f *testing.F) {
	f.Add(documentXML(mustForm()))
	f.Add(`<w:document><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>三级指标</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`)
	for _, d := range nestedDocuments(reporttest.NationalForm(true)) {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		b, err := parseBody("f", bytes.NewReader([]byte(doc)), report.Limits{MaxRows: 500, MaxCols: 64})
		if err != nil {
			return
		}
		imp, err := fromBody("f", b, report.Options{})
		if (imp == nil) == (err == nil) {
			t.Fatalf("imp %v err %v", imp, err)
		}
	})
}
