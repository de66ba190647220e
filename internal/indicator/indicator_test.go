package indicator

import "testing"

func TestTemplatesSumTo100(t *testing.T) {
	for _, tp := range Templates() {
		var sum int64
		for _, r := range tp.Rows {
			sum += r.Weight
			if r.Level1 == "" || r.Level3 == "" || r.Target == "" {
				t.Errorf("%s: incomplete row %+v", tp.Key, r)
			}
		}
		if sum != 100 {
			t.Errorf("%s: weights sum to %d", tp.Key, sum)
		}
		if got, ok := Find(tp.Key); !ok || got.Key != tp.Key {
			t.Errorf("Find(%s)", tp.Key)
		}
	}
	if _, ok := Find("nope"); ok {
		t.Error("found unknown")
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		q    string
		want string
	}{{"追回", "追回率"}, {"差错", "差错率"}, {"满意", "服务对象满意度"}, {"代缴 人", "代缴人数"}}
	for _, tc := range tests {
		got := Search(tc.q)
		if len(got) == 0 {
			t.Errorf("Search(%q) empty", tc.q)
			continue
		}
		found := false
		for _, r := range got {
			found = found || r.Level3 == tc.want
		}
		if !found {
			t.Errorf("Search(%q) lacks %s", tc.q, tc.want)
		}
	}
	if len(Search("")) != len(Library()) || len(Search("不存在的词")) != 0 {
		t.Error("search bounds")
	}
}
