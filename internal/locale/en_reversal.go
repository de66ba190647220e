package locale

// reversalEnglish is the English of the reversals (issue 14): a write-off
// undone by the unit's leader, a stop list withdrawn by the city.
var reversalEnglish = map[string]string{
	"单位负责人":         "Head of unit",
	"撤销核销":          "Reverse the write-off",
	"撤销原因（必填）":      "Reason for the reversal (required)",
	"已撤销核销，案件恢复追讨。": "Write-off reversed: the case is open again.",
	"撤销核销案件 #%d（%s）：案件重新打开，未追回的 %s 元恢复追讨。": "Reverse the write-off of case #%d (%s): the case opens again and the outstanding %s yuan is pursued again.",
	"撤回停发名单":        "Withdraw the stop list",
	"撤回停发名单的原因（必填）": "Reason for withdrawing the stop list (required)",
	"已撤回停发名单 %d 人。": "Stop list withdrawn for %d people.",
	"撤回停发名单：%d 个镇（街道）的 %d 人恢复为“镇已核实属实”，待遇不再停发；已确认停发的 %d 人不变。": "Withdraw the stop list: %d towns' %d people return to “confirmed by the town” and their payments are no longer stopped; the %d already confirmed as stopped stay stopped.",
}

func init() {
	for zh, en := range reversalEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
