// Package auditgen generates benefit rolls, death lists, other schemes'
// rolls, hardship-group lists and 代缴 lists for 如皋 at any size, with the
// errors real files carry injected on purpose and the ground truth beside
// them, for tests, demos and benchmarks. Output is deterministic from the
// seed.
//
// Every person is a pure function of (seed, index), so rolls of ten
// million rows are written as a stream without being held in memory.
package auditgen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
)

// Config sizes a generated month.
type Config struct {
	Seed        uint64
	Recipients  int       // rows on the benefit roll (居保 ≈ 72%, 失保 the rest)
	Deaths      int       // recipients who died and are still paid: the truth to find
	NoiseDeaths int       // deaths of people on no roll, including namesakes and siblings of recipients
	Other       int       // rows of the other schemes' roll (企业职工养老, other regions)
	Duplicates  int       // recipients also on the other roll in an excluded scheme
	Hardship    int       // hardship-group members
	AsOf        cal.Month // the run month; default 2024-06
}

// Defaults for a county month (如皋: ~460,000 recipients).
func (c *Config) norm() {
	if c.AsOf == 0 {
		c.AsOf = cal.MonthOf(2024, 6)
	}
	if c.Recipients <= 0 {
		c.Recipients = 1000
	}
	if c.Deaths > c.Recipients/4 {
		c.Deaths = c.Recipients / 4
	}
	if c.Duplicates > c.Recipients/4 {
		c.Duplicates = c.Recipients / 4
	}
}

// Town is one of 如皋's township-level divisions.
type Town struct{ Name, Code string }

// Towns are 如皋's 14 divisions (codes from DESIGN.md; 城北/城南 share the
// development zones' codes).
var Towns = []Town{
	{"如城街道", "320682001"}, {"城北街道", "320682400"}, {"城南街道", "320682401"},
	{"东陈镇", "320682103"}, {"丁堰镇", "320682104"}, {"白蒲镇", "320682105"}, {"下原镇", "320682107"},
	{"九华镇", "320682108"}, {"石庄镇", "320682110"}, {"长江镇", "320682111"}, {"吴窑镇", "320682112"},
	{"江安镇", "320682113"}, {"搬经镇", "320682116"}, {"磨头镇", "320682117"},
}

var surnames = []string{"陈", "王", "张", "李", "刘", "吴", "徐", "朱", "周", "顾", "冒", "丁", "缪", "石", "范",
	"何", "黄", "孙", "杨", "沈", "钱", "许", "曹", "蒋", "季", "邵", "单", "曾", "薛", "姜", "储", "卢", "包", "葛"}

var givenChars = []string{"芳", "英", "华", "兰", "梅", "红", "军", "明", "国", "秀", "珍", "凤", "龙", "宝",
	"贵", "发", "荣", "义", "万", "云", "丽", "顺", "兴", "进", "琴", "莲", "鹏", "杰", "飞", "爱", "建", "春",
	"桂", "林", "海", "平", "志", "德", "福", "玉", "金", "银", "美", "霞", "娟", "勇", "强", "文", "武", "成"}

// homophones are same-pinyin substitutes a clerk may write.
var homophones = map[string]string{"芳": "方", "英": "瑛", "华": "化", "兰": "蓝", "梅": "玫", "红": "虹",
	"军": "君", "明": "鸣", "国": "帼", "秀": "绣", "珍": "真", "凤": "奉", "龙": "隆", "宝": "保", "贵": "桂",
	"发": "法", "荣": "容", "义": "艺", "云": "芸", "丽": "莉", "兴": "星", "进": "晋", "琴": "勤", "莲": "连",
	"鹏": "朋", "杰": "洁", "飞": "菲", "爱": "艾", "建": "健", "春": "纯", "林": "琳", "海": "海", "平": "萍",
	"志": "智", "德": "得", "福": "富", "玉": "育", "金": "今", "银": "寅", "美": "梅", "霞": "侠", "娟": "鹃",
	"勇": "永", "强": "墙", "文": "雯", "武": "伍", "成": "诚", "桂": "贵", "万": "湾", "顺": "舜"}

// traditional forms of some characters, as older registers write them.
var traditional = map[string]string{"华": "華", "国": "國", "兰": "蘭", "红": "紅", "凤": "鳳", "龙": "龍",
	"宝": "寶", "贵": "貴", "发": "發", "荣": "榮", "义": "義", "万": "萬", "云": "雲", "丽": "麗", "顺": "順",
	"兴": "興", "进": "進", "莲": "蓮", "鹏": "鵬", "杰": "傑", "飞": "飛", "爱": "愛", "陈": "陳", "张": "張",
	"刘": "劉", "吴": "吳", "顾": "顧", "孙": "孫", "杨": "楊", "许": "許", "蒋": "蔣", "黄": "黃", "钱": "錢"}

