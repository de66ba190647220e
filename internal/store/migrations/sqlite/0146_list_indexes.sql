-- 0146: the lists at 50,000 rows (issue 14). The users list's sorts and filters (store.UserSorts:
-- by name, role, unit; a role's or a unit's users), the project overview's sorts by name and by
-- status within a year, and a town's recovery cases, read from an index instead of sorting every
-- row for each page. (The audit trail's filters have their indexes since 0170.)
CREATE INDEX users_list_name ON users(display_name, id);
CREATE INDEX users_list_role ON users(role, id);
CREATE INDEX users_list_unit ON users(unit_id, id);
CREATE INDEX projects_year_name ON projects(year, name, id);
CREATE INDEX projects_year_status ON projects(year, status, id);
CREATE INDEX audit_cases_town ON audit_cases(town, opened, id);
