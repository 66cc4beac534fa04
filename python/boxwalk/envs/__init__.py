"""Gymnasium environments backed by the C++ engine."""