// Person is a generated resident.
type Person struct {
	Index   int
	ID      string
	Name    string
	Sex     string
	Birth   cal.Date
	Town    Town
	Village string
}

const days = 40 * 365 // birth dates spread over 40 years (born 1925–1964)

// counties are address codes people are issued under: 如皋 first (so the
// first 14.6M indexes are 如皋's), then others of 江苏 for province runs.
var counties = []string{"320682", "320681", "320623", "320612", "320685", "320614", "320602", "320281",
	"320282", "320381", "320382", "320481", "320581", "320582", "320583", "320585", "320683", "320684"}

// personID builds a unique valid ID from a slot number: a bijection of
// slot onto (county, birth day, sequence).
func personID(slot uint64) (string, cal.Date) {
	day := int(slot % days)
	rest := slot / days
	seq := int(rest % 999)
	county := counties[int(rest/999)%len(counties)]
	y, m, d := civilFromDay(day)
	if county == "320682" && (slot/7)%5 == 0 {
		county = "320622" // issued under 如皋县's code before 1990, never re-issued
	}
	body := fmt.Sprintf("%s%04d%02d%02d%03d", county, y, m, d, seq+1)
	c, _ := cnid.CheckChar(body)
	return body + string(c), cal.DateOf(y, m, d)
}

func civilFromDay(day int) (int, int, int) {
	y := 1925 + day/365
	doy := day % 365
	ml := [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	m := 0
	for doy >= ml[m] {
		doy -= ml[m]
		m++
	}
	return y, m + 1, doy + 1
}

// perCounty is the number of distinct IDs personID makes per county.
const perCounty = uint64(days) * 999

// slotOf scatters index i over the ID space of as few counties as the
// population needs (如皋 alone for a city month): multiplication by a
// prime coprime with the space is a bijection.
func (g *Gen) slotOf(i int) uint64 {
	return (uint64(i)*2654435761 + g.cfg.Seed*7919) % g.space
}

// Gen generates people and records for one Config.
type Gen struct {
	cfg       Config
	deathOf   map[int]int // recipient index → death ordinal
	dupOf     map[int]int // recipient index → duplicate ordinal
	deathList []int
	dupList   []int
	space     uint64
	pay       *payState // payroll faults (payroll.go); nil unless EnablePayroll was called
	progress  func(rows int64)
	written   int64
}

// OnProgress asks the writers to call f now and then with the number of rows
// of the large files (roll, other schemes, payroll) written so far.
func (g *Gen) OnProgress(f func(rows int64)) { g.progress = f }

// tick counts one row of a large file and reports every 32,768 rows.
func (g *Gen) tick() {
	g.written++
	if g.progress != nil && g.written&(1<<15-1) == 0 {
		g.progress(g.written)
	}
}

// New prepares a generator: it picks which recipients died and which draw
// an excluded scheme too.
func New(cfg Config) *Gen {
	cfg.norm()
	g := &Gen{cfg: cfg, deathOf: map[int]int{}, dupOf: map[int]int{}}
	people := uint64(cfg.Recipients + cfg.Other + cfg.NoiseDeaths + cfg.Hardship)
	n := min(1+people*3/perCounty, uint64(len(counties)))
	g.space = perCounty * n
	r := rand.New(rand.NewPCG(cfg.Seed, 1))
	for len(g.deathList) < cfg.Deaths {
		i := r.IntN(cfg.Recipients)
		if _, ok := g.deathOf[i]; ok {
			continue
		}
		g.deathOf[i] = len(g.deathList)
		g.deathList = append(g.deathList, i)
	}
	for len(g.dupList) < cfg.Duplicates {
		i := r.IntN(cfg.Recipients)
		if _, ok := g.dupOf[i]; ok {
			continue
		}
		if _, ok := g.deathOf[i]; ok {
			continue
		}
		g.dupOf[i] = len(g.dupList)
		g.dupList = append(g.dupList, i)
	}
	return g
}

// Config returns the normalised configuration.
func (g *Gen) Config() Config { return g.cfg }

func (g *Gen) rng(kind uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed^kind*0x9E3779B97F4A7C15, uint64(i)))
}

