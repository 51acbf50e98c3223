"""The sealed archive — 项目档案 (L19): a listing's whole file, sealed when it has ended."""
