"""mynacheck: check My Number linkages against the resident register."""
