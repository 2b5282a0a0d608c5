"""The rule engine: load YAML rules, compile them, check documents."""
