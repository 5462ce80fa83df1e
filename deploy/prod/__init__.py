"""What production runs, run on this machine: `make prod-up`, `bin/prod` (see __main__)."""
