-- 0184: 绩效目标审核 — the bureau's review of a declared target sheet, round by round: the result
-- (通过 / 修改后通过 / 不通过), opinion codes and text overall and per indicator, with the targets as
-- reviewed (issue 18; docs/review.md).
CREATE TABLE target_reviews (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    round       INTEGER NOT NULL,
    result      TEXT NOT NULL,
    codes       TEXT NOT NULL DEFAULT '',
    opinion     TEXT NOT NULL DEFAULT '',
    user_id     INTEGER NOT NULL REFERENCES users(id),
    reviewed_at BIGINT NOT NULL,
    UNIQUE (project_id, round)
);
CREATE TABLE target_review_items (
    review_id   INTEGER NOT NULL REFERENCES target_reviews(id),
    pos         INTEGER NOT NULL,
    indicator   TEXT NOT NULL,
    target      TEXT NOT NULL,
    codes       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, pos)
);
