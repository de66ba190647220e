-- 0121: hardship-group coverage of an audit run (issue 12): the members of
-- 低保, 特困 and 低收入 households who are on no roll, or enrolled without 代缴,
-- per town, so that the run page lists the people missing.
CREATE TABLE audit_coverage (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
    town       TEXT NOT NULL,
    id_number  TEXT NOT NULL,
    name       TEXT NOT NULL,
    grp        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    confidence TEXT NOT NULL,
    reason_zh  TEXT NOT NULL,
    reason_en  TEXT NOT NULL
);
CREATE INDEX audit_coverage_run ON audit_coverage (run_id, town);
