// Package demo loads the demonstration data of `jixiao serve --demo`: the
// unit tree of 如皋市, the fund center's eight 2023 projects built from the
// facts and figures of its 2023 self-evaluations (indicators, targets,
// actuals, weights, scores, amounts — the prose is our own), a 2024 year in
// progress, a second unit for the finance bureau's comparison, and one
// demo user for every role.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"jixiao/examples"
	"jixiao/internal/report/plaintext"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// Password is the password of every demo user. Demo data is for trying
// jixiao out; a real installation starts without --demo.
const Password = "jixiao-demo-2024"

// Login is a demo account to print.
type Login struct {
	Username, Name string
	Role           workflow.Role
	Unit           string
}

// Unit names of the demo tree.
const (
	Finance = "如皋市财政局"
	Dept    = "如皋市人力资源和社会保障局"
	Center  = "如皋市被征地农民基本生活保障资金管理中心"
	Jobs    = "如皋市劳动就业管理中心（演示）"
)

// Row is one indicator of a seed sheet.
type Row struct {
	L1, L2, L3, Target, Actual string
	Weight, Score              eval.Points
	Basis                      string
}

// Reports reads the project's own example reports of the fund center's
// 2023 projects (examples/rugao-2023.txt).
func Reports() ([]*eval.Report, error) {
	const name = "rugao-2023.txt"
	b, err := examples.FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	rs, err := plaintext.Read(name, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return rs, nil
}

// Sheets returns the 2023 score sheets by project name, in file order.
func Sheets() ([]string, map[string][]Row, error) {
	rs, err := Reports()
	if err != nil {
		return nil, nil, err
	}
	var names []string
	out := map[string][]Row{}
	for _, r := range rs {
		names = append(names, r.Project)
		for _, row := range r.Sheet.Rows {
			out[r.Project] = append(out[r.Project], Row{L1: row.Level1, L2: row.Level2, L3: row.Level3,
				Target: row.Target.String(), Actual: row.Actual.String(), Weight: row.Weight, Score: row.Score, Basis: row.Basis})
		}
	}
	return names, out, nil
}

// narratives returns each example report's narrative sections by key.
func narratives() (map[string]map[string]string, error) {
	rs, err := Reports()
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for _, r := range rs {
		m := map[string]string{}
		for _, sec := range r.Narrative.Sections() {
			if sec.Text.Text != "" {
				m[sec.Key] = sec.Text.Text
			}
		}
		out[r.Project] = m
	}
	return out, nil
}

// facts are the amounts of each 2023 project (万元), which the example
// reports state only in prose: budget 上级/本级, spent 上级/本级; the status
// the demo leaves it in; and a line on its nature for the 2024 copy.
type fact struct {
	budgetHigher, budgetLocal, spentHigher, spentLocal string
	status                                             workflow.Status
	nature                                             string
}

var facts = map[string]fact{
	"稽查费": {"", "5", "", "5", workflow.StatusFinanceReviewed, "对经办机构组织管理、业务运行、基金财务和信息系统开展稽查。"},
	"居保失保综合平台升级改造费":  {"", "10", "", "10", workflow.StatusFinanceReviewed, "居保、失保经办信息平台升级改造。"},
	"维稳应诉费":          {"", "2", "", "2", workflow.StatusFinanceReviewed, "行政复议、诉讼的应诉和法律咨询。"},
	"企业土地保养工生活补助":    {"", "48.35", "", "48.35", workflow.StatusFinanceReviewed, "按月发放企业土地保养工生活补助。"},
	"印刷费用":           {"", "10", "", "10", workflow.StatusUnitApproved, "政策宣传资料、业务表单印刷。"},
	"居（失）保业务运转":      {"", "125", "", "125", workflow.StatusSubmitted, "业务办公、劳务、邮电等日常运转。"},
	"财政对城乡居民养老保险的补助": {"40984", "51360.11", "40851", "49193.11", workflow.StatusDeptReviewed, "财政对城乡居民基本养老保险基础养老金等的补助。"},
	"财政对困难人员代缴":      {"", "103.16", "", "103.16", workflow.StatusFinanceReviewed, "为低保、特困、低收入等困难人员代缴城乡居民养老保险费。"},
}

// Load fills an empty store with the demo data. hash hashes a password.
func Load(ctx context.Context, st *store.Store, hash func(string) (string, error)) ([]Login, error) {
	if n, err := st.CountUsers(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, fmt.Errorf("demo: the database already has users; load the demo into an empty database")
	}
	fin, err := st.CreateUnit(ctx, 0, Finance, store.KindFinance)
	if err != nil {
		return nil, err
	}
	dept, err := st.CreateUnit(ctx, fin, Dept, store.KindDepartment)
	if err != nil {
		return nil, err
	}
	center, err := st.CreateUnit(ctx, dept, Center, store.KindUnit)
	if err != nil {
		return nil, err
	}
	jobs, err := st.CreateUnit(ctx, dept, Jobs, store.KindUnit)
	if err != nil {
		return nil, err
	}
	town, err := st.CreateUnit(ctx, 0, "如城街道", store.KindTown)
	if err != nil {
		return nil, err
	}
	if _, err := st.CreateUnit(ctx, 0, "白蒲镇", store.KindTown); err != nil {
		return nil, err
	}
	h, err := hash(Password)
	if err != nil {
		return nil, err
	}
	users := []struct {
		login Login
		unit  int64
		idn   string
	}{
		{Login{"tianbao", "张敏", workflow.RoleFiler, Center}, center, ""},
		{Login{"shenhe", "李强", workflow.RoleUnitApprover, Center}, center, ""},
		{Login{"renshe", "王芳", workflow.RoleDeptReviewer, Dept}, dept, ""},
		{Login{"caizheng", "陈刚", workflow.RoleFinance, Finance}, fin, ""},
		{Login{"admin", "系统管理员", workflow.RoleAdmin, Finance}, fin, ""},
		{Login{"rucheng", "周丽", workflow.RoleTownClerk, "如城街道"}, town, "320682199001011236"},
		{Login{"jihe", "吴涛", workflow.RoleAuditor, Center}, center, ""},
		{Login{"jiuye", "赵磊", workflow.RoleFiler, Jobs}, jobs, ""},
	}
	ids := map[string]int64{}
	var logins []Login
	for _, u := range users {
		id, err := st.CreateUser(ctx, store.User{Username: u.login.Username, DisplayName: u.login.Name, Role: u.login.Role, UnitID: u.unit, IDNumber: u.idn, PasswordHash: h})
		if err != nil {
			return nil, err
		}
		ids[u.login.Username] = id
		logins = append(logins, u.login)
	}
	names, sheets, err := Sheets()
	if err != nil {
		return nil, err
	}
	narr, err := narratives()
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if err := load2023(ctx, st, center, name, sheets[name], narr[name], ids); err != nil {
			return nil, err
		}
		if err := load2024(ctx, st, center, name, sheets[name], ids["tianbao"]); err != nil {
			return nil, err
		}
	}
	if err := loadJobs(ctx, st, jobs, ids); err != nil {
		return nil, err
	}
	if err := loadAudit(ctx, st, ids); err != nil { // survival audit: audit.go
		return nil, err
	}
	return logins, nil
}

