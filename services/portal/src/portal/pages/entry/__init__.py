"""入市 pages: the natural resources bureau's and the collective's queues, the public
disclosure (DOMAIN E4, E9, E16)."""
