-- 0180: 结果应用 — the finance bureau's decision on next year's budget of each evaluated project,
-- beside the advice its grade earns (issue 18; docs/review.md).
CREATE TABLE budget_decisions (
    project_id  INTEGER PRIMARY KEY REFERENCES projects(id),
    grade       TEXT NOT NULL,
    advice      TEXT NOT NULL,
    decision    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    user_id     INTEGER NOT NULL REFERENCES users(id),
    decided_at  BIGINT NOT NULL
);
