-- 0161: 待遇资格认证 in the web application (issue 16). A certification run is one month's
-- status of every recipient (internal/certrun) kept as evidence: the whole roll's and each
-- town's tally (JSON of cert.Tally: statuses, 应认证, 已认证 by channel, 补发, overpaid), and
-- the rows of its lists (due, suspend, resume, dead, review) as JSON of certrun.Row, so the
-- due list of a town is downloaded as it was computed. audit_run_id links the 两上两下 run
-- that carries the suspension list. Offline certifications (线下辅助, 上门) recorded by the
-- towns with an evidence note or file join the next run's events. Times are unix seconds.
CREATE TABLE cert_runs (
    id           INTEGER PRIMARY KEY,
    as_of        TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    rules        TEXT NOT NULL DEFAULT '',
    files        TEXT NOT NULL DEFAULT '',
    row_errors   TEXT NOT NULL DEFAULT '',
    rows_read    INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    roll_rows    INTEGER NOT NULL DEFAULT 0,
    events       INTEGER NOT NULL DEFAULT 0,
    offline      INTEGER NOT NULL DEFAULT 0,
    unmatched    INTEGER NOT NULL DEFAULT 0,
    tally        TEXT NOT NULL DEFAULT '',
    audit_run_id INTEGER REFERENCES audit_runs(id) ON DELETE SET NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX cert_runs_month ON cert_runs(as_of);
CREATE TABLE cert_run_towns (
    run_id INTEGER NOT NULL REFERENCES cert_runs(id) ON DELETE CASCADE,
    town   TEXT NOT NULL,
    tally  TEXT NOT NULL,
    PRIMARY KEY (run_id, town)
);
CREATE TABLE cert_run_rows (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL REFERENCES cert_runs(id) ON DELETE CASCADE,
    list      TEXT NOT NULL,
    town      TEXT NOT NULL,
    id_number TEXT NOT NULL,
    name      TEXT NOT NULL,
    data      TEXT NOT NULL
);
CREATE INDEX cert_run_rows_list ON cert_run_rows(run_id, list, town);
CREATE TABLE cert_offline (
    id            INTEGER PRIMARY KEY,
    town          TEXT NOT NULL,
    id_number     TEXT NOT NULL,
    name          TEXT NOT NULL,
    cert_date     TEXT NOT NULL,
    channel       TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    evidence_name TEXT NOT NULL DEFAULT '',
    evidence      BLOB,
    created_by    INTEGER REFERENCES users(id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX cert_offline_town ON cert_offline(town, cert_date);
