"""Long operations — 后台任务 (issue 19): the bulk import and the G9 report as jobs."""
