-- 0140: indexes serving the suspect list's orders (store.SuspectSorts) with the state filter
-- covered, so a page is read from one index in order (LIMIT … OFFSET walks index entries only,
-- store/audit_page.go) instead of sorting the whole filtered set. The default order's index also
-- holds name and id_number, so a search scans that index without reading the table.
CREATE INDEX audit_suspects_list_default ON audit_suspects(run_id DESC, town, scheme, id, state, name, id_number);
CREATE INDEX audit_suspects_list_id ON audit_suspects(id, state);
CREATE INDEX audit_suspects_list_town ON audit_suspects(town, id, state);
CREATE INDEX audit_suspects_list_name ON audit_suspects(name, id, state);
CREATE INDEX audit_suspects_list_overpaid ON audit_suspects(overpaid DESC, id, state);
CREATE INDEX audit_suspects_list_months ON audit_suspects(overpaid_months DESC, id, state);
CREATE INDEX audit_suspects_list_eventdate ON audit_suspects(event_date, id, state);
CREATE INDEX audit_suspects_list_state ON audit_suspects(state, run_id);
CREATE INDEX audit_suspects_list_townstate ON audit_suspects(town, state, run_id DESC, scheme, id);
