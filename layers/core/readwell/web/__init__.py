"""HTTP glue: rendering, responses, headers, static assets and error pages."""
