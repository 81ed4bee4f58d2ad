"""The rules of keraslint: one module per rule, each a Rule subclass documented by its docstring."""
