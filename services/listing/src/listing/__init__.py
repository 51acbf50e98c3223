"""Listing — 挂牌."""
