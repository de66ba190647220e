package web

import (
	"context"
	"mime"
	"net/http"

	"jixiao/internal/store"
)

// downloadRecorder notes whether an answer is a file (Content-Disposition
// attachment) and its status.
type downloadRecorder struct {
	http.ResponseWriter
	s      *Server
	r      *http.Request
	status int
}

// WriteHeader records a file answer in the trail before it is sent, so
// the row exists by the time the user has the file.
func (d *downloadRecorder) WriteHeader(code int) {
	if d.status == 0 {
		d.status = code
		if _, params, err := mime.ParseMediaType(d.Header().Get("Content-Disposition")); err == nil && code == http.StatusOK && params["filename"] != "" {
			ctx := context.WithoutCancel(d.r.Context())
			// params["filename"] is the RFC 5987 name, decoded.
			if err := d.s.st.RecordEvent(ctx, store.Event{Action: store.ActionDownload, Field: params["filename"], New: d.r.URL.Path, Note: d.r.URL.RawQuery}); err != nil {
				d.s.log.Error("download not recorded in the trail", "path", d.r.URL.Path, "err", err)
			}
		}
	}
	d.ResponseWriter.WriteHeader(code)
}

func (d *downloadRecorder) Write(b []byte) (int, error) {
	if d.status == 0 {
		d.WriteHeader(http.StatusOK)
	}
	return d.ResponseWriter.Write(b)
}

func (d *downloadRecorder) Unwrap() http.ResponseWriter { return d.ResponseWriter }

// recordDownloads writes a trail row for every file a logged-in user
// downloads — who, which file, with which selection (the query) — so the
// trail says who took which list out of the system.
func (s *Server) recordDownloads(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			h(w, r)
			return
		}
		h(&downloadRecorder{ResponseWriter: w, s: s, r: r}, r)
	}
}
