package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/report/export"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/reviewdesk"
	"jixiao/internal/store"
)

// The review desk looks back this many years for history (re-scores, the
// unit's last year, reuse across years).
const deskHistoryYears = 2

// DeskRow is one report of the year on the review desk.
type DeskRow struct {
	Rank      int
	ProjectID int64
	Unit      string
	Project   string
	Amount    eval.Amount
	Risk      int
	Reasons   []DeskReason
	Stratum   string // in the sample: its stratum
	ByRisk    bool
	Sampled   bool
}

// DeskReason is one finding as it reads on the page.
type DeskReason struct {
	Signal, Text string
}

// DeskPassage is one pair of matching passages.
type DeskPassage struct {
	Finding            string
	UnitA, ProjectA    string
	YearA              int
	UnitB, ProjectB    string
	YearB              int
	TextA, TextB       string
	ProjectIDA, ProjIB int64
}

// ReviewDeskPage is the finance bureau's review desk (复核工作台).
type ReviewDeskPage struct {
	Page
	Years    []int
	Year     int
	Units    []store.Unit
	Selected map[int64]bool
	Sample   int
	Seed     uint64
	Total    int // reports of the year under review
	Rows     []DeskRow
	Sampled  []DeskRow
	Passages []DeskPassage
	Query    string // the selection as a query string, for the download
}

// deskSelection reads year, units, sample size and seed from the query.
func (s *Server) deskSelection(r *http.Request, years []int) (year int, unitIDs []int64, sample int, seed uint64) {
	q := r.URL.Query()
	year, _ = strconv.Atoi(q.Get("year"))
	if year == 0 && len(years) > 0 {
		year = years[0]
	}
	for _, v := range q["unit"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			unitIDs = append(unitIDs, id)
		}
	}
	sample = 20
	if v, err := strconv.Atoi(q.Get("sample")); err == nil && v >= 0 && v <= 1000 {
		sample = v
	}
	seed = 1
	if v, err := strconv.ParseUint(q.Get("seed"), 10, 64); err == nil {
		seed = v
	}
	return
}

// deskFor runs the review desk over the year's projects of the units (nil:
// all) with deskHistoryYears of history; ids maps each item to its project.
func (s *Server) deskFor(ctx context.Context, year int, unitIDs []int64, sample int, seed uint64) (*reviewdesk.Desk, []int64, error) {
	var items []reviewdesk.Item
	var ids []int64
	var rescores []reviewdesk.Rescore
	for y := year - deskHistoryYears; y <= year; y++ {
		ps, err := s.st.Projects(ctx, store.ProjectFilter{Year: y, UnitIDs: unitIDs})
		if err != nil {
			return nil, nil, err
		}
		if len(items)+len(ps) > maxSummaryProjects {
			return nil, nil, errTooMany
		}
		for _, p := range ps {
			sh, err := s.st.LoadSheet(ctx, p.ID)
			if err != nil {
				return nil, nil, err
			}
			ev, err := project.Evaluate(&sh)
			if err != nil {
				return nil, nil, err
			}
			rep := ev.Report
			items = append(items, reviewdesk.Item{Report: rep, Result: ev.Result})
			ids = append(ids, p.ID)
			if ev.Summary.HasReview {
				rescores = append(rescores, reviewdesk.Rescore{Unit: rep.Unit, Project: rep.Project, Year: rep.Year, Score: ev.Summary.ReviewScore})
			}
		}
	}
	d := reviewdesk.Review(items, reviewdesk.Options{Year: year, Rescores: rescores, Sample: sample, Seed: seed})
	return d, ids, nil
}

var errTooMany = fmt.Errorf("web: review desk: more than %d projects", maxSummaryProjects)

func (s *Server) reviewDeskPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pg := ReviewDeskPage{Page: s.page(r, "复核工作台"), Selected: map[int64]bool{}}
	var err error
	if pg.Years, err = s.st.Years(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	var unitIDs []int64
	pg.Year, unitIDs, pg.Sample, pg.Seed = s.deskSelection(r, pg.Years)
	for _, id := range unitIDs {
		pg.Selected[id] = true
	}
	if pg.Units, err = s.units(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	d, ids, err := s.deskFor(ctx, pg.Year, unitIDs, pg.Sample, pg.Seed)
	if err == errTooMany {
		s.showError(w, r, http.StatusUnprocessableEntity, pg.P.Tf("所选项目过多（上限 %d 个），请选择单位后再复核。", maxSummaryProjects))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Query = r.URL.RawQuery
	pg.Total = len(d.Ranking)
	row := func(rank int, rk reviewdesk.Ranked) DeskRow {
		rep := d.Items[rk.Item].Report
		dr := DeskRow{Rank: rank, ProjectID: ids[rk.Item], Unit: rep.Unit, Project: rep.Project, Amount: rk.Amount, Risk: rk.Risk}
		for _, fi := range rk.Findings {
			f := d.Findings[fi]
			dr.Reasons = append(dr.Reasons, DeskReason{string(f.Signal), pg.P.Pick(f.MessageZH, f.MessageEN)})
		}
		return dr
	}
	rankOf := map[int]int{}
	for k, rk := range d.Ranking {
		rankOf[rk.Item] = k + 1
		if rk.Risk > 0 && len(pg.Rows) < 200 {
			pg.Rows = append(pg.Rows, row(k+1, rk))
		}
	}
	for _, sm := range d.Sample {
		dr := row(rankOf[sm.Item], sm.Ranked)
		dr.Sampled, dr.Stratum, dr.ByRisk = true, sm.Stratum, sm.ByRisk
		pg.Sampled = append(pg.Sampled, dr)
	}
	for _, f := range d.Findings {
		for _, p := range f.Passages {
			a, b := d.Items[p.A].Report, d.Items[p.B].Report
			pg.Passages = append(pg.Passages, DeskPassage{Finding: string(f.Signal),
				UnitA: a.Unit, ProjectA: a.Project, YearA: a.Year, UnitB: b.Unit, ProjectB: b.Project, YearB: b.Year,
				TextA: p.TextA, TextB: p.TextB, ProjectIDA: ids[p.A], ProjIB: ids[p.B]})
			if len(pg.Passages) >= 60 {
				break
			}
		}
	}
	s.show(w, r, "reviewdesk.html", pg)
}

// downloadReviewDesk answers the desk as .xlsx: ranking, findings and the
// 抽评 work list.
func (s *Server) downloadReviewDesk(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	years, err := s.st.Years(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year, unitIDs, sample, seed := s.deskSelection(r, years)
	d, _, err := s.deskFor(ctx, year, unitIDs, sample, seed)
	if err == errTooMany {
		s.showError(w, r, http.StatusUnprocessableEntity, s.page(r, "").P.Tf("所选项目过多（上限 %d 个），请选择单位后再复核。", maxSummaryProjects))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := xlsx.WriteReviewDesk(&buf, d); err != nil {
		s.fail(w, r, fmt.Errorf("web: review desk xlsx: %w", err))
		return
	}
	setDownload(w, export.XLSX.ContentType(), "attachment", export.SafeName(fmt.Sprintf("%d_复核工作台_抽评清单", year))+".xlsx")
	w.Write(buf.Bytes())
}
