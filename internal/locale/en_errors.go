package locale

// The error pages (web errors.go: 400–503 inside the layout).
func init() {
	for zh, en := range map[string]string{
		"请求有误":    "Bad request",
		"请先登录":    "Please log in",
		"操作冲突":    "Conflict",
		"输入有误":    "Invalid input",
		"暂不可用":    "Unavailable",
		"出错了":     "Something went wrong",
		"返回待办":    "Back to the to-do list",
		"跨站请求被拒绝": "Cross-origin request rejected",
	} {
		english[zh] = en
	}
}
