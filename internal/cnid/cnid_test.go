package cnid

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    ID
		wantErr error
	}{
		{"11010519491231002X", "11010519491231002X", nil},
		{"11010519491231002x", "11010519491231002X", nil},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", nil},
		{" 110105 19491231 002X ", "11010519491231002X", nil},
		{"'513101198201130014", "513101198201130014", nil},
		{"610104620927690", "610104196209276908", nil},
		{"320622450101123", "", nil}, // filled below: old 如皋 code, upgraded
		{"110105194912310021", "", ErrCheck},
		{"11010519491331002X", "", ErrBirth},
		{"110105194902300025", "", ErrBirth},
		{"99010519491231002X", "", ErrProvince},
		{"1101051949123100", "", ErrLength},
		{"", "", ErrEmpty},
		{"11010519491231002Y", "", ErrChar},
		{"3206224501011A3", "", ErrChar},
	}
	for _, tc := range tests {
		got, err := Parse(tc.in)
		if tc.wantErr != nil {
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("Parse(%q) err = %v, want %v", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q) unexpected error %v", tc.in, err)
			continue
		}
		if tc.want != "" && got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !Valid18(string(got)) {
			t.Errorf("Parse(%q) = %q, not valid", tc.in, got)
		}
	}
}

func TestOldRugaoCode(t *testing.T) {
	id, err := Parse("320622450101123")
	if err != nil {
		t.Fatal(err)
	}
	if id.Address() != "320622" || id.BirthYMD() != 19450101 || !id.Male() || id.Sex() != "男" {
		t.Errorf("got %s addr %s birth %d male %v", id, id.Address(), id.BirthYMD(), id.Male())
	}
	if Counties[id.Address()] == "" || OldToNew["320622"] != "320682" {
		t.Error("old 如皋 code must be known")
	}
	// An unknown county of a known province stays valid.
	c, _ := CheckChar("32999919500101123")
	if _, err := Parse("32999919500101123" + string(c)); err != nil {
		t.Errorf("unknown county rejected: %v", err)
	}
}

func TestCheckCharKnown(t *testing.T) {
	for _, s := range []string{"11010519491231002X", "440524188001010014", "34052419800101001X", "513101198201130014"} {
		c, ok := CheckChar(s)
		if !ok || c != s[17] {
			t.Errorf("CheckChar(%s) = %c", s, c)
		}
	}
	if _, ok := CheckChar("123"); ok {
		t.Error("short body accepted")
	}
}

func TestBirthSex(t *testing.T) {
	id := ID("11010519491231002X")
	if b := id.Birth(); b.Year() != 1949 || b.Month() != 12 || b.Day() != 31 {
		t.Errorf("birth %v", b)
	}
	if id.Male() || id.Sex() != "女" {
		t.Error("sequence 002 is female")
	}
}

func TestMask(t *testing.T) {
	tests := map[string]string{
		"32068219500101123X": "320682********123X",
		"320682500101123":    "320682*****1123",
		"12345":              "****5",
		"":                   "",
	}
	for in, want := range tests {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
	if ID("32068219500101123X").Masked() != "320682********123X" {
		t.Error("Masked")
	}
}

func TestKeyRoundTrip(t *testing.T) {
	for _, s := range []string{"11010519491231002X", "513101198201130014", "610104196209276908"} {
		k, ok := Key(s)
		if !ok || string(FromKey(k)) != s {
			t.Errorf("Key/FromKey(%s) = %d %s", s, k, FromKey(k))
		}
	}
	if _, ok := Key("1101051949123100XX"); ok {
		t.Error("X inside body accepted")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "610104620927690", "１１０１", "x", "", "320622450101123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Parse(s)
		if err != nil {
			return
		}
		if !Valid18(string(id)) {
			t.Fatalf("Parse(%q) = %q, invalid", s, id)
		}
		again, err := Parse(string(id))
		if err != nil || again != id {
			t.Fatalf("not idempotent: %q → %q → %q %v", s, id, again, err)
		}
		k, ok := Key(string(id))
		if !ok || FromKey(k) != id {
			t.Fatalf("key round trip %q", id)
		}
		_ = Mask(s)
		_ = id.Masked()
	})
}
