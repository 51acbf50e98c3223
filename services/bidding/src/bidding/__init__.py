"""Bidding — 交易."""
