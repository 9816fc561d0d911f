"""newslint: a rule-based linter and normaliser for news wire copy in Reuters style."""

__version__ = "0.1.0"
