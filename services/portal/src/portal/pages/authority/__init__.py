"""The registration authority console — 登记机构工作台."""
