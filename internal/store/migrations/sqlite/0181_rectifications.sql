-- 0181: 整改 — problems found by the checker, the unit or the bureau's review become items
-- followed to the bureau's acceptance (issue 18; docs/review.md).
CREATE TABLE rectifications (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    source       TEXT NOT NULL,
    problem      TEXT NOT NULL,
    measure      TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL,
    due          TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open',
    feedback     TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    reported_at  BIGINT,
    review_note  TEXT NOT NULL DEFAULT '',
    reviewed_by  INTEGER REFERENCES users(id),
    reviewed_at  BIGINT,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX rectifications_project ON rectifications (project_id);
