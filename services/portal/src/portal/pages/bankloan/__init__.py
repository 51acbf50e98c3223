"""The bank's Quangengdai pages — 银行劝耕贷."""
