"""The command line that ties training, export and serving together."""
