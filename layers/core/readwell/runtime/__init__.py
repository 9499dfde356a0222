"""How a function lives in Lambda: its init phase, and the Powertools logger, tracer and metrics it reports with."""
