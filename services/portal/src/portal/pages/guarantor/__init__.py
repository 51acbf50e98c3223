"""The guarantee company console — 担保公司工作台 (issue 19)."""
