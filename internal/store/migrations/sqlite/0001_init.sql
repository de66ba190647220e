-- 0001: units, users, sessions, projects with money, indicators, audit trail.
CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES units(id),
    name      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL
);
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    id_number     TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    must_change   INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL
);
CREATE TABLE projects (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    year           INTEGER NOT NULL,
    name           TEXT NOT NULL,
    period_start   TEXT NOT NULL DEFAULT '',
    period_end     TEXT NOT NULL DEFAULT '',
    basis          TEXT NOT NULL DEFAULT '',
    nature         TEXT NOT NULL DEFAULT '',
    scope          TEXT NOT NULL DEFAULT '',
    budget_higher  BIGINT NOT NULL DEFAULT 0,
    budget_local   BIGINT NOT NULL DEFAULT 0,
    budget_other   BIGINT NOT NULL DEFAULT 0,
    received       BIGINT NOT NULL DEFAULT 0,
    spent          BIGINT NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'draft',
    version        INTEGER NOT NULL DEFAULT 1,
    template       TEXT NOT NULL DEFAULT '',
    rule_set       TEXT NOT NULL DEFAULT 'caiyu-2020-10',
    monitor_date   TEXT NOT NULL DEFAULT '',
    monitor_reason TEXT NOT NULL DEFAULT '',
    self_score     BIGINT NOT NULL DEFAULT 0,
    self_grade     TEXT NOT NULL DEFAULT '',
    review_score   BIGINT,
    review_grade   TEXT NOT NULL DEFAULT '',
    weight_total   BIGINT NOT NULL DEFAULT 0,
    errors         INTEGER NOT NULL DEFAULT 0,
    warnings       INTEGER NOT NULL DEFAULT 0,
    inflated       TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (unit_id, year, name)
);
CREATE INDEX projects_year ON projects(year, unit_id);
CREATE TABLE narratives (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    section    TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (project_id, section)
);
CREATE TABLE money_records (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    source     INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX money_records_project ON money_records(project_id, kind);
CREATE TABLE indicators (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    level1          TEXT NOT NULL,
    level2          TEXT NOT NULL,
    level3          TEXT NOT NULL,
    target          TEXT NOT NULL DEFAULT '',
    direction       TEXT NOT NULL DEFAULT '',
    weight          BIGINT NOT NULL DEFAULT 0,
    actual          TEXT NOT NULL DEFAULT '',
    score           BIGINT,
    basis           TEXT NOT NULL DEFAULT '',
    review_score    BIGINT,
    review_note     TEXT NOT NULL DEFAULT '',
    progress        TEXT NOT NULL DEFAULT '',
    progress_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicators_project ON indicators(project_id, pos);
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users(id),
    at         BIGINT NOT NULL,
    action     TEXT NOT NULL,
    field      TEXT NOT NULL DEFAULT '',
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_project ON events(project_id, id);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
