package audit

import (
	"errors"
	"fmt"
	"time"

	"jixiao/internal/cal"
	"jixiao/internal/money"
)

// SuspectState is where one suspect stands in the two-up-two-down
// (两上两下) cycle:
//
//	下 city sends suspects      → Pending
//	上 town confirms / rejects  → TownConfirmed | TownRejected (final)
//	下 city issues suspensions  → SuspensionIssued (with Action 暂停 or 终止)
//	上 town confirms suspension → Stopped (final)
type SuspectState string

// Suspect states.
const (
	StatePending          SuspectState = "pending"           // 待镇核实
	StateTownConfirmed    SuspectState = "town_confirmed"    // 镇已核实属实
	StateTownRejected     SuspectState = "town_rejected"     // 镇核实不属实
	StateSuspensionIssued SuspectState = "suspension_issued" // 已下发停发名单
	StateStopped          SuspectState = "stopped"           // 镇已确认停发
)

// LabelZH returns the state in Chinese.
func (s SuspectState) LabelZH() string {
	switch s {
	case StatePending:
		return "待镇核实"
	case StateTownConfirmed:
		return "镇已核实属实"
	case StateTownRejected:
		return "镇核实不属实"
	case StateSuspensionIssued:
		return "已下发停发名单"
	case StateStopped:
		return "镇已确认停发"
	}
	return string(s)
}

// Action is what the suspension list does to a payment. Suspension and
// termination are different things and stay distinct.
type Action string

// Actions.
const (
	ActionSuspend   Action = "suspend"   // 暂停: back-paid (补发) after re-certification
	ActionTerminate Action = "terminate" // 终止: the person died; payment ends, overpayment recovered
)

// LabelZH returns 暂停 or 终止.
func (a Action) LabelZH() string {
	switch a {
	case ActionSuspend:
		return "暂停"
	case ActionTerminate:
		return "终止"
	}
	return ""
}

// Role is who acts.
type Role string

// Roles in the cycle.
const (
	RoleCity Role = "city" // 稽核员 at the center
	RoleTown Role = "town" // 镇（街道）经办员
	// RoleLeader is the head of the auditing unit (单位负责人): the only one
	// who may reverse a write-off (核销).
	RoleLeader Role = "leader"
)

// Actor is a person acting in the cycle. A town clerk acts only for Town.
type Actor struct {
	Name string
	Role Role
	Town string // for RoleTown
}

// Event is one entry of a suspect's audit trail.
type Event struct {
	At       time.Time
	Actor    Actor
	From, To SuspectState
	Note     string
	Evidence []string // names or references of attached evidence
}

// Suspect is one person the city asks a town to verify.
type Suspect struct {
	ID       string // case reference within the cycle
	Town     string
	RollID   string // the roll's ID number (display masked)
	Name     string
	Scheme   string
	Kind     MatchKind
	Reason   Reason
	Overpaid money.Fen
	Death    bool // a death finding: the suspension is a termination
	State    SuspectState
	Action   Action
	Trail    []Event
}

// CycleConfig holds the deadlines of a cycle.
type CycleConfig struct {
	ReplyDays   int // days a town has to verify suspects (default 10)
	ConfirmDays int // days a town has to confirm a suspension (default 5)
}

// Cycle is one month's two-up-two-down cycle.
type Cycle struct {
	Month       cal.Month
	Config      CycleConfig
	SentAt      time.Time // first 下
	ReplyDue    time.Time
	IssuedAt    time.Time // second 下; zero until issued
	ConfirmDue  time.Time
	Suspects    []*Suspect
	byID        map[string]*Suspect
	cityStarted Actor
}

// Errors of illegal cycle transitions.
var (
	ErrNoSuspect   = errors.New("无此疑点 (no such suspect)")
	ErrState       = errors.New("当前状态不允许此操作 (not allowed in the current state)")
	ErrForbidden   = errors.New("无权操作其他镇（街道）的疑点 (not your town)")
	ErrNoteMissing = errors.New("须填写核实说明 (a note is required)")
	ErrRole        = errors.New("角色不允许此操作 (role may not do this)")
	ErrNoIssued    = errors.New("没有待镇确认的停发名单可撤回 (no issued suspension is left to withdraw)")
	ErrWithdrawWhy = errors.New("撤回停发名单须说明原因 (withdrawing a stop list needs a reason)")
)

// NewCycle starts a cycle: the city (by) sends each suspect to its town
// at time at (the first 下). Suspects get state Pending; IDs must be unique.
func NewCycle(month cal.Month, cfg CycleConfig, suspects []*Suspect, by Actor, at time.Time) (*Cycle, error) {
	if by.Role != RoleCity {
		return nil, ErrRole
	}
	if cfg.ReplyDays <= 0 {
		cfg.ReplyDays = 10
	}
	if cfg.ConfirmDays <= 0 {
		cfg.ConfirmDays = 5
	}
	c := &Cycle{Month: month, Config: cfg, SentAt: at, ReplyDue: at.AddDate(0, 0, cfg.ReplyDays),
		Suspects: suspects, byID: map[string]*Suspect{}, cityStarted: by}
	for _, s := range suspects {
		if _, dup := c.byID[s.ID]; dup || s.ID == "" {
			return nil, fmt.Errorf("疑点编号重复或为空 (duplicate or empty suspect ID) %q", s.ID)
		}
		c.byID[s.ID] = s
		s.State = StatePending
		s.Trail = append(s.Trail, Event{At: at, Actor: by, From: "", To: StatePending, Note: "下发疑点 (suspects sent to town)"})
	}
	return c, nil
}

