"""relance: run a State-funded training-subsidy convention end to end."""
