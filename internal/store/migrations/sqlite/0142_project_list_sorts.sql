-- 0142: the project overview's sorts within a year (store.ProjectSorts): by self-evaluation score,
-- by 预算执行率 and by last change read a year's projects in order from an index instead of
-- sorting them all for every page.
CREATE INDEX projects_year_score ON projects(year, self_score DESC, id);
CREATE INDEX projects_year_execution ON projects(year, execution_bp, id);
CREATE INDEX projects_year_updated ON projects(year, updated_at DESC, id);
