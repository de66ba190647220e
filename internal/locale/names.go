package locale

// Display names of the codes the store, the workflow and the engine keep,
// in Chinese (the catalogue's keys: T gives the English). This is the one
// place a status, role, unit kind, audit-trail action or severity is named.
var (
	// StatusNames names workflow statuses (workflow.Status).
	StatusNames = map[string]string{
		"draft": "草稿", "submitted": "已提交", "unit_approved": "单位已审核",
		"dept_reviewed": "主管部门已审核", "finance_reviewed": "财政已复核",
	}
	// RoleNames names roles (workflow.Role).
	RoleNames = map[string]string{
		"filer": "填报人", "unit_approver": "单位审核人", "dept_reviewer": "主管部门审核",
		"finance": "财政审核", "admin": "管理员", "town_clerk": "镇（街道）经办员", "auditor": "稽核员",
	}
	// UnitKindNames names kinds of unit (store.UnitKind).
	UnitKindNames = map[string]string{
		"finance": "财政部门", "department": "主管部门", "unit": "预算单位", "town": "镇（街道）",
	}
	// ActionNames names audit-trail actions (store.Action…).
	ActionNames = map[string]string{
		"create": "创建", "project": "项目信息", "targets": "绩效目标", "targets:declare": "申报目标", "targets:withdraw": "撤回申报",
		"actuals": "自评", "monitor": "运行监控", "review": "财政复核", "receipt": "资金到位", "spending": "支出",
		"delete_receipt": "删除到位记录", "delete_spending": "删除支出记录", "status:submit": "提交", "status:approve": "单位审核通过",
		"status:dept": "主管部门审核通过", "status:finance": "财政复核通过", "status:return": "退回",
		"import": "导入文件", "targets:review": "绩效目标审核", "assessment": "事前绩效评估", "budget.list": "预算清单", "budget.decision": "结果应用",
		"cert.run": "资格认证计算", "cert.offline": "登记线下认证", "evidence.name": "证据文件", "money.from_pay": "从待遇发放填入资金",
		"pay.run": "发放核对", "pay.receipt": "资金到位登记", "admin.unit.signers": "签字栏", "admin.user.create": "新建用户",
		"admin.user.password": "重置密码", "admin.user.active": "停用或启用用户", "admin.unit.create": "新建单位", "admin.setting": "修改设置",
		"user.password": "修改密码", "download": "下载", "audit.run": "稽核批次", "audit": "生存稽核",
	}
	// SeverityNames names the engine's severities (eval.Severity.String).
	SeverityNames = map[string]string{"error": "错误", "warning": "警告", "info": "提示"}
	// MatchKindNames names how a survival-audit finding was matched
	// (audit.MatchKind, with duplicate_ for a duplicate payment).
	MatchKindNames = map[string]string{
		"exact_id": "身份证号一致", "id_15_to_18": "15位转18位后一致", "id_one_digit": "身份证号一位之差",
		"id_swapped": "身份证号相邻两位颠倒", "id_old_address": "新旧行政区划代码", "name_birth": "姓名与出生日期",
		"id_damaged":   "身份证号损坏（按可确定部分和姓名）",
		"not_enrolled": "未参保", "daijiao_unpaid": "已参保未代缴", "enrolled_by_name_only": "仅按姓名和出生日期找到参保记录",
		"duplicate_exact_id": "重复领取（身份证号一致）", "duplicate_id_15_to_18": "重复领取（15位转18位）",
		"not_certified": "逾期未认证",
	}
	// ConfidenceNames names a finding's class (audit.Confidence).
	ConfidenceNames = map[string]string{"confirmed": "确认", "review": "待核实"}
)
