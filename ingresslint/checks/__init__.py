"""Rule checks, one module per subject. Each check is a pure function that yields Hits."""
