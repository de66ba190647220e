-- 0150: the monthly benefit cycle on the web (issue 15). A pay run is one
-- payroll (发放明细) checked against the roll and the rules, with its bank
-- returns (回盘): the reconciled counts, the figures, the computed
-- indicators (JSON of eval.Evidence: numerator and denominator kept, so a
-- year is summed from its months) and next month's fund request (JSON of
-- payroll.FundRequest). Findings, unverifiable reasons, failed payments and
-- shared accounts are rows, so a town clerk reads only their own town's.
-- Receipts (资金到位) record money received from 上级 / 本级 finance against
-- a month's request.
CREATE TABLE pay_runs (
    id             INTEGER PRIMARY KEY,
    month_from     TEXT NOT NULL,
    month_to       TEXT NOT NULL,
    rules          TEXT NOT NULL,
    source         TEXT NOT NULL,
    files          TEXT NOT NULL DEFAULT '',
    rows_read      INTEGER NOT NULL DEFAULT 0,
    verified       INTEGER NOT NULL DEFAULT 0,
    finding_rows   INTEGER NOT NULL DEFAULT 0,
    unverified     INTEGER NOT NULL DEFAULT 0,
    outside        INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    roll_skipped   INTEGER NOT NULL DEFAULT 0,
    due            BIGINT NOT NULL DEFAULT 0,
    paid           BIGINT NOT NULL DEFAULT 0,
    has_returns    INTEGER NOT NULL DEFAULT 0,
    ret_rows       INTEGER NOT NULL DEFAULT 0,
    ret_succeeded  INTEGER NOT NULL DEFAULT 0,
    ret_failed     INTEGER NOT NULL DEFAULT 0,
    ret_paid       BIGINT NOT NULL DEFAULT 0,
    ret_due        BIGINT NOT NULL DEFAULT 0,
    ret_due_rows   INTEGER NOT NULL DEFAULT 0,
    ret_not_returned INTEGER NOT NULL DEFAULT 0,
    ret_not_in_payroll INTEGER NOT NULL DEFAULT 0,
    ret_outside    INTEGER NOT NULL DEFAULT 0,
    paid_on        TEXT NOT NULL DEFAULT '',
    due_on         TEXT NOT NULL DEFAULT '',
    indicators     TEXT NOT NULL DEFAULT '',
    fund_month     TEXT NOT NULL DEFAULT '',
    fund           TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users(id),
    created_at     BIGINT NOT NULL
);
CREATE TABLE pay_findings (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES pay_runs(id) ON DELETE CASCADE,
    town       TEXT NOT NULL,
    id_number  TEXT NOT NULL,
    name       TEXT NOT NULL,
    scheme     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    months     TEXT NOT NULL,
    expected   BIGINT NOT NULL,
    paid       BIGINT NOT NULL,
    n_rows     INTEGER NOT NULL,
    formula    TEXT NOT NULL,
    lines      TEXT NOT NULL
);
CREATE INDEX pay_findings_run ON pay_findings (run_id, town, kind);
CREATE TABLE pay_unverifiable (
    run_id  INTEGER NOT NULL REFERENCES pay_runs(id) ON DELETE CASCADE,
    reason  TEXT NOT NULL,
    n_rows  INTEGER NOT NULL,
    sample  TEXT NOT NULL
);
CREATE INDEX pay_unverifiable_run ON pay_unverifiable (run_id);
CREATE TABLE pay_failed (
    run_id     INTEGER NOT NULL REFERENCES pay_runs(id) ON DELETE CASCADE,
    town       TEXT NOT NULL,
    id_number  TEXT NOT NULL,
    name       TEXT NOT NULL,
    month      TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    reason     TEXT NOT NULL,
    class      TEXT NOT NULL
);
CREATE INDEX pay_failed_run ON pay_failed (run_id, town);
CREATE TABLE pay_shared (
    run_id     INTEGER NOT NULL REFERENCES pay_runs(id) ON DELETE CASCADE,
    account    TEXT NOT NULL,
    town       TEXT NOT NULL,
    id_number  TEXT NOT NULL,
    name       TEXT NOT NULL
);
CREATE INDEX pay_shared_run ON pay_shared (run_id, town);
CREATE TABLE pay_receipts (
    id          INTEGER PRIMARY KEY,
    month       TEXT NOT NULL,
    source      TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX pay_receipts_month ON pay_receipts (month);
