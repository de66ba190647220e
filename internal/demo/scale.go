package demo

import (
	"context"
	"fmt"

	"jixiao/internal/money"
	"jixiao/internal/store"
)

// Scale adds synthetic budget units under the department, each with
// copies of the fund center's eight 2023 projects (scored, with money),
// until the store holds at least n projects. It is for load tests.
func Scale(ctx context.Context, st *store.Store, n int) error {
	have, err := st.CountProjects(ctx, store.ProjectFilter{})
	if err != nil {
		return err
	}
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	var dept int64
	for _, u := range units {
		if u.Name == Dept {
			dept = u.ID
		}
	}
	if dept == 0 {
		return fmt.Errorf("demo: scale needs the demo loaded first")
	}
	names, sheets, err := Sheets()
	if err != nil {
		return err
	}
	for k := 1; have < n; k++ {
		unit, err := st.CreateUnit(ctx, dept, fmt.Sprintf("演示单位%04d", k), store.KindUnit)
		if err != nil {
			return err
		}
		for _, name := range names {
			if have >= n {
				break
			}
			f := facts[name]
			p := store.Project{UnitID: unit, Year: 2023, Name: name, PeriodStart: "2023-01", PeriodEnd: "2023-12",
				Budget: [3]money.Fen{wan(f.budgetHigher), wan(f.budgetLocal), 0}, Nature: f.nature, Template: "framework", RuleSet: "caiyu-2020-10"}
			var inds []store.Indicator
			for _, r := range sheets[name] {
				inds = append(inds, store.Indicator{Level1: r.L1, Level2: r.L2, Level3: r.L3, Target: r.Target, Actual: r.Actual,
					Weight: r.Weight, Score: r.Score, HasScore: true, Basis: r.Basis})
			}
			id, err := st.CreateProject(ctx, p, inds, 0)
			if err != nil {
				return err
			}
			if _, err := st.AddMoney(ctx, id, store.MoneyRecord{Kind: store.KindSpending, Date: "2023-06-30", Amount: wan(f.spentHigher) + wan(f.spentLocal), Source: 1}, 0); err != nil {
				return err
			}
			have++
		}
	}
	return nil
}