// Suspect returns the suspect with the given ID.
func (c *Cycle) Suspect(id string) (*Suspect, error) {
	s, ok := c.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNoSuspect, id)
	}
	return s, nil
}

// ForTown returns the suspects of one town, which is all a town clerk sees.
func (c *Cycle) ForTown(town string) []*Suspect {
	var out []*Suspect
	for _, s := range c.Suspects {
		if s.Town == town {
			out = append(out, s)
		}
	}
	return out
}

func (c *Cycle) move(s *Suspect, by Actor, to SuspectState, note string, evidence []string, at time.Time) {
	s.Trail = append(s.Trail, Event{At: at, Actor: by, From: s.State, To: to, Note: note, Evidence: evidence})
	s.State = to
}

func townActor(by Actor, s *Suspect) error {
	if by.Role != RoleTown {
		return ErrRole
	}
	if by.Town != s.Town {
		return ErrForbidden
	}
	return nil
}

// TownReply is the first 上: the town confirms (the finding is true) or
// rejects it, always with a note, and with evidence (file references).
func (c *Cycle) TownReply(id string, by Actor, confirm bool, note string, evidence []string, at time.Time) error {
	s, err := c.Suspect(id)
	if err != nil {
		return err
	}
	if err := townActor(by, s); err != nil {
		return err
	}
	if s.State != StatePending {
		return fmt.Errorf("%w: %s", ErrState, s.State.LabelZH())
	}
	if note == "" {
		return ErrNoteMissing
	}
	to := StateTownRejected
	if confirm {
		to = StateTownConfirmed
	}
	c.move(s, by, to, note, evidence, at)
	return nil
}

// IssueSuspensions is the second 下: the city puts every town-confirmed
// suspect on the suspension list. Deaths are terminated (终止); all others
// are suspended (暂停) unless action overrides it for a suspect ID. It
// returns the suspects issued.
func (c *Cycle) IssueSuspensions(by Actor, override map[string]Action, at time.Time) ([]*Suspect, error) {
	if by.Role != RoleCity {
		return nil, ErrRole
	}
	var out []*Suspect
	for _, s := range c.Suspects {
		if s.State != StateTownConfirmed {
			continue
		}
		a := ActionSuspend
		if s.Death {
			a = ActionTerminate
		}
		if o, ok := override[s.ID]; ok {
			a = o
		}
		s.Action = a
		c.move(s, by, StateSuspensionIssued, "下发停发名单："+a.LabelZH()+" (suspension list issued: "+string(a)+")", nil, at)
		out = append(out, s)
	}
	if len(out) > 0 {
		c.IssuedAt = at
		c.ConfirmDue = at.AddDate(0, 0, c.Config.ConfirmDays)
	}
	return out, nil
}

// WithdrawSuspensions takes back the stop list the city issued: every
// suspect still waiting for its town to confirm the stop goes back to
// TownConfirmed and its action is cleared. Suspects a town already stopped
// stay stopped (their payment was stopped; the list was taken). The city
// must give a reason. When nothing stopped, the cycle is as before the
// issue (no IssuedAt, no ConfirmDue). It returns the suspects withdrawn.
func (c *Cycle) WithdrawSuspensions(by Actor, reason string, at time.Time) ([]*Suspect, error) {
	if by.Role != RoleCity {
		return nil, ErrRole
	}
	if reason == "" {
		return nil, ErrWithdrawWhy
	}
	var out []*Suspect
	stopped := false
	for _, s := range c.Suspects {
		switch s.State {
		case StateStopped:
			stopped = true
		case StateSuspensionIssued:
			s.Action = ""
			c.move(s, by, StateTownConfirmed, "撤回停发名单："+reason, nil, at)
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoIssued
	}
	if !stopped {
		c.IssuedAt, c.ConfirmDue = time.Time{}, time.Time{}
	}
	return out, nil
}

// TownConfirmSuspension is the second 上: the town confirms the payment is
// stopped.
func (c *Cycle) TownConfirmSuspension(id string, by Actor, note string, at time.Time) error {
	s, err := c.Suspect(id)
	if err != nil {
		return err
	}
	if err := townActor(by, s); err != nil {
		return err
	}
	if s.State != StateSuspensionIssued {
		return fmt.Errorf("%w: %s", ErrState, s.State.LabelZH())
	}
	if note == "" {
		note = "确认停发 (suspension confirmed)"
	}
	c.move(s, by, StateStopped, note, nil, at)
	return nil
}

// Overdue returns the suspects past their due date at now: pending after
// ReplyDue, or issued and unconfirmed after ConfirmDue.
func (c *Cycle) Overdue(now time.Time) []*Suspect {
	var out []*Suspect
	for _, s := range c.Suspects {
		if s.State == StatePending && now.After(c.ReplyDue) ||
			s.State == StateSuspensionIssued && !c.ConfirmDue.IsZero() && now.After(c.ConfirmDue) {
			out = append(out, s)
		}
	}
	return out
}

// TownProgress counts a town's suspects by state.
type TownProgress struct {
	Town    string
	ByState map[SuspectState]int
	Overdue int
}

// Progress returns the counts per town, in order of first appearance.
func (c *Cycle) Progress(now time.Time) []TownProgress {
	idx := map[string]int{}
	var out []TownProgress
	over := map[*Suspect]bool{}
	for _, s := range c.Overdue(now) {
		over[s] = true
	}
	for _, s := range c.Suspects {
		i, ok := idx[s.Town]
		if !ok {
			i = len(out)
			idx[s.Town] = i
			out = append(out, TownProgress{Town: s.Town, ByState: map[SuspectState]int{}})
		}
		out[i].ByState[s.State]++
		if over[s] {
			out[i].Overdue++
		}
	}
	return out
}
