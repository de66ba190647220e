-- 0120: what each input file of an audit run gave (issue 12): where the header
-- was found, rows read = used + rejected + skipped, damaged ID numbers, the
-- warnings in words; and the death records with damaged IDs that matched no
-- roll row, listed on the run so that nobody takes them for "not on the roll".
CREATE TABLE audit_run_files (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT '',
    format        TEXT NOT NULL DEFAULT '',
    header        TEXT NOT NULL DEFAULT '',
    rows_read     INTEGER NOT NULL DEFAULT 0,
    rows_used     INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    rows_skipped  INTEGER NOT NULL DEFAULT 0,
    skipped_note  TEXT NOT NULL DEFAULT '',
    damaged_ids   INTEGER NOT NULL DEFAULT 0,
    warnings      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_run_files_run ON audit_run_files (run_id, seq);
ALTER TABLE audit_runs ADD COLUMN unmatched_damaged TEXT NOT NULL DEFAULT '';
