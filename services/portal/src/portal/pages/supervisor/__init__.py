"""The supervisor's console — 监督委员会工作台."""