func randomName(r *rand.Rand) string {
	s := surnames[r.IntN(len(surnames))]
	n := givenChars[r.IntN(len(givenChars))]
	if r.IntN(10) < 7 {
		n += givenChars[r.IntN(len(givenChars))]
	}
	return s + n
}

// person returns resident number i of the population (recipients are
// 0…Recipients-1; others follow).
func (g *Gen) person(i int) Person {
	r := g.rng(1, i)
	id, birth := personID(g.slotOf(i))
	p := Person{Index: i, ID: id, Birth: birth, Name: randomName(r)}
	p.Sex = "女"
	if (id[16]-'0')%2 == 1 {
		p.Sex = "男"
	}
	p.Town = Towns[r.IntN(len(Towns))]
	p.Village = fmt.Sprintf("%s%d村", strings.TrimSuffix(strings.TrimSuffix(p.Town.Name, "街道"), "镇"), 1+r.IntN(20))
	return p
}

// Recipient returns roll row i.
func (g *Gen) Recipient(i int) audit.Recipient {
	p := g.person(i)
	r := g.rng(2, i)
	rec := audit.Recipient{ID: p.ID, Name: p.Name, Sex: p.Sex, Birth: p.Birth, Town: p.Town.Name, Village: p.Village,
		Status: "正常"}
	if r.IntN(100) < 72 {
		rec.Scheme = "居保"
		rec.Monthly = money.Fen(21500 + r.IntN(30000))
	} else {
		rec.Scheme = "失保"
		rec.Monthly = 78100
	}
	startY := max(int(p.Birth)/10000+60, 2010)
	rec.Start = cal.MonthOf(startY, 1+r.IntN(12))
	if rec.Start >= g.cfg.AsOf {
		rec.Start = g.cfg.AsOf - 24
	}
	rec.PaidThrough = g.cfg.AsOf
	if _, dead := g.deathOf[i]; !dead && r.IntN(200) == 0 {
		rec.Status = "暂停"
		rec.PaidThrough = g.cfg.AsOf - 3
	}
	if g.pay != nil {
		g.pay.adjustRoll(i, &rec)
	}
	return rec
}

// TrueDeath is the ground truth of one deceased recipient.
type TrueDeath struct {
	RollID         string
	Name           string
	DeathDate      cal.Date
	Errors         string // the error injected into the death record(s)
	OverpaidMonths int
	Overpaid       money.Fen
	PaidThrough    cal.Month
}

// death returns the death record(s) of deceased recipient number k and
// its truth.
func (g *Gen) death(k int) ([]audit.DeathRecord, TrueDeath) {
	i := g.deathList[k]
	p := g.person(i)
	rec := g.Recipient(i)
	r := g.rng(3, i)
	dm := g.cfg.AsOf - cal.Month(r.IntN(8))
	dd := cal.DateOf(dm.Year(), dm.Num(), 1+r.IntN(28))
	t := TrueDeath{RollID: p.ID, Name: p.Name, DeathDate: dd, PaidThrough: rec.PaidThrough}
	// payable through the month of death
	if rec.PaidThrough > dm {
		first := max(dm+1, rec.Start)
		if rec.PaidThrough >= first {
			t.OverpaidMonths = int(rec.PaidThrough-first) + 1
			t.Overpaid = money.Fen(t.OverpaidMonths) * rec.Monthly
		}
	}
	d := audit.DeathRecord{ID: p.ID, Name: p.Name, Sex: p.Sex, Birth: p.Birth, Town: p.Town.Name, DeathDate: dd,
		Source: "公安户籍注销"}
	roll := r.IntN(1000)
	switch {
	case roll < 500:
		t.Errors = "none"
	case roll < 540:
		t.Errors = "id_format" // lower-case x, full width, spaces
		d.ID = messyID(r, p.ID)
	case roll < 600:
		t.Errors = "id_15"
		d.ID = p.ID[:6] + p.ID[8:17]
	case roll < 690:
		t.Errors = "id_one_digit"
		d.ID = typo(r, p.ID)
	case roll < 750:
		t.Errors = "id_swapped"
		d.ID = swap(r, p.ID)
	case roll < 810:
		t.Errors = "name_homophone"
		d.Name = homophone(r, p.Name)
	case roll < 850:
		t.Errors = "name_traditional"
		d.Name = trad(p.Name)
	case roll < 880:
		t.Errors = "name_spaces"
		d.Name = spaced(p.Name)
	case roll < 950:
		t.Errors = "no_id"
		d.ID = ""
		d.Source = "村居上报"
	case roll < 970:
		t.Errors = "old_address_code"
		if to, ok := map[string]string{"320682": "320622", "320622": "320682"}[p.ID[:6]]; ok {
			body := to + p.ID[6:17]
			c, _ := cnid.CheckChar(body)
			d.ID = body + string(c)
		}
	case roll < 985:
		t.Errors = "id_one_digit+name_homophone"
		d.ID = typo(r, p.ID)
		d.Name = homophone(r, p.Name)
	default:
		t.Errors = "no_id+name_traditional"
		d.ID = ""
		d.Name = trad(p.Name)
		d.Source = "民政火化"
	}
	if d.Source != "公安户籍注销" || r.IntN(4) != 0 {
		d.Birth = 0 // most ID-bearing lists give no separate birth date
	}
	if d.ID == "" {
		d.Birth = p.Birth
	}
	out := []audit.DeathRecord{d}
	if r.IntN(5) == 0 { // also reported by 民政火化, cleanly
		d2 := audit.DeathRecord{ID: p.ID, Name: p.Name, Sex: p.Sex, DeathDate: dd, Source: "民政火化"}
		out = append(out, d2)
	}
	return out, t
}

