-- 0182: 公开 — per project, whether its target sheet (随预算) and its self-evaluation (随决算)
-- were published, when and where, or why not (issue 18; docs/review.md).
CREATE TABLE publications (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    kind        TEXT NOT NULL,
    published   INTEGER NOT NULL,
    pub_date    TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    user_id     INTEGER NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, kind)
);
