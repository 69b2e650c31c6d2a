// Placeholder until the models module lands; replaced by its real sources.
