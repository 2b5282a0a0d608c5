"""Language processing: the spaCy pipeline and our components (imported lazily)."""
