"""The township window console — 乡镇服务窗口."""
