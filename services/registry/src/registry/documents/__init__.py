"""Documents — 文书: the printable, verifiable documents the registry issues
(抵押登记证明, 查询证明)."""
