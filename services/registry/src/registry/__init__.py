"""Registry — 抵押登记."""
