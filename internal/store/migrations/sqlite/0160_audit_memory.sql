-- 0160: the audit remembers (issue 16). Each run links to the previous runs; every suspect
-- keeps how it relates to earlier ones (new, resent with changed evidence, carried forward
-- unanswered with its age and accrued overpayment, still paid after confirmation); pairs a
-- town rejected and whose evidence did not change are held back (not sent) with the reason;
-- every suspect can be closed with an outcome and a root cause. Times are unix seconds,
-- money integer fen.
CREATE TABLE audit_run_links (
    run_id      INTEGER PRIMARY KEY REFERENCES audit_runs(id) ON DELETE CASCADE,
    prev_run_id INTEGER REFERENCES audit_runs(id) ON DELETE SET NULL,
    new_count   INTEGER NOT NULL DEFAULT 0,
    resent      INTEGER NOT NULL DEFAULT 0,
    carried     INTEGER NOT NULL DEFAULT 0,
    still_paid  INTEGER NOT NULL DEFAULT 0,
    repeated    INTEGER NOT NULL DEFAULT 0,
    held        INTEGER NOT NULL DEFAULT 0,
    held_why    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_memory (
    suspect_id      INTEGER PRIMARY KEY REFERENCES audit_suspects(id) ON DELETE CASCADE,
    prev_suspect_id INTEGER REFERENCES audit_suspects(id) ON DELETE SET NULL,
    decision        TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    first_sent      BIGINT NOT NULL DEFAULT 0,
    age_days        INTEGER NOT NULL DEFAULT 0,
    accrued         BIGINT NOT NULL DEFAULT 0,
    why_zh          TEXT NOT NULL DEFAULT '',
    why_en          TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_held (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
    prior_suspect_id INTEGER REFERENCES audit_suspects(id) ON DELETE SET NULL,
    town            TEXT NOT NULL,
    id_number       TEXT NOT NULL,
    name            TEXT NOT NULL,
    finding         TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    overpaid        BIGINT NOT NULL DEFAULT 0,
    why_zh          TEXT NOT NULL DEFAULT '',
    why_en          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_held_run ON audit_held(run_id, town);
CREATE TABLE audit_outcomes (
    suspect_id  INTEGER PRIMARY KEY REFERENCES audit_suspects(id) ON DELETE CASCADE,
    outcome     TEXT NOT NULL,
    root_cause  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    closed_by   INTEGER REFERENCES users(id),
    closed_at   BIGINT NOT NULL
);
