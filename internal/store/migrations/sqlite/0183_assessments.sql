-- 0183: 事前绩效评估 — the bureau's ex-ante assessments of a year's projects, scored on the
-- dimensions of its rule file (kept: a re-assessment adds a row, the latest counts), and the
-- year's budget list with the gate's overrides (issue 18; docs/review.md).
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    rule_name   TEXT NOT NULL,
    total       BIGINT NOT NULL,
    conclusion  TEXT NOT NULL,
    opinion     TEXT NOT NULL DEFAULT '',
    user_id     INTEGER NOT NULL REFERENCES users(id),
    assessed_at BIGINT NOT NULL
);
CREATE INDEX assessments_project ON assessments (project_id);
CREATE TABLE assessment_scores (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    pos           INTEGER NOT NULL,
    dimension     TEXT NOT NULL,
    weight        BIGINT NOT NULL,
    score         BIGINT NOT NULL,
    opinion       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, pos)
);
CREATE TABLE budget_list (
    project_id  INTEGER PRIMARY KEY REFERENCES projects(id),
    override    TEXT NOT NULL DEFAULT '',
    user_id     INTEGER NOT NULL REFERENCES users(id),
    listed_at   BIGINT NOT NULL
);
