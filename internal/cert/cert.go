// Package cert is the pure domain of 待遇资格认证 (benefit-eligibility
// certification): the channels a recipient is certified by, the cycle
// rules (settings, not constants), and each recipient's certification
// status for a month — 正常, 即将到期, 应暂停, 已暂停, 恢复 (with 补发),
// 终止 — with the rule in words.
//
// The package does no I/O: events are read by internal/rollfile, the
// command lives in cmd/jixiao. Months and dates are cal.Month and
// cal.Date; amounts are money.Fen.
package cert

import (
	"strings"

	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// Channel is the way a recipient was certified (人社厅发〔2018〕54号).
type Channel uint8

// Channels. ChannelOther keeps a certification whose channel the file did
// not name in a known way: it still counts.
const (
	ChannelOther   Channel = iota // 其他
	ChannelBigData                // 大数据比对: silent (hospital, bank, travel, other agencies' data)
	ChannelOnline                 // 线上自助: face recognition in the app (江苏智慧人社)
	ChannelOffline                // 线下辅助: at the town/village platform
	ChannelHome                   // 上门: home visit for the immobile
	ChannelRemote                 // 异地: a partner region certified
	NChannels
)

var channelNames = [NChannels]string{"其他", "大数据比对", "线上自助", "线下辅助", "上门", "异地"}
var channelEN = [NChannels]string{"other", "big_data", "online", "offline", "home_visit", "remote"}

// String returns the Chinese name (大数据比对 …).
func (c Channel) String() string {
	if c >= NChannels {
		return channelNames[ChannelOther]
	}
	return channelNames[c]
}

// EN returns the English key (big_data …).
func (c Channel) EN() string {
	if c >= NChannels {
		return channelEN[ChannelOther]
	}
	return channelEN[c]
}

// channelWords maps words found in a 认证方式 cell to channels, tried in
// order: the first contained word decides.
var channelWords = []struct {
	word string
	c    Channel
}{
	{"异地", ChannelRemote}, {"协助认证", ChannelRemote}, {"remote", ChannelRemote},
	{"上门", ChannelHome}, {"入户", ChannelHome}, {"home", ChannelHome},
	{"大数据", ChannelBigData}, {"数据比对", ChannelBigData}, {"静默", ChannelBigData}, {"比对", ChannelBigData}, {"big", ChannelBigData},
	{"线上", ChannelOnline}, {"自助", ChannelOnline}, {"人脸", ChannelOnline}, {"刷脸", ChannelOnline}, {"手机", ChannelOnline},
	{"app", ChannelOnline}, {"智慧人社", ChannelOnline}, {"网上", ChannelOnline}, {"online", ChannelOnline},
	{"线下", ChannelOffline}, {"现场", ChannelOffline}, {"柜面", ChannelOffline}, {"窗口", ChannelOffline}, {"经办", ChannelOffline}, {"offline", ChannelOffline},
}

// ParseChannel reads a 认证方式 cell: 大数据比对, 线上自助 (人脸识别,
// 江苏智慧人社), 线下辅助 (现场, 柜面), 上门, 异地 and close spellings, in
// Chinese or English. ok is false for an empty or unknown cell.
func ParseChannel(s string) (Channel, bool) {
	for c := ChannelBigData; c < NChannels; c++ { // the names as written by jixiao and the platform
		if s == channelNames[c] {
			return c, true
		}
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ChannelOther, false
	}
	for _, w := range channelWords {
		if strings.Contains(s, w.word) {
			return w.c, true
		}
	}
	if s == "其他" || s == "other" {
		return ChannelOther, true
	}
	return ChannelOther, false
}

// refusalWords in a 认证结果 (or 认证方式) cell mark a refusal or a failed
// certification.
var refusalWords = []string{"拒绝", "拒认", "不通过", "未通过", "失败", "refus", "fail"}

// IsRefusal reports whether a 认证结果 cell says the certification was
// refused or failed (拒绝认证, 不通过, 失败 …).
func IsRefusal(s string) bool {
	if s == "" || s == "通过" || s == "认证通过" {
		return false
	}
	for c := ChannelOther; c < NChannels; c++ {
		if s == channelNames[c] {
			return false
		}
	}
	s = strings.ToLower(s)
	for _, w := range refusalWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// Event is one certification of one person, as the status needs it
// (eight bytes: province-sized event sets stay small).
type Event struct {
	Date    cal.Date
	Channel Channel
	Refused bool // 拒绝认证 / 认证不通过: the payment stops from the next month
}

// Record is one row of a certification-event file.
type Record struct {
	File   string
	Line   int
	ID     string // normalised 18-character ID
	Name   string
	Source string // 来源: 省平台导出, 镇街录入 …
	Note   string // 备注 / evidence note (offline certifications)
	Event
}

// Status is a recipient's certification status in a month.
type Status uint8

// Statuses.
const (
	Normal        Status = iota // 正常: certified, valid beyond the due window
	Due                         // 即将到期: the validity ends within the due window
	ShouldSuspend               // 应暂停: validity ended, the roll still pays
	Suspended                   // 已暂停: validity ended and the roll shows the payment suspended
	Resumed                     // 恢复: certified this month after a suspension; resumes next month with 补发
	Terminated                  // 终止: dead, or terminated on the roll
	NStatuses
)

var statusNames = [NStatuses]string{"正常", "即将到期", "应暂停", "已暂停", "恢复", "终止"}
var statusEN = [NStatuses]string{"normal", "due", "should_suspend", "suspended", "resumed", "terminated"}

// String returns the Chinese name.
func (s Status) String() string { return statusNames[s%NStatuses] }

// EN returns the English key.
func (s Status) EN() string { return statusEN[s%NStatuses] }

// ParseStatus reads a status by its Chinese name or English key.
func ParseStatus(s string) (Status, bool) {
	for i := Status(0); i < NStatuses; i++ {
		if s == statusNames[i] || s == statusEN[i] {
			return i, true
		}
	}
	return 0, false
}

// Result is one recipient's certification status for a month.
type Result struct {
	Status      Status
	LastCert    cal.Date  // latest certification used (not refused, not after death), 0 if none
	LastChannel Channel   // its channel
	ValidUntil  cal.Month // last month paid on the current certification (0 if no basis)
	// Since is the first month of the suspension (应暂停, 已暂停) or of the
	// termination (终止).
	Since cal.Month
	// Resumption (恢复): payment resumes in ResumeFrom; BackPayFrom …
	// BackPayTo are the suspended months; BackPayMonths × monthly benefit
	// = BackPay, or 0 when NoBackPay says why not.
	ResumeFrom               cal.Month
	BackPayFrom, BackPayTo   cal.Month
	BackPayMonths            int
	BackPay                  money.Fen
	NoBackPay                bool // suspended after a refusal and the rules give no 补发
	CertifiedInYear          bool // a certification in the 12 months ending with the month (for the rate)
	OverpaidMonths           int  // 终止 by death: months paid after the month of death
	Overpaid                 money.Fen
	AfterDeath               []Event // certifications dated after the recorded death: a review finding
	Review                   bool    // a person must look before anything is done (AfterDeath, no basis)
	DeathDate                cal.Date
	UnpaidSinceSuspension    int       // 应暂停/已暂停: suspended months so far (V+1 … month)
	PaidWithoutCertification int       // 应暂停: months the roll paid after the validity ended
	RefusedLast              bool      // the last event that counted was a refusal
	FirstCycle               cal.Month // the month the first cycle started
	OnRoll                   bool      // 终止 because the roll says so (not by a death)
	// DeathReview is set by the caller when a death list names the person
	// only by a fuzzy match (not applied; a person verifies).
	DeathReview cal.Date
}

// RollStatusSuspended reports whether a roll's 状态 cell says the payment
// is suspended (暂停, 停发, 中止).
func RollStatusSuspended(s string) bool {
	return strings.Contains(s, "暂停") || strings.Contains(s, "停发") || strings.Contains(s, "中止")
}

// RollStatusTerminated reports whether a roll's 状态 cell says 终止.
func RollStatusTerminated(s string) bool {
	return strings.Contains(s, "终止") || strings.Contains(s, "注销")
}
