# The site's one date style in English, as a release's dateline writes it: June 29, 2018.
# Used through advocacy.dates (the `day` and `moment` template filters).
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, P"