func messyID(r *rand.Rand, id string) string {
	switch r.IntN(3) {
	case 0:
		return strings.ToLower(id[:6]) + " " + id[6:14] + " " + strings.ToLower(id[14:])
	case 1:
		var b strings.Builder
		for _, c := range id {
			b.WriteRune(c - '0' + '０')
		}
		return strings.ReplaceAll(b.String(), string(rune('X'-'0'+'０')), "Ｘ")
	}
	return strings.ToLower(id)
}

func typo(r *rand.Rand, id string) string {
	b := []byte(id)
	// mostly the sequence and address digits, sometimes the birth date
	pos := []int{2, 3, 4, 5, 12, 13, 14, 15, 16, 17}[r.IntN(10)]
	for {
		c := byte('0' + r.IntN(10))
		if pos == 17 && r.IntN(11) == 0 {
			c = 'X'
		}
		if c != b[pos] {
			b[pos] = c
			break
		}
	}
	return string(b)
}

func swap(r *rand.Rand, id string) string {
	b := []byte(id)
	for tries := 0; tries < 50; tries++ {
		i := r.IntN(16)
		if b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
	}
	return typo(r, id)
}

func homophone(r *rand.Rand, name string) string {
	rs := []rune(name)
	for tries := 0; tries < 10; tries++ {
		i := 1 + r.IntN(len(rs)-1)
		if h, ok := homophones[string(rs[i])]; ok && h != string(rs[i]) {
			rs[i] = []rune(h)[0]
			return string(rs)
		}
	}
	return spaced(name)
}

func trad(name string) string {
	var b strings.Builder
	changed := false
	for _, c := range name {
		if t, ok := traditional[string(c)]; ok {
			b.WriteString(t)
			changed = true
		} else {
			b.WriteRune(c)
		}
	}
	if !changed {
		return spaced(name)
	}
	return b.String()
}

func spaced(name string) string {
	rs := []rune(name)
	return string(rs[:1]) + " " + string(rs[1:])
}

// noise returns death record n of people on no roll: most with valid IDs,
// some namesakes (same name and birth date as a recipient, another valid
// ID) and siblings (same surname and a one-character different name).
func (g *Gen) noise(n int) audit.DeathRecord {
	r := g.rng(4, n)
	p := g.person(g.cfg.Recipients + g.cfg.Other + n)
	d := audit.DeathRecord{ID: p.ID, Name: p.Name, Sex: p.Sex, Town: p.Town.Name, Source: "公安户籍注销"}
	m := g.cfg.AsOf - cal.Month(r.IntN(6))
	d.DeathDate = cal.DateOf(m.Year(), m.Num(), 1+r.IntN(28))
	switch k := r.IntN(100); {
	case k < 10 && g.cfg.Recipients > 0: // namesake of a recipient, born the same day, another ID
		q := g.person(r.IntN(g.cfg.Recipients))
		d.Name, d.Town = q.Name, q.Town.Name
		// 321023 (宝应县) is a code no generated recipient holds, so the
		// namesake's ID can never be a recipient's own
		body := "321023" + q.ID[6:14] + fmt.Sprintf("%03d", (int(q.ID[14]-'0')*100+int(q.ID[15]-'0')*10+int(q.ID[16]-'0')+500)%1000)
		c, _ := cnid.CheckChar(body)
		d.ID = body + string(c)
	case k < 20 && g.cfg.Recipients > 0: // sibling: other given name, other birth date
		q := g.person(r.IntN(g.cfg.Recipients))
		rs := []rune(q.Name)
		for {
			c := []rune(givenChars[r.IntN(len(givenChars))])[0]
			if c != rs[len(rs)-1] && !sameSound(c, rs[len(rs)-1]) {
				rs[len(rs)-1] = c
				break
			}
		}
		d.Name, d.Town = string(rs), q.Town.Name
	case k < 23: // village report without ID of someone on no roll
		d.ID, d.Birth, d.Source = "", p.Birth, "村居上报"
	}
	return d
}

