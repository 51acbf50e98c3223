"""The county finance console — 县财政工作台."""
