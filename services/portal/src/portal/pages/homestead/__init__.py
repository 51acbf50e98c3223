"""The homestead consoles — 宅基地管理工作台 (issue 21)."""
