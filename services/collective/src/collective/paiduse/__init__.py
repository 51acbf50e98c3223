"""paiduse area: paid use of homesteads with yearly bills (Z9)."""
