-- 0157: indicators from evidence (issue 15) — a mapping the user sets once
-- from a 三级 indicator's name (as the sheets write it, e.g. 养老金按时足额
-- 发放比例) to the rate computed from the data it is (足额发放率, 追回率 …),
-- for the names the built-in matching does not recognise. It applies to
-- every project and year with a row of that name.
CREATE TABLE evidence_names (
    name       TEXT PRIMARY KEY,
    indicator  TEXT NOT NULL,
    set_by     INTEGER REFERENCES users(id),
    set_at     BIGINT NOT NULL
);
