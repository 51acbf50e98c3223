"""pilot area: the reform pilot's scope per collective (Z13)."""
