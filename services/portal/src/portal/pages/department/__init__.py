"""The county department console — 县级主管部门."""
