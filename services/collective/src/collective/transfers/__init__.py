"""transfers area: transfer, gift and swap of homesteads inside the collective (Z5)."""
