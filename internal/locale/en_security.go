package locale

// securityEnglish is the English of the backup, trail and login-hardening
// pages (issue 17), kept apart from the main catalogue.
var securityEnglish = map[string]string{
	"系统状态": "System",
	"备份":   "Backups",
	"未设置定时备份（jixiao serve --backup-dir）。请用 jixiao backup 命令备份。": "No scheduled backup (jixiao serve --backup-dir). Back up with the jixiao backup command.",
	"尚无备份。":    "No backup yet.",
	"最近一次备份":   "Last backup",
	"文件":       "File",
	"大小":       "Size",
	"最近一次备份失败": "The last backup failed",
}

func init() {
	for zh, en := range securityEnglish {
		if _, ok := english[zh]; !ok {
			english[zh] = en
		}
	}
}
