-- 0145: the names a unit prints in its documents' signature block (单位负责人, 填报人, 联系电话),
-- kept with the unit and filled into every export (issue 14; docs/documents.md).
CREATE TABLE unit_signers (
    unit_id INTEGER PRIMARY KEY REFERENCES units(id),
    head    TEXT NOT NULL DEFAULT '',
    filer   TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT ''
);
