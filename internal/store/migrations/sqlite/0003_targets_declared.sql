-- 0003: targets are declared (申报) once their weights total 100; the self-evaluation needs them declared.
ALTER TABLE projects ADD COLUMN targets_declared INTEGER NOT NULL DEFAULT 0;
