"""The bank console — 银行工作台."""
