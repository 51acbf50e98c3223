"""The public verification page of printed documents — 文书核验 (issue 20)."""
