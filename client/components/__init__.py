"""Built-in parts that load through the plugin door (client/api), exactly as a third party's plugin does."""
