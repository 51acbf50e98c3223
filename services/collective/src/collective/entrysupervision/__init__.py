"""入市后监管 — permits (E7) and tripartite supervision (E10) of entered land."""
