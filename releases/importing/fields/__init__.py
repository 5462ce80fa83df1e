"""The small facts inside a release's lines: dates and times, datelines, contact details,
names and the language. Each module reads strings and returns plain values."""
