package web

import (
	"errors"

	"jixiao/internal/eval"
	"jixiao/internal/store"
)

func isConflict(err error) bool  { return errors.Is(err, store.ErrConflict) }
func isDuplicate(err error) bool { return errors.Is(err, store.ErrDuplicate) }

func pointsOf(whole int64) eval.Points { return eval.P(whole) }
