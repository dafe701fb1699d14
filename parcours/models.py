"""Individual pathways (RSA, APA, PCH, jeunes). Models arrive with the pathways work."""
