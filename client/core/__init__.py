"""Everything a PC needs to work with office data, without a screen and without Qt."""
