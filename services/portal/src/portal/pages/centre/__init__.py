"""The exchange centre console — 交易中心工作台."""
