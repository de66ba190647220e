package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

func docxWith(t *testing.T, document string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(document))
	zw.Close()
	return buf.Bytes()
}

const ns = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`

func tc(text string, props string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:tc>`
}

func tr(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }

// TestForeignTable reads a unit's own Word table: repeated names in
// 一级/二级, a combined header, narrative by headings.
func TestForeignTable(t *testing.T) {
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	doc := ns + p("2023 年项目支出绩效自我评价情况表") + p("填报单位：某中心") + p("项目名称：印刷费用") +
		p("一、项目概况") + p("项目的立项依据。依据文件。") + p("二、评价情况") + p("（一）项目绩效总目标：保障业务。") +
		p("（三）评价结论：自我评价得分99分，评价等级为优。") + p("四、存在问题") + p("无") +
		"<w:tbl>" +
		tr(tc("一级指标", ""), tc("二级指标", ""), tc("三级指标", ""), tc("年初指标值", ""), tc("实际完成值", ""), tc("权重", ""), tc("得分", ""), tc("偏差原因分析及改进措施", "")) +
		tr(tc("产出指标", `<w:vMerge w:val="restart"/>`), tc("数量指标", ""), tc("印刷份数", ""), tc("≥5000份", ""), tc("5200份", ""), tc("50", ""), tc("50", ""), tc("", "")) +
		tr(tc("", `<w:vMerge/>`), tc("质量指标", ""), tc("合格率", ""), tc("100%", ""), tc("99%", ""), tc("50", ""), tc("49", ""), tc("少量返工", "")) +
		tr(tc("合计", `<w:gridSpan w:val="5"/>`), tc("100", ""), tc("99", ""), tc("", "")) +
		"</w:tbl></w:body></w:document>"
	b := docxWith(t, doc)
	imp, err := Read("unit.docx", bytes.NewReader(b), int64(len(b)), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := imp.Reports[0]
	if r.Unit != "某中心" || r.Project != "印刷费用" || r.Year != 2023 {
		t.Errorf("fields %q %q %d", r.Unit, r.Project, r.Year)
	}
	if len(r.Sheet.Rows) != 2 || r.Sheet.Rows[1].Level1 != "产出指标" || r.Sheet.Rows[1].Basis != "少量返工" {
		t.Errorf("rows %+v", r.Sheet.Rows)
	}
	if r.Sheet.Total == nil || r.Sheet.Total.Score.String() != "99" {
		t.Errorf("total %+v", r.Sheet.Total)
	}
	n := r.Narrative
	if n.Basis.Text != "依据文件。" || n.Goal.Text != "保障业务。" || n.Problems.Text != "无" || !strings.Contains(n.Conclusion.Text, "99分") {
		t.Errorf("narrative basis %q goal %q problems %q conclusion %q", n.Basis.Text, n.Goal.Text, n.Problems.Text, n.Conclusion.Text)
	}
}

func TestBadDocuments(t *testing.T) {
	good := write(t, reporttest.Sample())
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("hello"), "zip"},
		{"truncated", good[:len(good)/3], "zip"},
		{"no document.xml", docxWithName(t, "word/other.xml", "x"), "document.xml"},
		{"broken xml", docxWith(t, ns+"<w:p><w:r><w:t>abc</w:p>"), "XML"},
		{"no table", docxWith(t, ns+"<w:p><w:r><w:t>只有文字</w:t></w:r></w:p></w:body></w:document>"), "三级指标"},
		{"huge gridSpan", docxWith(t, ns+"<w:tbl>"+tr(tc("x", `<w:gridSpan w:val="100000000"/>`))+"</w:tbl></w:body></w:document>"), "gridSpan"},
		{"text in weight", docxWith(t, ns+"<w:tbl>"+tr(tc("三级指标", ""), tc("权重", ""))+tr(tc("甲", ""), tc("很多", ""))+"</w:tbl></w:body></w:document>"), "表格 1: 第 2 行 (row 2): B 列 (权重)"},
		{"deep nesting", docxWith(t, ns+strings.Repeat("<w:p>", 100)), "嵌套"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read("bad.docx", bytes.NewReader(c.data), int64(len(c.data)), report.Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want error with %q, got %v", c.want, err)
			}
		})
	}
	// Two candidate tables: a clear choice.
	table := "<w:tbl>" + tr(tc("三级指标", ""), tc("权重", "")) + tr(tc("甲", ""), tc("100", "")) + "</w:tbl>"
	two := docxWith(t, ns+table+table+"</w:body></w:document>")
	_, err := Read("two.docx", bytes.NewReader(two), int64(len(two)), report.Options{})
	var amb *report.AmbiguousError
	if !errors.As(err, &amb) || strings.Join(amb.Candidates, ",") != "表格 1,表格 2" {
		t.Fatalf("want a choice of 表格 1 and 表格 2, got %v", err)
	}
	if _, err := Read("two.docx", bytes.NewReader(two), int64(len(two)), report.Options{Sheet: "表格 2"}); err != nil {
		t.Fatal(err)
	}
}

func docxWithName(t *testing.T, name, body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte(body))
	zw.Close()
	return buf.Bytes()
}
