"""Guarantee — 劝耕贷担保."""
