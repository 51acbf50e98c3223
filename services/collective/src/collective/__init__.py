"""Collective — 集体土地."""
