-- 0191 (issue 14): nothing for SQLite. PostgreSQL adds id to the indexes of the users' sort by
-- user name and the project overview's default order, so that a page jump skips index entries
-- only; a SQLite index holds the rowid (id) already.
SELECT 1;
