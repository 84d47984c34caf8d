"""The peers our benchmarks are measured against in the same run (PouchDB through Node.js)."""
