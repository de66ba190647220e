-- 0141: the suspect list's search without a scan (store/audit_page.go, suspectKeys). Each suspect
-- has a key per suffix of its name ('n' + suffix: any part of a name is the start of one) and its
-- ID number reversed ('i' + reversed: the last digits people quote are its start), so a search is
-- a range of this index (key >= q AND key < q || U+10FFFF) instead of LIKE '%q%' over every row.
-- COLLATE "C" compares bytes as SQLite does, so the range holds under any database collation.
-- Existing suspects get their keys from the migration's Go step (store.go, migrationSteps).
CREATE TABLE audit_suspect_keys (
    key        TEXT COLLATE "C" NOT NULL,
    suspect_id BIGINT NOT NULL REFERENCES audit_suspects(id) ON DELETE CASCADE,
    PRIMARY KEY (key, suspect_id)
);
CREATE INDEX audit_suspect_keys_suspect ON audit_suspect_keys(suspect_id);
