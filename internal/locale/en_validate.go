package locale

import "jixiao/internal/validate"

// The validator's refusals (internal/validate) carry their own English:
// the catalogue takes it from there, so the forms, the upload and the
// command line use the same words.
func init() {
	for _, m := range validate.Messages() {
		english[m.ZH] = m.EN
	}
}