func sameSound(a, b rune) bool {
	h, ok := homophones[string(a)]
	h2, ok2 := homophones[string(b)]
	return ok && h == string(b) || ok2 && h2 == string(a)
}

// OtherRow returns other-scheme row j: the first Duplicates rows are
// recipients who also draw an excluded scheme (居保 recipients on
// 企业职工养老; 失保 recipients on 企业职工养老 are allowed by the default
// rules and so are not duplicates); the rest are people on no roll.
func (g *Gen) OtherRow(j int) audit.SchemeRow {
	r := g.rng(5, j)
	var p Person
	if j < len(g.dupList) {
		p = g.person(g.dupList[j])
	} else {
		p = g.person(g.cfg.Recipients + j)
	}
	row := audit.SchemeRow{ID: p.ID, Name: p.Name, Scheme: "企业职工养老", Region: "南通市", Monthly: money.Fen(150000 + r.IntN(200000))}
	if r.IntN(10) == 0 {
		row.Scheme, row.Region = "居保", "海安市"
	}
	row.Start = g.cfg.AsOf - cal.Month(1+r.IntN(36))
	return row
}

// TrueDuplicate is the ground truth of one excluded pair.
type TrueDuplicate struct {
	RollID, RollScheme, OtherScheme string
	Excluded                        bool // under audit.DefaultRules
}

// Duplicate returns the truth of duplicate j.
func (g *Gen) Duplicate(j int) TrueDuplicate {
	rec := g.Recipient(g.dupList[j])
	o := g.OtherRow(j)
	return TrueDuplicate{RollID: rec.ID, RollScheme: rec.Scheme, OtherScheme: o.Scheme, Excluded: audit.DefaultRules.Excludes(rec.Scheme, o.Scheme)}
}

// Member returns hardship-group member h and whether the truth says they
// are uncovered (kind "" when covered), plus the enrolment and 代缴 rows
// that go with them.
func (g *Gen) Member(h int) (m audit.HardshipMember, enrol *audit.Recipient, paid *audit.Contribution, truth audit.MatchKind) {
	r := g.rng(6, h)
	groups := []string{"低保", "特困", "低收入"}
	k := r.IntN(100)
	var p Person
	if k < 40 && g.cfg.Recipients > 0 { // a recipient: covered by drawing the benefit
		i := r.IntN(g.cfg.Recipients)
		p = g.person(i)
		rec := g.Recipient(i)
		enrol = nil
		m = audit.HardshipMember{ID: p.ID, Name: p.Name, Birth: p.Birth, Town: p.Town.Name, Group: groups[r.IntN(3)]}
		_ = rec
		return m, nil, nil, ""
	}
	// a working-age member: born 1965–2005
	idx := g.cfg.Recipients + g.cfg.Other + g.cfg.NoiseDeaths + h
	p = g.person(idx)
	y := 1965 + r.IntN(40)
	body := p.ID[:6] + fmt.Sprintf("%04d", y) + p.ID[10:17]
	c, _ := cnid.CheckChar(body)
	p.ID = body + string(c)
	p.Birth = cal.Date(int(p.Birth)%10000 + y*10000)
	m = audit.HardshipMember{ID: p.ID, Name: p.Name, Birth: p.Birth, Town: p.Town.Name, Group: groups[r.IntN(3)]}
	switch {
	case k < 85:
		enrol = &audit.Recipient{ID: p.ID, Name: p.Name, Town: p.Town.Name, Scheme: "居保", Status: "参保缴费"}
		paid = &audit.Contribution{ID: p.ID, Name: p.Name, Year: g.cfg.AsOf.Year(), Amount: 10000}
	case k < 93:
		enrol = &audit.Recipient{ID: p.ID, Name: p.Name, Town: p.Town.Name, Scheme: "居保", Status: "参保缴费"}
		truth = audit.KindDaijiaoUnpaid
	default:
		truth = audit.KindNotEnrolled
	}
	return m, enrol, paid, truth
}
