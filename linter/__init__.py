"""keraslint: finds the silent bugs in Keras training code."""

__version__ = "0.1.0"
