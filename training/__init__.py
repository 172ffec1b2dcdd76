"""Training: dataset loaders and generators, features, fitting, evaluation, reports."""
