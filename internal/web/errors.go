package web

import (
	"bytes"
	"errors"
	"net/http"

	"jixiao/internal/eval"
	"jixiao/internal/locale"
	"jixiao/internal/store"
)

func isConflict(err error) bool  { return errors.Is(err, store.ErrConflict) }
func isDuplicate(err error) bool { return errors.Is(err, store.ErrDuplicate) }

func pointsOf(whole int64) eval.Points { return eval.P(whole) }

// errorPage is what error.html receives.
type errorPage struct {
	Page
	Code    int
	Message string
}

// errorTitles name an error status in Chinese (the catalogue's keys).
var errorTitles = map[int]string{
	http.StatusBadRequest: "请求有误", http.StatusUnauthorized: "请先登录", http.StatusForbidden: "无权访问",
	http.StatusNotFound: "未找到", http.StatusConflict: "操作冲突", http.StatusUnprocessableEntity: "输入有误",
	http.StatusServiceUnavailable: "暂不可用", http.StatusInternalServerError: "内部错误",
}

// showError answers with an error page inside the layout (with the
// navigation for a logged-in user), in the page's language only: msg is
// Chinese (translated by the catalogue) or bilingual "中文 (english)"
// (printed in one language). Requests made by htmx get the message alone.
func (s *Server) showError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	p := locale.FromRequest(r)
	title := errorTitles[code]
	if title == "" {
		title = "出错了"
	}
	text := p.T(msg)
	if msg == "" {
		text = p.T(title)
	}
	if r.Header.Get("HX-Request") != "" {
		http.Error(w, text, code)
		return
	}
	t, ok := s.tmpl["error.html"]
	if !ok {
		http.Error(w, text, code)
		return
	}
	pg := errorPage{Page: s.page(r, title), Code: code, Message: text}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", pg); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, text, code)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}