func wan(s string) money.Fen {
	if s == "" {
		return 0
	}
	f, err := money.ParseWan(s)
	if err != nil {
		return 0
	}
	return f
}

func load2023(ctx context.Context, st *store.Store, unit int64, name string, rows []Row, narr map[string]string, ids map[string]int64) error {
	f := facts[name]
	filer := ids["tianbao"]
	p := store.Project{UnitID: unit, Year: 2023, Name: name, PeriodStart: "2023-01", PeriodEnd: "2023-12",
		Budget: [3]money.Fen{wan(f.budgetHigher), wan(f.budgetLocal), 0},
		Basis:  "《江苏省被征地农民社会保障办法》、城乡居民基本养老保险有关政策及如皋市年度部门预算。",
		Nature: f.nature, Scope: "如皋市全市范围", Template: "framework", RuleSet: "caiyu-2020-10"}
	var inds []store.Indicator
	for _, r := range rows {
		basis := r.Basis
		if basis == "" && r.Score < r.Weight {
			basis = "未完全达到年初目标，按完成比例扣分。"
		}
		inds = append(inds, store.Indicator{Level1: r.L1, Level2: r.L2, Level3: r.L3, Target: r.Target, Actual: r.Actual,
			Weight: r.Weight, Score: r.Score, HasScore: true, Basis: basis})
	}
	// The seed's 稽查费 sheet leaves its deductions unexplained; keep one such
	// gap so the finance view has something to find.
	if name == "稽查费" {
		for i := range inds {
			if inds[i].Score < inds[i].Weight {
				inds[i].Basis = ""
				break
			}
		}
	}
	id, err := st.CreateProject(ctx, p, inds, filer)
	if err != nil {
		return fmt.Errorf("demo: %s 2023: %w", name, err)
	}
	// Funds arrive in full (资金到位率 100% as the sheets state); spending
	// is what the reports give as spent.
	if hi := wan(f.budgetHigher); hi > 0 {
		if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindReceipt, Date: "2023-02-10", Amount: hi, Source: 0, Note: "上级补助资金到位"}, filer); err != nil {
			return err
		}
		if err := spend(ctx, st, id, 2023, wan(f.spentHigher), 0, filer); err != nil {
			return err
		}
	}
	if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindReceipt, Date: "2023-01-20", Amount: wan(f.budgetLocal), Source: 1, Note: "本级预算资金到位"}, filer); err != nil {
		return err
	}
	if err := spend(ctx, st, id, 2023, wan(f.spentLocal), 1, filer); err != nil {
		return err
	}
	return walk(ctx, st, id, f.status, narr, ids)
}

