"""Performance targets (绩效目标) as printed in budget disclosures, parsed into typed values."""
