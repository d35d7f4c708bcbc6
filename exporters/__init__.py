"""Excel and PDF writers built from the definitions in `forms/`. Never imports Flask or `intake`."""
