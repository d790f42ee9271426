"""LKjIP Bab III: the analyses of the annual accountability report (tables a-h)."""
