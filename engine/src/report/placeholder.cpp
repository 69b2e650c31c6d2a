// Placeholder until the report module lands; replaced by its real sources.
