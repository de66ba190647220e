package reporttest

import (
	"fmt"
	"html"
	"strings"
)

// FormSpec is a self-evaluation form as a grid of cell texts with merged
// ranges, independent of the file format: tests write it as .xlsx (excelize)
// or .docx (a w:tbl with gridSpan and vMerge) and read it back. The forms
// follow the published templates: the national 附件1 项目支出绩效自评表 of
// 财预〔2020〕10号 and the provincial variants (see docs/documents.md).
type FormSpec struct {
	Name   string
	Cells  [][]string
	Merges []Span
	// Titles is how many rows above the table a Word document prints as
	// paragraphs (附件1, the title, the year line).
	Titles int
	// Below is how many rows at the end are paragraphs below the table
	// (填表人, 联系电话 …).
	Below int
	// Percent marks cells holding "86.2%" that a spreadsheet stores as the
	// ratio 0.862 in a %-formatted cell.
	Percent map[[2]int]bool
	// Planted are the checks a form with planted errors must raise; empty
	// for a clean form, which must raise no error at all.
	Planted []string
}

// Span is a merged range, 0-based and inclusive.
type Span struct{ Top, Left, Bottom, Right int }

// Width is the number of grid columns.
func (f *FormSpec) Width() int {
	w := 0
	for _, r := range f.Cells {
		w = max(w, len(r))
	}
	for _, m := range f.Merges {
		w = max(w, m.Right+1)
	}
	return w
}

// formBuilder lays out rows on a fixed number of columns: each call adds a
// row of (text, span) pairs.
type formBuilder struct {
	f    *FormSpec
	cols int
	// down holds vertical merges still open, by column: the row they began.
	down map[int]int
}

func newForm(name string, cols int) *formBuilder {
	return &formBuilder{f: &FormSpec{Name: name, Percent: map[[2]int]bool{}}, cols: cols, down: map[int]int{}}
}

// cell is one cell of a row: text, columns spanned (0 or 1 means one).
type cell struct {
	text string
	span int
}

func c(text string) cell             { return cell{text, 1} }
func cs(text string, n int) cell     { return cell{text, n} }
func num(v string) cell              { return cell{v, 1} }
func pct(v string) cell              { return cell{v + "%", -1} }
func (b *formBuilder) row() int      { return len(b.f.Cells) }
func (b *formBuilder) line(s string) { b.add(cs(s, b.cols)) }

// add appends a row; a cell's span merges it across columns.
func (b *formBuilder) add(cells ...cell) {
	r := b.row()
	row := make([]string, b.cols)
	col := 0
	for _, x := range cells {
		for col < b.cols && b.covered(r, col) {
			col++
		}
		if col >= b.cols {
			break
		}
		n := x.span
		if n < 1 {
			n = 1
			b.f.Percent[[2]int{r, col}] = true
		}
		row[col] = x.text
		if n > 1 {
			b.f.Merges = append(b.f.Merges, Span{r, col, r, col + n - 1})
		}
		col += n
	}
	b.f.Cells = append(b.f.Cells, row)
}

// covered reports a cell inside a vertical merge begun above.
func (b *formBuilder) covered(r, col int) bool {
	for _, m := range b.f.Merges {
		if m.Top < r && m.Bottom >= r && col >= m.Left && col <= m.Right {
			return true
		}
	}
	return false
}

// mergeDown merges rows top..bottom of columns left..right.
func (b *formBuilder) mergeDown(top, bottom, left, right int) {
	if bottom <= top && left == right {
		return
	}
	// Drop a one-row horizontal merge the vertical one replaces.
	out := b.f.Merges[:0]
	for _, m := range b.f.Merges {
		if !(m.Top == top && m.Bottom == top && m.Left == left) {
			out = append(out, m)
		}
	}
	b.f.Merges = append(out, Span{top, left, bottom, right})
}

// NationalIndicator is one 三级 row of a test form.
type NationalIndicator struct {
	L1, L2, L3, Target, Actual, Weight, Score, Reason string
}

