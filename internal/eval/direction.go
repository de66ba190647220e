package eval

import "strings"

// Direction is how an actual value is judged against its target.
type Direction int

// Directions of indicators.
const (
	DirUnknown     Direction = iota
	DirPositive              // 正向: higher is better (≥, >)
	DirNegative              // 反向: lower is better (≤, <; 差错率 0%; 是否超出预算 否)
	DirEqual                 // 等于: the target value exactly (=)
	DirQualitative           // 定性: judged in three tiers
)

var dirNames = [...]string{"未知", "正向", "反向", "等于", "定性"}
var dirNamesEN = [...]string{"unknown", "higher-better", "lower-better", "equal", "qualitative"}

// String is the Chinese name: 正向, 反向, 等于, 定性.
func (d Direction) String() string { return dirNames[d] }

// English is the English name.
func (d Direction) English() string { return dirNamesEN[d] }

// ParseDirection reads a direction written by a person: 正向/反向/等于/定性
// or positive/negative/equal/qualitative, or an operator sign.
func ParseDirection(s string) (Direction, bool) {
	switch strings.ToLower(Normalize(s)) {
	case "正向", "positive", "higher", "≥", ">":
		return DirPositive, true
	case "反向", "negative", "lower", "≤", "<":
		return DirNegative, true
	case "等于", "equal", "=":
		return DirEqual, true
	case "定性", "qualitative":
		return DirQualitative, true
	}
	return DirUnknown, false
}

// negativeNameHints are words in an indicator's name that mean lower is
// better. They are the common 反向 indicators of this field.
var negativeNameHints = []string{
	"差错", "错误", "失误", "投诉", "事故", "超支", "超出预算", "超预算", "违规", "违纪",
	"冒领", "重复领取", "重复参保", "偏差", "积压", "逾期", "滞留", "退回", "返工", "成本",
	"时长", "耗时", "天数", "结余率", "闲置",
}

// positiveNameHints override the negative hints: 无差错率 and 成本节约率
// are higher-better although they name an error or a cost.
var positiveNameHints = []string{"无差错", "零差错", "无错误", "无误", "准确", "正确", "合格", "无投诉", "零投诉", "节约", "达标", "完成率"}

// InferDirection decides the direction of an indicator from its target and
// name, and says why (in Chinese), so a person can see and correct it.
func InferDirection(name string, target Value) (Direction, string) {
	d, why := InferDirectionWhy(name, target)
	return d, why.ZH
}

// Why is the reason for an inferred direction in both languages.
type Why struct{ ZH, EN string }

// InferDirectionWhy is InferDirection with the reason in Chinese and English.
func InferDirectionWhy(name string, target Value) (Direction, Why) {
	name = Normalize(name)
	switch target.Kind {
	case KindNumber:
		switch target.Op {
		case OpGE, OpGT:
			return DirPositive, Why{"目标值带“" + target.Op.String() + "”号", "the target has “" + target.Op.String() + "”"}
		case OpLE, OpLT:
			return DirNegative, Why{"目标值带“" + target.Op.String() + "”号", "the target has “" + target.Op.String() + "”"}
		case OpEQ:
			return DirEqual, Why{"目标值带“=”号", "the target has “=”"}
		}
		if h := hint(name, positiveNameHints); h != "" {
			return DirPositive, Why{"指标名称含“" + h + "”，越高越好", "the name contains “" + h + "”: higher is better"}
		}
		if h := hint(name, negativeNameHints); h != "" {
			return DirNegative, Why{"指标名称含“" + h + "”，越低越好", "the name contains “" + h + "”: lower is better"}
		}
		if target.Num.IsZero() {
			return DirNegative, Why{"目标值为0，越低越好", "the target is 0: lower is better"}
		}
		return DirPositive, Why{"数值目标，默认越高越好", "a numeric target: higher is better by default"}
	case KindBool:
		if target.Negative {
			return DirNegative, Why{"目标值为“否”：不发生为好", "the target is “no”: better if it does not happen"}
		}
		return DirPositive, Why{"目标值为“是”", "the target is “yes”"}
	case KindTime:
		return DirPositive, Why{"时效目标“" + target.Word + "”", "a timeliness target “" + target.Word + "”"}
	case KindWord, KindText:
		return DirQualitative, Why{"文字目标“" + target.Word + "”，按三档定性评分", "a text target “" + target.Word + "”: scored qualitatively in three tiers"}
	}
	return DirUnknown, Why{"目标值为空，无法判断方向", "the target is empty: the direction cannot be inferred"}
}

func hint(name string, hints []string) string {
	for _, h := range hints {
		if strings.Contains(name, h) {
			return h
		}
	}
	return ""
}
