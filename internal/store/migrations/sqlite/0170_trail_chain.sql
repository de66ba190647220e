-- 0170: the trail is tamper-evident and kept. Every row of events and audit_events gets its place
-- in one chain (seq) and a hash of its content and of the previous row's hash; trail_head holds
-- the last place and hash (and, once, how many older rows the program must seal at start-up).
-- Trail rows are never deleted (a project's deletion is refused, not cascaded) nor changed.
ALTER TABLE events ADD COLUMN seq BIGINT;
ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX events_seq ON events(seq);
ALTER TABLE audit_events ADD COLUMN seq BIGINT;
ALTER TABLE audit_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX audit_events_seq ON audit_events(seq);
CREATE INDEX events_user ON events(user_id, id);
CREATE INDEX events_action ON events(action, id);
CREATE INDEX events_at ON events(at);
CREATE TABLE trail_head (
    id            INTEGER PRIMARY KEY,
    seq           BIGINT NOT NULL,
    hash          TEXT NOT NULL,
    legacy_events BIGINT NOT NULL,
    legacy_audit  BIGINT NOT NULL
);
INSERT INTO trail_head (id, seq, hash, legacy_events, legacy_audit) SELECT 1, 0, '', (SELECT COALESCE(max(id), 0) FROM events), (SELECT COALESCE(max(id), 0) FROM audit_events);
CREATE TRIGGER events_keep BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'trail rows are never deleted'); END;
CREATE TRIGGER audit_events_keep BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'trail rows are never deleted'); END;
CREATE TRIGGER events_fixed BEFORE UPDATE ON events WHEN OLD.seq IS NOT NULL BEGIN SELECT RAISE(ABORT, 'trail rows are never changed'); END;
CREATE TRIGGER audit_events_fixed BEFORE UPDATE ON audit_events WHEN OLD.seq IS NOT NULL BEGIN SELECT RAISE(ABORT, 'trail rows are never changed'); END;
