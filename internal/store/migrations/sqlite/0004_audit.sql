-- 0004: survival audit (生存稽核) in the web application: runs, suspects with the
-- two-up-two-down (两上两下) state and trail, recovery cases and repayments.
-- Money is integer fen; times are unix seconds; dates are YYYY-MM-DD text.
CREATE TABLE audit_runs (
    id            INTEGER PRIMARY KEY,
    as_of         TEXT NOT NULL,
    source        TEXT NOT NULL,
    files         TEXT NOT NULL DEFAULT '',
    rows_read     INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    roll_rows     INTEGER NOT NULL DEFAULT 0,
    row_errors    TEXT NOT NULL DEFAULT '',
    reply_days    INTEGER NOT NULL DEFAULT 10,
    confirm_days  INTEGER NOT NULL DEFAULT 5,
    sent_at       BIGINT NOT NULL DEFAULT 0,
    sent_by       INTEGER REFERENCES users(id),
    reply_due     BIGINT NOT NULL DEFAULT 0,
    issued_at     BIGINT NOT NULL DEFAULT 0,
    confirm_due   BIGINT NOT NULL DEFAULT 0,
    created_by    INTEGER REFERENCES users(id),
    created_at    BIGINT NOT NULL
);
CREATE TABLE audit_suspects (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
    town            TEXT NOT NULL,
    id_number       TEXT NOT NULL,
    name            TEXT NOT NULL,
    scheme          TEXT NOT NULL,
    finding         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    confidence      TEXT NOT NULL,
    reason_zh       TEXT NOT NULL DEFAULT '',
    reason_en       TEXT NOT NULL DEFAULT '',
    event_date      TEXT NOT NULL DEFAULT '',
    sources         TEXT NOT NULL DEFAULT '',
    monthly         BIGINT NOT NULL DEFAULT 0,
    overpaid_months INTEGER NOT NULL DEFAULT 0,
    overpaid        BIGINT NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT '',
    action          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_suspects_run ON audit_suspects(run_id, town, state);
CREATE INDEX audit_suspects_town ON audit_suspects(town, state);
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    suspect_id  INTEGER REFERENCES audit_suspects(id) ON DELETE CASCADE,
    case_id     INTEGER,
    at          BIGINT NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    actor       TEXT NOT NULL DEFAULT '',
    actor_role  TEXT NOT NULL DEFAULT '',
    actor_town  TEXT NOT NULL DEFAULT '',
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_suspect ON audit_events(suspect_id, id);
CREATE INDEX audit_events_case ON audit_events(case_id, id);
CREATE TABLE audit_cases (
    id               INTEGER PRIMARY KEY,
    suspect_id       INTEGER UNIQUE REFERENCES audit_suspects(id),
    id_number        TEXT NOT NULL,
    name             TEXT NOT NULL,
    town             TEXT NOT NULL,
    scheme           TEXT NOT NULL,
    case_type        TEXT NOT NULL,
    due              BIGINT NOT NULL,
    opened           TEXT NOT NULL,
    written_off      INTEGER NOT NULL DEFAULT 0,
    write_off_reason TEXT NOT NULL DEFAULT '',
    write_off_on     TEXT NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES users(id),
    created_at       BIGINT NOT NULL
);
CREATE INDEX audit_cases_opened ON audit_cases(opened);
CREATE TABLE audit_repayments (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES audit_cases(id) ON DELETE CASCADE,
    on_date    TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    method     TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_repayments_case ON audit_repayments(case_id, on_date);
