"""Adopting the repository for another commune: the sample's content and its traces."""
