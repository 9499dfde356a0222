"""HTTP glue every feature uses: the request guard, rendering, responses, headers, cookies, forms, static assets."""
