package payrun

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/payroll"
)

// ReadLedger reads a funds ledger (CSV, UTF-8 or GB18030): one amount per
// line with its month, source, kind and note. Header names: 月份 (年月),
// 资金来源 (来源), 类别 (预算 / 到位 / 支出), 金额 (金额（元）), 备注 (文号).
// Any bad line rejects the file (all-or-nothing), naming file, line, field
// and reason.
func ReadLedger(name string, data []byte) ([]payroll.LedgerLine, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("%s: 编码无法识别 (encoding not recognised)", name)
		}
		data = d
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: 无表头 (no header): %v", name, err)
	}
	col := map[string]int{}
	want := map[string][]string{
		"month":  {"月份", "年月", "所属期", "month"},
		"source": {"资金来源", "来源", "source"},
		"kind":   {"类别", "类型", "项目", "kind"},
		"amount": {"金额", "金额（元）", "金额(元)", "amount"},
		"note":   {"备注", "文号", "凭证号", "note"},
	}
	for i, h := range head {
		h = strings.TrimSpace(h)
		for k, names := range want {
			for _, n := range names {
				if h == n {
					if _, dup := col[k]; !dup {
						col[k] = i
					}
				}
			}
		}
	}
	for _, k := range []string{"month", "source", "kind", "amount"} {
		if _, ok := col[k]; !ok {
			return nil, fmt.Errorf("%s:1: 缺少列 %s (missing column %s)", name, want[k][0], k)
		}
	}
	var out []payroll.LedgerLine
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		line, _ := r.FieldPos(0)
		get := func(k string) string {
			i, ok := col[k]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		l := payroll.LedgerLine{File: name, Line: line, Source: get("source"), Note: get("note")}
		var ok bool
		if l.Month, ok = cal.ParseMonth(get("month")); !ok {
			return nil, fmt.Errorf("%s:%d: 月份 %q: 应为 YYYY-MM (month must be YYYY-MM)", name, line, get("month"))
		}
		if l.Source == "" {
			return nil, fmt.Errorf("%s:%d: 资金来源为空 (empty source)", name, line)
		}
		if l.Kind, ok = payroll.ParseLedgerKind(get("kind")); !ok {
			return nil, fmt.Errorf("%s:%d: 类别 %q: 应为 预算、到位 或 支出 (kind must be budget, receipt or payout)", name, line, get("kind"))
		}
		amt, err := money.ParseYuan(get("amount"))
		if err != nil || amt < 0 {
			return nil, fmt.Errorf("%s:%d: 金额 %q: 应为非负的元金额 (amount must be non-negative yuan)", name, line, get("amount"))
		}
		l.Amount = amt
		out = append(out, l)
	}
	return out, nil
}
