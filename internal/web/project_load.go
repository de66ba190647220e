package web

import (
	"errors"
	"net/http"
	"strconv"

	"jixiao/internal/store"
)

// loadSheet loads the project named in the URL and checks that the user
// may see it. It writes the error response and returns false otherwise.
func (s *Server) loadSheet(w http.ResponseWriter, r *http.Request) (*store.Sheet, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	sh, err := s.st.LoadSheet(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	ok, err := s.canSee(r.Context(), currentUser(r), &sh.Project)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if !ok {
		s.forbidden(w, r)
		return nil, false
	}
	return &sh, true
}

// loadProject loads the project named in the URL: 404 for a malformed
// or unknown id. Who may act on it is the caller's check.
func (s *Server) loadProject(w http.ResponseWriter, r *http.Request) (store.Project, bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return store.Project{}, false
	}
	p, err := s.st.Project(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return p, false
	}
	if err != nil {
		s.fail(w, r, err)
		return p, false
	}
	return p, true
}

// loadEditable is loadSheet for changes by the filer while in draft.
func (s *Server) loadEditable(w http.ResponseWriter, r *http.Request) (*store.Sheet, bool) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return nil, false
	}
	if !canEdit(currentUser(r), &sh.Project) {
		s.forbidden(w, r)
		return nil, false
	}
	return sh, true
}

// formVersion reads the version a form was based on.
func formVersion(r *http.Request) int64 {
	v, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return v
}
