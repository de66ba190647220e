package web

import (
	"fmt"
	"net/http"
	"time"

	"jixiao/internal/store"
)

// BackupInfo is the result of the last scheduled backup (jixiao serve
// --backup-dir).
type BackupInfo struct {
	At    time.Time
	File  string
	Bytes int64
	Took  time.Duration
	Err   string // the last attempt failed: why, and when
	ErrAt time.Time
}

// Size is the backup's size in MiB, or bytes when small.
func (b BackupInfo) Size() string {
	if b.Bytes < 1<<20 {
		return fmt.Sprintf("%d B", b.Bytes)
	}
	return fmt.Sprintf("%.1f MiB", float64(b.Bytes)/(1<<20))
}

// SystemPage shows the backups and the trail's integrity.
type SystemPage struct {
	Page
	Scheduled bool // --backup-dir is set
	Backup    BackupInfo
	Trail     *store.TrailCheck // the chain check, when asked for
	TrailTook string
}

func (s *Server) systemPage(w http.ResponseWriter, r *http.Request) {
	pg := SystemPage{Page: s.page(r, "系统状态")}
	if s.opt.LastBackup != nil {
		pg.Scheduled = true
		pg.Backup = s.opt.LastBackup()
	}
	if r.URL.Query().Get("verify") == "1" {
		start := time.Now()
		c, err := s.st.VerifyTrail(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		pg.Trail, pg.TrailTook = &c, time.Since(start).Round(time.Millisecond).String()
		if !c.OK {
			s.log.Error("trail check failed", "problem", c.Problem)
		}
	}
	s.show(w, r, "system.html", pg)
}
