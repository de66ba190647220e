-- 0002: the overview lists a year's projects by unit and name, a page at a time.
CREATE INDEX projects_year_unit_name ON projects(year, unit_id, name);
