package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

// UnitRow is one unit's line in the finance overview.
type UnitRow struct {
	Unit     string
	Projects int
	Budget   money.Fen
	Spent    money.Fen
	Rate     int64
	RateOK   bool
	AvgScore string
	Inflated int
}

// FinancePage is the finance bureau's cross-unit view of a year.
type FinancePage struct {
	Page
	Years      []int
	Year       int
	Stats      store.YearStats
	GradeChart template.HTML
	ScoreChart template.HTML
	Units      []UnitRow
	Inflated   []store.Project
	ExecRate   int64
	ExecOK     bool
}

func (s *Server) financePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pg := FinancePage{Page: s.page(r, "财政总览")}
	var err error
	if pg.Years, err = s.st.Years(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Year, _ = strconv.Atoi(r.URL.Query().Get("year"))
	if pg.Year == 0 && len(pg.Years) > 0 {
		pg.Year = pg.Years[0]
	}
	f := store.ProjectFilter{Year: pg.Year}
	if pg.Stats, err = s.st.Stats(ctx, f); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.ExecRate, pg.ExecOK = money.RatioBP(pg.Stats.Spent, pg.Stats.Budget)
	grades := []string{"优", "良", "中", "差"}
	var gv []int
	var gl []string
	for _, g := range grades {
		gv = append(gv, pg.Stats.Grades[g])
		gl = append(gl, pg.T(g))
	}
	pg.GradeChart = barChart(pg.T("等级分布"), gl, gv)
	var labels []string
	for i := range 10 {
		labels = append(labels, fmt.Sprintf("%d–", i*10))
	}
	labels = append(labels, "100")
	pg.ScoreChart = barChart(pg.T("自评得分分布"), labels, pg.Stats.ScoreBins[:])
	units, err := s.st.UnitStats(ctx, pg.Year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, u := range units {
		row := UnitRow{Unit: u.Unit, Projects: u.Projects, Budget: u.Budget, Spent: u.Spent, Inflated: u.Inflated}
		row.Rate, row.RateOK = money.RatioBP(u.Spent, u.Budget)
		if u.Scored > 0 {
			// Mean to 0.01 point, rounded half away from zero.
			row.AvgScore = eval.Points(money.DivRound(int64(u.ScoreSum), int64(u.Scored)*100) * 100).String()
		}
		pg.Units = append(pg.Units, row)
	}
	if pg.Inflated, err = s.st.InflatedProjects(ctx, pg.Year, 200); err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "finance.html", pg)
}

// barChart draws a bar chart as inline SVG; every label and number is
// escaped by html/template rules applied by hand here (they are our own
// digits and fixed labels).
func barChart(title string, labels []string, values []int) template.HTML {
	const w, h, pad = 520, 200, 30
	maxV := 1
	for _, v := range values {
		maxV = max(maxV, v)
	}
	n := len(values)
	bw := (w - 2*pad) / max(n, 1)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h+40, template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `<text x="%d" y="16" class="chart-title">%s</text>`, pad, template.HTMLEscapeString(title))
	for i, v := range values {
		bh := v * (h - 40) / maxV
		x := pad + i*bw
		y := h - bh
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="bar"/>`, x+4, y, bw-8, bh)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="bar-value">%d</text>`, x+bw/2, y-4, v)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="bar-label">%s</text>`, x+bw/2, h+18, template.HTMLEscapeString(labels[i]))
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/></svg>`, pad, h, w-pad, h)
	return template.HTML(b.String())
}
