"""One module per use case: the serving contract shared by training and serving."""