// NationalForm is the 附件1 项目支出绩效自评表 filled in: ten columns, the
// funds block (分值 10), 年度总体目标, 绩效指标 merged down column A, 一级 and
// 二级 merged down theirs, unfilled template lines ("指标2", "……"), 总分,
// and the signature line below. planted plants errors: a printed 执行率
// that disagrees with its amounts, a funds 得分 above the rule, a wrong
// indicator score, 其中 rows that do not add up and a wrong 总分.
func NationalForm(planted bool) *FormSpec {
	b := newForm("自评表", 10)
	b.line("附件1")
	b.line("项目支出绩效自评表")
	b.line("（2023年度）")
	b.f.Titles = 3
	b.add(c("项目名称"), cs("51068223T000001234567-被征地农民基本生活保障资金", 9))
	b.add(c("主管部门"), cs("如皋市人力资源和社会保障局", 4), c("实施单位"), cs("如皋市被征地农民基本生活保障资金管理中心", 4))
	top := b.row()
	b.mergeDown(top, top+4, 0, 0)
	rate, score, carry, local := "86.2", "8.62", "", "43.2"
	if planted {
		rate, score, carry, local = "96", "10", "3", "41"
	}
	b.add(c("项目资金（万元）"), cs("", 2), c("年初预算数"), c("全年预算数"), c("全年执行数"), c("分值"), c("执行率"), cs("得分", 2))
	b.add(cs("年度资金总额", 2), num("43.2"), num("43.2"), num("37.24"), num("10"), pct(rate), cs(score, 2))
	b.add(cs("其中：当年财政拨款", 2), num(local), num(local), num("37.24"), c("—"), c(""), cs("—", 2))
	b.add(cs("上年结转资金", 2), num(carry), num(carry), c(""), c("—"), c(""), cs("—", 2))
	b.add(cs("其他资金", 2), c(""), c(""), c(""), c("—"), c(""), cs("—", 2))
	gt := b.row()
	b.mergeDown(gt, gt+1, 0, 0)
	b.add(c("年度总体目标"), cs("预期目标", 4), cs("实际完成情况", 5))
	b.add(cs("按时足额发放被征地农民基本生活保障金，保障参保人员基本生活。", 4), cs("全年发放保障金 37.24 万元，尾款因结算延后未付。", 5))
	inds := NationalIndicators(planted)
	ht := b.row()
	b.mergeDown(ht, ht+len(inds), 0, 0)
	b.add(c("绩效指标"), c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"), c("实际完成值"), c("分值"), c("得分"), cs("偏差原因分析及改进措施", 2))
	start := b.row()
	for _, in := range inds {
		b.add(c(in.L1), c(in.L2), c(in.L3), c(in.Target), c(in.Actual), num(in.Weight), num(in.Score), cs(in.Reason, 2))
	}
	// 一级 and 二级 merged down over their rows, as the template ships.
	for _, lv := range []int{0, 1} {
		for i := 0; i < len(inds); {
			j := i
			for j+1 < len(inds) && inds[j+1].L1 == inds[i].L1 && (lv == 0 || inds[j+1].L2 == inds[i].L2) {
				j++
			}
			if j > i {
				b.mergeDown(start+i, start+j, lv+1, lv+1)
				for k := i + 1; k <= j; k++ {
					b.f.Cells[start+k][lv+1] = ""
				}
			}
			i = j + 1
		}
	}
	total := "98.52"
	if planted {
		total = "99"
	}
	b.add(cs("总分", 6), num("100"), num(total), cs("", 2))
	b.line("填表人：张三　　联系电话：0513-87654321　　填报日期：2024年1月15日")
	b.f.Below = 1
	if planted {
		b.f.Planted = []string{"execution.rate", "execution.score", "funds.parts", "score.rule", "total.parts"}
	}
	return b.f
}

// NationalIndicators are the indicator rows of NationalForm: 90 points,
// with unfilled template lines.
func NationalIndicators(planted bool) []NationalIndicator {
	timely := "9.9"
	if planted {
		timely = "9.5"
	}
	return []NationalIndicator{
		{"产出指标", "数量指标", "指标1：保障金发放人数", "≥2000人", "2010人", "20", "20", ""},
		{"产出指标", "数量指标", "指标2", "", "", "", "", ""},
		{"产出指标", "质量指标", "发放准确率", "100%", "100%", "20", "20", ""},
		{"产出指标", "时效指标", "按月发放及时率", "100%", "99%", "10", timely, "个别账户异常，次月补发"},
		{"产出指标", "时效指标", "……", "", "", "", "", ""},
		{"效益指标", "社会效益指标", "参保人员基本生活保障", "有效保障", "有效保障", "20", "20", ""},
		{"效益指标", "生态效益指标", "指标1：", "", "", "", "", ""},
		{"满意度指标", "服务对象满意度指标", "参保人员满意度", "≥90%", "95%", "20", "20", ""},
	}
}

// SichuanForm is a 四川 部门预算项目支出绩效自评表: 报表编号 above the
// title "(2023年度)", the project name with its 项目编码, 项目年度目标 /
// 年度目标完成情况, 预算执行情况(10分) with 年初预算 / 调整后预算数 /
// 预算执行数 / 预算执行率 / 权重 / 得分 / 原因 and rows 总额, 财政资金,
// 财政专户管理资金, 单位资金, 其他资金; 绩效指标(90分) with separate
// 指标性质, 指标值, 度量单位, 完成值, 权重, 未完成原因分析; 合计; 评价结论,
// 存在问题, 改进措施 below. planted: the 执行率 and 得分 disagree with the
// amounts and the rule, a score is off, the 合计 is wrong.
func SichuanForm(planted bool) *FormSpec {
	b := newForm("Sheet1", 11)
	b.add(cs("", 8), cs("报表编号:510000_0013zp", 3))
	b.line("部门预算项目支出绩效自评表(2023年度)")
	b.f.Titles = 2
	b.add(c("项目名称"), cs("51092324T000010263357-政法队伍建设经费", 10))
	b.add(c("主管部门"), cs("青神县委政法委员会", 4), cs("实施单位 (盖章)", 2), cs("青神县委政法委员会", 4))
	bt := b.row()
	b.mergeDown(bt, bt+4, 0, 0)
	b.add(c("项目基本情况"), cs("1.项目年度目标完成情况", 10))
	b.add(cs("项目年度目标", 5), cs("年度目标完成情况", 5))
	b.add(cs("保障政法队伍建设经费，提升办案质量和效率。", 5), cs("全年办结案件 126 件，结案率 93%。", 5))
	b.add(cs("2.项目实施内容及过程概述", 10))
	b.add(cs("按季度拨付经费，开展业务培训 4 次。", 10))
	ft := b.row()
	b.mergeDown(ft, ft+5, 0, 0)
	rate, score := "96.03", "9.6"
	if planted {
		rate, score = "100.00", "8"
	}
	b.add(c("预算执行情况(10分)"), c("年度预算数(万元)"), c("年初预算"), c("调整后预算数"), c("预算执行数"), c("预算执行率"), c("权重"), c("得分"), cs("原因", 3))
	b.add(c("总额"), num("238.93"), num("251.89"), num("241.89"), c(rate+"%"), num("10"), num(score), cs("1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因(100字以内)", 3))
	b.add(c("其中:财政资金"), num("238.93"), num("251.89"), num("241.89"), c(rate+"%"), c("/"), c("/"), cs("年末追加经费未及时拨付", 3))
	b.add(c("财政专户管理资金"), num("0.00"), num("0.00"), num("0.00"), c("0.00%"), c("/"), c("/"), cs("", 3))
	b.add(c("单位资金"), num("0.00"), num("0.00"), num("0.00"), c("0.00%"), c("/"), c("/"), cs("", 3))
	b.add(c("其他资金"), c(""), c(""), c(""), c(""), c("/"), c("/"), cs("", 3))
	ht := b.row()
	b.mergeDown(ht, ht+5, 0, 0)
	b.add(c("绩效指标(90分)"), c("一级指标"), c("二级指标"), c("三级指标"), c("指标性质"), c("指标值"), c("度量单位"), c("完成值"), c("权重"), c("得分"), c("未完成原因分析"))
	rateScore := "19.58"
	if planted {
		rateScore = "18"
	}
	rows := [][]string{
		{"产出指标", "数量指标", "办结案件数", "≥", "120", "件", "126", "30", "30", ""},
		{"产出指标", "质量指标", "结案率", "≥", "95", "%", "93", "20", rateScore, "个别案件跨年度办理"},
		{"产出指标", "时效指标", "经费拨付及时性", "定性", "及时", "", "及时", "10", "10", ""},
		{"效益指标", "社会效益指标", "群众安全感", "≥", "90", "%", "92", "20", "20", ""},
		{"满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "91", "10", "10", ""},
	}
	for _, r := range rows {
		cells := []cell{}
		for _, s := range r {
			cells = append(cells, c(s))
		}
		b.add(cells...)
	}
	total := "99.18"
	if planted {
		total = "96"
	}
	b.add(cs("合计", 8), num("100"), num(total), c(""))
	b.add(c("评价结论"), cs("项目自评得分 "+total+" 分，完成年度目标。", 10))
	b.add(c("存在问题"), cs("个别案件跨年度办理。", 10))
	b.add(c("改进措施"), cs("加强案件流程管理。", 10))
	b.add(cs("项目负责人:", 5), cs("财务负责人:", 6))
	b.f.Below = 1
	if planted {
		b.f.Planted = []string{"execution.rate", "execution.score", "score.rule"}
	}
	return b.f
}

// WordTable writes the table part of f (without the title and below
// rows) as WordprocessingML: merged columns as w:gridSpan, merged rows
// as w:vMerge. split > 0 ends the table before that row and starts a
// second one, as a page break in the form does.
func (f *FormSpec) WordTable(split int) string {
	w := f.Width()
	var sb strings.Builder
	sb.WriteString("<w:tbl>")
	grid := func() {
		sb.WriteString("<w:tblGrid>")
		for range w {
			sb.WriteString(`<w:gridCol w:w="900"/>`)
		}
		sb.WriteString("</w:tblGrid>")
	}
	grid()
	for r := f.Titles; r < len(f.Cells)-f.Below; r++ {
		if split > 0 && r == split {
			sb.WriteString(`</w:tbl><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:tbl>`)
			grid()
		}
		sb.WriteString("<w:tr>")
		for col := 0; col < w; {
			span, vm := 1, ""
			for _, m := range f.Merges {
				if col == m.Left && r >= m.Top && r <= m.Bottom {
					span = m.Right - m.Left + 1
					if m.Bottom > m.Top {
						if r == m.Top {
							vm = `<w:vMerge w:val="restart"/>`
						} else {
							vm = `<w:vMerge/>`
						}
					}
				}
			}
			text := ""
			if col < len(f.Cells[r]) && (vm == "" || strings.Contains(vm, "restart")) {
				text = f.Cells[r][col]
			}
			props := vm
			if span > 1 {
				props = fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, span) + props
			}
			sb.WriteString(`<w:tc><w:tcPr>` + props + `</w:tcPr><w:p><w:r><w:t>` + html.EscapeString(text) + `</w:t></w:r></w:p></w:tc>`)
			col += span
		}
		sb.WriteString("</w:tr>")
	}
	sb.WriteString("</w:tbl>")
	return sb.String()
}

// WordDocument is a whole document.xml: the title rows as paragraphs, the
// table (split in two at split when > 0), the rows below as paragraphs.
func (f *FormSpec) WordDocument(split int) string {
	p := func(s string) string { return `<w:p><w:r><w:t>` + html.EscapeString(s) + `</w:t></w:r></w:p>` }
	var sb strings.Builder
	sb.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for r := 0; r < f.Titles; r++ {
		sb.WriteString(p(strings.Join(f.Cells[r], "")))
	}
	sb.WriteString(f.WordTable(split))
	for r := len(f.Cells) - f.Below; r < len(f.Cells); r++ {
		sb.WriteString(p(strings.Join(f.Cells[r], " ")))
	}
	sb.WriteString("</w:body></w:document>")
	return sb.String()
}

// DepartmentForm is a 部门整体支出绩效自评表: 部门（单位）名称, 年度主要任务
// (a task table with 预算数 and 执行数 that is not the funds block), the
// department's funds (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 /
// 得分) with a second split by the nature of spending (基本支出, 项目支出)
// that must not be added to the sources, 部门整体绩效目标, 年度绩效指标 and
// 总分. planted: 其中 rows that do not add up, a wrong indicator score and
// a 总分 that is not the sum.
func DepartmentForm(planted bool) *FormSpec {
	b := newForm("部门整体", 10)
	b.line("部门整体支出绩效自评表")
	b.line("（2023年度）")
	b.f.Titles = 2
	b.add(cs("部门（单位）名称", 2), cs("如皋市被征地农民基本生活保障资金管理中心", 8))
	tt := b.row()
	b.mergeDown(tt, tt+2, 0, 0)
	b.add(c("年度主要任务"), cs("任务名称", 2), cs("主要内容", 3), cs("预算数", 2), cs("执行数", 2))
	b.add(cs("基本生活保障金发放", 2), cs("按月发放保障金", 3), cs("900", 2), cs("880", 2))
	b.add(cs("生存稽核", 2), cs("两上两下核查", 3), cs("20", 2), cs("19", 2))
	ft := b.row()
	b.mergeDown(ft, ft+7, 0, 0)
	local := "900"
	if planted {
		local = "890"
	}
	b.add(c("部门整体支出（万元）"), cs("", 2), c("年初预算数"), c("全年预算数"), c("全年执行数"), c("分值"), c("执行率"), cs("得分", 2))
	b.add(cs("年度资金总额", 2), num("920"), num("920"), num("899"), num("10"), pct("97.72"), cs("9.77", 2))
	b.add(cs("按收入性质分：其中：财政拨款", 2), num(local), num(local), num("880"), c("—"), c(""), cs("—", 2))
	b.add(cs("上年结转资金", 2), num("20"), num("20"), num("19"), c("—"), c(""), cs("—", 2))
	b.add(cs("其他资金", 2), c(""), c(""), c(""), c("—"), c(""), cs("—", 2))
	b.add(cs("按支出性质分：基本支出", 2), num("120"), num("120"), num("118"), c("—"), c(""), cs("—", 2))
	b.add(cs("项目支出", 2), num("800"), num("800"), num("781"), c("—"), c(""), cs("—", 2))
	b.add(cs("", 2), c(""), c(""), c(""), c(""), c(""), cs("", 2))
	gt := b.row()
	b.mergeDown(gt, gt+1, 0, 0)
	b.add(c("部门整体绩效目标"), cs("预期目标", 4), cs("实际完成情况", 5))
	b.add(cs("保障金按时足额发放，稽核覆盖全部领取人员。", 4), cs("全年按时足额发放，稽核覆盖率 100%。", 5))
	inds := []NationalIndicator{
		{"产出指标", "数量指标", "保障人数", "≥120000人", "126000人", "30", "30", ""},
		{"产出指标", "质量指标", "稽核覆盖率", "100%", "100%", "20", "20", ""},
		{"效益指标", "社会效益指标", "保障金按时发放率", "100%", "98%", "20", "19.6", "个别银行账户冻结"},
		{"满意度指标", "服务对象满意度指标", "领取人员满意度", "≥90%", "96%", "20", "20", ""},
	}
	if planted {
		inds[2].Score = "17"
	}
	ht := b.row()
	b.mergeDown(ht, ht+len(inds), 0, 0)
	b.add(c("年度绩效指标"), c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"), c("实际完成值"), c("分值"), c("得分"), cs("偏差原因分析及改进措施", 2))
	for _, in := range inds {
		b.add(c(in.L1), c(in.L2), c(in.L3), c(in.Target), c(in.Actual), num(in.Weight), num(in.Score), cs(in.Reason, 2))
	}
	total := "99.37"
	if planted {
		total = "95"
	}
	b.add(cs("总分", 6), num("100"), num(total), cs("", 2))
	if planted {
		b.f.Planted = []string{"funds.parts", "score.rule", "total.parts"}
	}
	return b.f
}

// TransferForm is a 中央对地方转移支付区域绩效自评表: 转移支付（项目）名称,
// 中央/地方主管部门, 资金使用单位, 资金投入情况 with 全年预算数（A） /
// 全年执行数（B） / 执行率（B/A） over 年度资金总额：, 中央补助, 地方资金, 其他
// 资金; 年初设定目标 / 全年目标实际完成情况; 年度绩效指标 with 指标值 and
// 全年实际完成值 but no 分值 and no 得分 (the form is not scored);
// 未完成原因和改进措施. planted: the 执行率 disagrees with the amounts and the
// parts do not add up.
func TransferForm(planted bool) *FormSpec {
	b := newForm("区域自评", 8)
	b.line("中央对地方转移支付区域绩效自评表")
	b.line("（2023年度）")
	b.f.Titles = 2
	b.add(cs("转移支付（项目）名称", 2), cs("困难群众救助补助资金", 6))
	b.add(cs("中央主管部门", 2), cs("民政部、财政部", 6))
	b.add(cs("地方主管部门", 2), cs("如皋市民政局", 2), cs("资金使用单位", 2), cs("如皋市社会救助服务中心", 2))
	ft := b.row()
	b.mergeDown(ft, ft+4, 0, 0)
	rate, local := "95.2", "150"
	if planted {
		rate, local = "99", "160"
	}
	b.add(c("资金投入情况（万元）"), cs("", 2), cs("全年预算数（A）", 2), cs("全年执行数（B）", 2), c("执行率（B/A）"))
	b.add(cs("年度资金总额：", 2), cs("500", 2), cs("476", 2), c(rate+"%"))
	b.add(cs("其中：中央补助", 2), cs("350", 2), cs("340", 2), c("97.14%"))
	b.add(cs("地方资金", 2), cs(local, 2), cs("136", 2), c("90.67%"))
	b.add(cs("其他资金", 2), cs("", 2), cs("", 2), c(""))
	gt := b.row()
	b.mergeDown(gt, gt+1, 0, 0)
	b.add(c("年度总体目标"), cs("年初设定目标", 3), cs("全年目标实际完成情况", 4))
	b.add(cs("保障困难群众基本生活，应保尽保。", 3), cs("全年保障 3,200 人，应保尽保。", 4))
	ht := b.row()
	b.mergeDown(ht, ht+4, 0, 0)
	b.add(c("年度绩效指标"), c("一级指标"), c("二级指标"), c("三级指标"), c("指标值"), c("全年实际完成值"), cs("未完成原因和改进措施", 2))
	b.add(c("产出指标"), c("数量指标"), c("保障人数"), c("≥3000人"), c("3200人"), cs("", 2))
	b.add(c("产出指标"), c("时效指标"), c("资金发放及时率"), c("100%"), c("98%"), cs("年底个别批次延后", 2))
	b.add(c("效益指标"), c("社会效益指标"), c("应保尽保率"), c("100%"), c("100%"), cs("", 2))
	b.add(c("满意度指标"), c("服务对象满意度指标"), c("受助群众满意度"), c("≥90%"), c("95%"), cs("", 2))
	b.line("填报人：李四　联系电话：0513-80000000")
	b.f.Below = 1
	if planted {
		b.f.Planted = []string{"execution.rate", "funds.parts"}
	}
	return b.f
}
