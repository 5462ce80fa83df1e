# The site's one date style in Spanish: 29 de junio de 2018 (see advocacy.dates).
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
