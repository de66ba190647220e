-- 0190 (issue 14): the audit trail filtered by a user or an action, newest first, read in place
-- order (seq) from an index instead of sorting every matching row. Numbered after 0170, which
-- adds seq. The trail search merges the two tables' arms by seq (internal/store TrailFilter).
CREATE INDEX events_user_seq ON events(user_id, seq);
CREATE INDEX events_action_seq ON events(action, seq);
CREATE INDEX events_project_seq ON events(project_id, seq);
CREATE INDEX audit_events_user_seq ON audit_events(user_id, seq);
