package audit

// lookAlikeGroups are characters that differ by a stroke or a dot and are
// confused when names are copied by hand or read by OCR (形近字). A name
// that differs from another only by such characters is a possible match —
// never on its own: only with the same birth date or a nearby ID number,
// and always for review. This is the one table; add groups here.
var lookAlikeGroups = []string{
	"己已巳", "王玉", "未末", "土士", "戊戌戍戎", "候侯", "晴睛", "嬴赢羸", "汨汩", "日曰", "人入",
	"刀力", "干千于", "天夭", "崇祟", "颖颍", "祗祇", "茶荼", "徽微", "冶治", "苟荀", "折拆",
	"辨辩辫", "密蜜", "兔免", "拔拨", "贷货", "妹姝", "菁箐", "琪琦", "淑椒", "娴娟",
}

// lookAlike maps each character of a group to the group's first character.
var lookAlike = func() map[rune]rune {
	m := map[rune]rune{}
	for _, g := range lookAlikeGroups {
		rs := []rune(g)
		head := rs[0]
		if h, ok := m[head]; ok { // a character in two groups joins them
			head = h
		}
		for _, r := range rs {
			if _, ok := m[r]; !ok {
				m[r] = head
			}
		}
	}
	return m
}()

// lookAlikeOf returns the group of a character, or 0.
func lookAlikeOf(r rune) rune { return lookAlike[r] }

// sameLookAlike reports whether two different characters are look-alikes.
func sameLookAlike(a, b rune) bool {
	ga, gb := lookAlike[a], lookAlike[b]
	return ga != 0 && ga == gb
}
