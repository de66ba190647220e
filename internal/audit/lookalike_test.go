package audit

import (
	"strings"
	"testing"

	"jixiao/internal/cal"
	"jixiao/internal/cnid"
)

func TestLookAlikeNames(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want NameAgreement
	}{
		{"王己芳", "王已芳", NameLookAlike},
		{"戌明", "戍明", NameLookAlike},
		{"侯未", "候末", NameLookAlike},
		{"张晴", "张睛", NameLookAlike},
		{"蒋经国", "蒋纬国", NameDiffer}, // siblings stay apart
		{"王己芳", "王己芳芳", NameDiffer},
		{"王芳", "王方", NameHomophone},
	} {
		if got := CompareNames(c.a, c.b); got != c.want {
			t.Errorf("CompareNames(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if c.want <= NameLookAlike && !sigsMayAgree(nameSig(c.a), nameSig(c.b)) {
			t.Errorf("%q %q turned away by their signatures", c.a, c.b)
		}
	}

	id := mkID("320682", "19400305", "123")
	other := mkID("320682", "19400305", "456")
	typo := []byte(id)
	typo[15] = '0' + (typo[15]-'0'+1)%10 // one wrong digit
	roll := []Recipient{
		{ID: id, Name: "王己芳", Town: "如城", Monthly: 10000},
		{ID: mkID("320682", "19400306", "123"), Name: "戌明", Monthly: 10000},
		{ID: other, Name: "侯未", Monthly: 10000},
		{ID: mkID("320682", "19500101", "111"), Name: "蒋经国", Monthly: 10000},
	}
	deaths := []DeathRecord{
		{Name: "王已芳", Birth: 19400305, Town: "如城", DeathDate: 20240315},          // no ID: birth date evidence
		{Name: "戍明", Birth: 19400306, DeathDate: 20240315},                       // look-alike surname
		{ID: string(typo), Name: "候末", DeathDate: 20240315},                      // a nearby ID of someone else
		{Name: "蒋纬国", Birth: 19500101, DeathDate: 20240315},                      // a sibling
		{Name: "王已芳", Birth: 19410101, DeathDate: 20240315},                      // no evidence: other birth date
		{ID: mkID("320682", "19400306", "999"), Name: "戌明", DeathDate: 20240315}, // another valid ID
	}
	if !cnid.Valid18(id) || cnid.Valid18(string(typo)) {
		t.Fatal("fixture IDs")
	}
	x := NewDeathIndex(deaths)
	var rows []RowMatch
	for i := range roll {
		if c := x.Match(&roll[i], nil); len(c) > 0 {
			rows = append(rows, RowMatch{Roll: roll[i], Cands: c})
		}
	}
	got := map[string]Finding{}
	for _, f := range ResolveDeaths(x, rows, Policy{}, cal.MonthOf(2024, 6)) {
		got[f.Roll.Name] = f
		if f.Confidence != Review {
			t.Errorf("%s: a look-alike match must be for review: %+v", f.Roll.Name, f)
		}
		if !strings.Contains(f.Reason.ZH, "形近字") {
			t.Errorf("%s: reason %q does not say look-alike", f.Roll.Name, f.Reason.ZH)
		}
	}
	if f, ok := got["王己芳"]; !ok || f.Kind != KindNameBirth || f.Death.Birth != 19400305 {
		t.Errorf("王己芳/王已芳 by birth date: %+v", f)
	}
	if f, ok := got["戌明"]; !ok || f.Kind != KindNameBirth {
		t.Errorf("戌明/戍明: %+v", f)
	}
	if _, ok := got["侯未"]; ok {
		t.Errorf("侯未 matched a typo of another person's ID")
	}
	if _, ok := got["蒋经国"]; ok {
		t.Error("siblings matched")
	}
	// with a mistyped ID that points at the roll row: ID evidence
	x = NewDeathIndex([]DeathRecord{{ID: string(typo), Name: "王已芳", DeathDate: 20240315}})
	c := x.Match(&roll[0], nil)
	if len(c) != 1 || c[0].Kind != KindOneDigit || c[0].Confidence != Review || c[0].Names != NameLookAlike {
		t.Errorf("one wrong digit + look-alike name: %+v", c)
	}
}