// spend records an amount as three spending records through the year.
func spend(ctx context.Context, st *store.Store, id int64, year int, amount money.Fen, src int, user int64) error {
	parts := []money.Fen{amount * 3 / 10, amount * 3 / 10}
	parts = append(parts, amount-parts[0]-parts[1])
	dates := []string{"-04-15", "-08-20", "-12-10"}
	for i, a := range parts {
		if a == 0 {
			continue
		}
		if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindSpending, Date: fmt.Sprint(year) + dates[i], Amount: a, Source: src, Note: fmt.Sprintf("第%d批支出", i+1)}, user); err != nil {
			return err
		}
	}
	return nil
}

// walk writes the narrative and takes the project through the workflow up
// to status, each step by its role, so the audit trail reads as it would.
func walk(ctx context.Context, st *store.Store, id int64, status workflow.Status, narr map[string]string, ids map[string]int64) error {
	v, err := st.Edit(ctx, id, 1, ids["tianbao"], store.ActionActuals, "", func(sh *store.Sheet) error {
		sh.Project.TargetsDeclared = true
		for k, t := range narr {
			sh.Narrative[k] = t
		}
		return nil
	})
	if err != nil {
		return err
	}
	steps := []struct {
		to   workflow.Status
		act  workflow.Action
		user string
	}{
		{workflow.StatusSubmitted, workflow.ActSubmit, "tianbao"},
		{workflow.StatusUnitApproved, workflow.ActApprove, "shenhe"},
		{workflow.StatusDeptReviewed, workflow.ActDept, "renshe"},
		{workflow.StatusFinanceReviewed, workflow.ActFinance, "caizheng"},
	}
	for _, s := range steps {
		if status == workflow.StatusDraft {
			return nil
		}
		if s.to == workflow.StatusFinanceReviewed {
			// Finance spot-checks: it confirms the scores, cutting one where
			// the sheet gives no reason for a deduction.
			v, err = st.Edit(ctx, id, v, ids["caizheng"], store.ActionReview, "", func(sh *store.Sheet) error {
				for i := range sh.Rows {
					r := &sh.Rows[i]
					r.ReviewScore, r.HasReview = r.Score, true
					if r.HasScore && r.Score < r.Weight && r.Basis == "" {
						r.ReviewScore = r.Score - eval.P(1)/2
						r.ReviewNote = "扣分未说明依据，复核再减 0.5 分。"
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		to := s.to
		v, err = st.Edit(ctx, id, v, ids[s.user], store.ActionStatus(string(s.act)), "", func(sh *store.Sheet) error {
			sh.Project.Status = to
			return nil
		})
		if err != nil {
			return err
		}
		if to == status {
			return nil
		}
	}
	return nil
}

func load2024(ctx context.Context, st *store.Store, unit int64, name string, rows []Row, filer int64) error {
	f := facts[name]
	p := store.Project{UnitID: unit, Year: 2024, Name: name, PeriodStart: "2024-01", PeriodEnd: "2024-12",
		Budget: [3]money.Fen{wan(f.budgetHigher), wan(f.budgetLocal), 0}, Nature: f.nature, Scope: "如皋市全市范围",
		Template: "framework", RuleSet: "caiyu-2020-10"}
	var inds []store.Indicator
	for _, r := range rows {
		inds = append(inds, store.Indicator{Level1: r.L1, Level2: r.L2, Level3: r.L3, Target: r.Target, Weight: r.Weight})
	}
	id, err := st.CreateProject(ctx, p, inds, filer)
	if err != nil {
		return fmt.Errorf("demo: %s 2024: %w", name, err)
	}
	// Half a year gone: money spent so far, some progress recorded.
	total := p.BudgetTotal()
	share := map[string]int64{"印刷费用": 25, "居保失保综合平台升级改造费": 10}[name]
	if share == 0 {
		share = 48
	}
	if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindReceipt, Date: "2024-01-25", Amount: total, Source: 1, Note: "年初预算资金到位"}, filer); err != nil {
		return err
	}
	if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindSpending, Date: "2024-06-20", Amount: money.Fen(int64(total) * share / 100), Source: 1, Note: "上半年支出"}, filer); err != nil {
		return err
	}
	_, err = st.Edit(ctx, id, 1, filer, store.ActionMonitor, "", func(sh *store.Sheet) error {
		sh.Project.MonitorDate = "2024-06-30"
		sh.Project.TargetsDeclared = true
		for i := range sh.Rows {
			r := &sh.Rows[i]
			switch {
			case r.Level3 == "资金到位率" || r.Level3 == "预算执行率":
				// computed from the money records, never typed
			case strings.Contains(r.Level3, "率") && strings.Contains(r.Target, "%"):
				r.Progress = "100%"
			case strings.Contains(r.Level3, "满意"):
				r.Progress = "96%"
			case r.Target == "是" || r.Target == "否" || r.Target == "及时":
				r.Progress = r.Target
			}
		}
		if share < 40 {
			sh.Project.MonitorReason = ""
		}
		return nil
	})
	return err
}

// loadJobs gives the second unit two scored 2023 projects, so the finance
// bureau's view compares units. They are invented for the demonstration.
func loadJobs(ctx context.Context, st *store.Store, unit int64, ids map[string]int64) error {
	filer := ids["jiuye"]
	specs := []struct {
		name         string
		budget, used money.Fen
		scores       map[string]string
		actuals      map[string]string
	}{
		{"就业见习补贴（演示）", 80 * money.Wan, 62 * money.Wan, nil, nil},
		{"公益性岗位补贴（演示）", 150 * money.Wan, 149 * money.Wan, map[string]string{"发放率": "5.4", "服务对象满意度": "7.37", "制度执行有效性": "4", "促进就业": "14"},
			map[string]string{"发放率": "60%", "服务对象满意度": "70%", "制度执行有效性": "部分达成", "促进就业": "部分达成"}},
	}
	for _, sp := range specs {
		tp := frameworkRows()
		var inds []store.Indicator
		for _, r := range tp {
			ind := store.Indicator{Level1: r.L1, Level2: r.L2, Level3: r.L3, Target: r.Target, Weight: r.Weight, Actual: r.Target, Score: r.Weight, HasScore: true}
			if a, ok := sp.actuals[r.L3]; ok {
				ind.Actual = a
				ind.Score, _ = eval.ParsePoints(sp.scores[r.L3])
				ind.Basis = "未达到年初目标，按比例扣分。"
			}
			inds = append(inds, ind)
		}
		p := store.Project{UnitID: unit, Year: 2023, Name: sp.name, PeriodStart: "2023-01", PeriodEnd: "2023-12",
			Budget: [3]money.Fen{0, sp.budget, 0}, Nature: "演示用项目。", Template: "framework", RuleSet: "caiyu-2020-10"}
		id, err := st.CreateProject(ctx, p, inds, filer)
		if err != nil {
			return err
		}
		if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindReceipt, Date: "2023-01-20", Amount: sp.budget, Source: 1}, filer); err != nil {
			return err
		}
		if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindSpending, Date: "2023-11-30", Amount: sp.used, Source: 1}, filer); err != nil {
			return err
		}
		if _, err := st.Edit(ctx, id, 1, filer, store.ActionActuals, "", func(sh *store.Sheet) error {
			sh.Narrative["problems"] = "无"
			sh.Project.TargetsDeclared = true
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

func frameworkRows() []Row {
	_, sheets, _ := Sheets()
	// The framework template's rows, with the fund center's first sheet's
	// 决策/过程 part and generic output rows.
	out := append([]Row(nil), sheets["稽查费"][:11]...)
	out = append(out,
		Row{L1: "产出指标", L2: "数量指标", L3: "发放率", Target: "100%", Weight: eval.P(9)},
		Row{L1: "产出指标", L2: "质量指标", L3: "足额发放率", Target: "100%", Weight: eval.P(8)},
		Row{L1: "产出指标", L2: "时效指标", L3: "发放及时性", Target: "及时", Weight: eval.P(8)},
		Row{L1: "产出指标", L2: "成本指标", L3: "是否超出预算", Target: "否", Weight: eval.P(5)},
		Row{L1: "效益指标", L2: "社会效益指标", L3: "促进就业", Target: "有效", Weight: eval.P(20)},
		Row{L1: "效益指标", L2: "可持续发展指标", L3: "制度执行的可持续性", Target: "是", Weight: eval.P(10)},
		Row{L1: "满意度指标", L2: "满意度指标", L3: "服务对象满意度", Target: "≥95%", Weight: eval.P(10)},
	)
	return out
}
