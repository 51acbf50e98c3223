"""The consoles' home — 工作台: every console of the person's role with its queues."""
